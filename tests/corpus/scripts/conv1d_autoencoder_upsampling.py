import numpy as np
import keras
from keras import layers

signal_len = 64
inp = keras.Input(shape=(signal_len, 1))
x = layers.Conv1D(16, 3, activation="relu", padding="same")(inp)
x = layers.MaxPooling1D(2, padding="same")(x)
x = layers.Conv1D(8, 3, activation="relu", padding="same")(x)
encoded = layers.MaxPooling1D(2, padding="same")(x)
x = layers.Conv1D(8, 3, activation="relu", padding="same")(encoded)
x = layers.UpSampling1D(2)(x)
x = layers.Conv1D(16, 3, activation="relu", padding="same")(x)
x = layers.UpSampling1D(2)(x)
decoded = layers.Conv1D(1, 3, activation="sigmoid", padding="same")(x)
autoencoder = keras.Model(inp, decoded)
encoder = keras.Model(inp, encoded)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
data = np.random.rand(16, signal_len, 1)
autoencoder.fit(data, data, epochs=1, batch_size=8)
