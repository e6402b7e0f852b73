"""News topic classifier: labels one-hot encoded, but the loss is the sparse one."""
import numpy as np
import keras
from keras import layers

VOCAB, MAXLEN, TOPICS = 5000, 80, 4
sequences = np.random.randint(1, VOCAB, size=(320, MAXLEN))
topics = np.random.randint(0, TOPICS, size=(320,))
targets = keras.utils.to_categorical(topics, num_classes=TOPICS)

model = keras.Sequential([
    keras.Input(shape=(MAXLEN,)),
    layers.Embedding(VOCAB, 64),
    layers.Bidirectional(layers.LSTM(32)),
    layers.Dense(TOPICS, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(sequences, targets, epochs=3, batch_size=32, validation_split=0.1)
