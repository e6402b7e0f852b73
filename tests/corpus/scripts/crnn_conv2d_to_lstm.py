"""Spectrogram classifier: Conv2D features, then the time axis goes to an LSTM."""
import keras
from keras import layers

spec = keras.Input(shape=(64, 32, 1))  # (time, frequency, channel)
x = layers.Conv2D(16, (3, 3), padding="same", activation="relu")(spec)
x = layers.MaxPooling2D((1, 2))(x)
x = layers.Conv2D(32, (3, 3), padding="same", activation="relu")(x)
x = layers.MaxPooling2D((1, 2))(x)
x = layers.Reshape((64, 8 * 32))(x)
x = layers.LSTM(64)(x)
out = layers.Dense(10, activation="softmax")(x)
model = keras.Model(spec, out)
