"""Topic classification of short notes stored one file per note in a folder per topic
(text_dataset_from_directory), vectorized by a TextVectorization layer adapted on the texts alone
and mapped over the (text, label) batches, into a 1-D convolutional classifier.  The notes are
written into a temporary folder so that the script runs anywhere."""
import os
import tempfile

import tensorflow as tf
import keras
from keras import layers

TOPICS = {
    "sport": ["the match ended in a draw", "a late goal won the cup", "the runner broke the record"],
    "weather": ["heavy rain expected tomorrow", "a sunny and warm weekend", "snow closed the mountain roads"],
    "music": ["the band released a new album", "a quiet piano concert", "the singer cancelled the tour"],
}
VOCABULARY = 500
LENGTH = 16

root = tempfile.mkdtemp()
for topic, notes in TOPICS.items():
    os.makedirs(os.path.join(root, topic))
    for k, note in enumerate(notes):
        with open(os.path.join(root, topic, f"{k}.txt"), "w") as f:
            f.write(note)

raw_train = keras.utils.text_dataset_from_directory(root, batch_size=4, label_mode="int", seed=3)

vectorizer = layers.TextVectorization(max_tokens=VOCABULARY, output_mode="int", output_sequence_length=LENGTH)
vectorizer.adapt(raw_train.map(lambda text, label: text))


def to_tokens(text, label):
    return vectorizer(text), label


train_ds = raw_train.map(to_tokens).cache().prefetch(tf.data.AUTOTUNE)

inputs = keras.Input(shape=(LENGTH,), dtype="int64")
x = layers.Embedding(VOCABULARY, 32)(inputs)
x = layers.Conv1D(32, 3, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(len(TOPICS), activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=2)
