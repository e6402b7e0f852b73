"""Sentiment classifier: embeddings, two Bidirectional LSTMs, a sigmoid output."""
import numpy as np
import keras
from keras import layers

VOCAB = 20000
MAXLEN = 200

inputs = keras.Input(shape=(MAXLEN,), dtype="int32")
x = layers.Embedding(VOCAB, 128)(inputs)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(64))(x)
x = layers.Dropout(0.5)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

x_train = np.random.randint(0, VOCAB, size=(1000, MAXLEN))
y_train = np.random.randint(0, 2, size=(1000, 1))
model.fit(x_train, y_train, batch_size=32, epochs=2)
