"""Sentiment of short reviews: a tf.data pipeline of (text, label) pairs, a TextVectorization
layer adapted on the texts and mapped over the dataset, then an Embedding classifier."""
import tensorflow as tf
import keras
from keras import layers

MAX_TOKENS = 200
SEQUENCE_LENGTH = 12
TEXTS = [
    "a wonderful film with a moving story",
    "dull and far too long",
    "the actors are brilliant",
    "i want my two hours back",
    "beautifully shot and well acted",
    "a mess from start to finish",
    "funny warm and clever",
    "boring plot and flat characters",
]
LABELS = [1, 0, 1, 0, 1, 0, 1, 0]

raw_ds = tf.data.Dataset.from_tensor_slices((TEXTS, LABELS)).shuffle(8, seed=1).batch(4)

vectorize = layers.TextVectorization(
    max_tokens=MAX_TOKENS, output_mode="int", output_sequence_length=SEQUENCE_LENGTH
)
vectorize.adapt(TEXTS)


def vectorize_text(text, label):
    return vectorize(text), label


train_ds = raw_ds.map(vectorize_text).cache().prefetch(tf.data.AUTOTUNE)

inputs = keras.Input(shape=(SEQUENCE_LENGTH,), dtype="int64")
x = layers.Embedding(MAX_TOKENS, 16)(inputs)
x = layers.Dropout(0.2)(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=2)
