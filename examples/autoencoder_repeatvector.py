"""Sequence autoencoder: encode to one vector, repeat it, decode step by step."""
import keras
from keras import layers

timesteps, features = 40, 2
model = keras.Sequential([
    keras.Input(shape=(timesteps, features)),
    layers.LSTM(64),
    layers.RepeatVector(timesteps),
    layers.LSTM(64, return_sequences=True),
    layers.TimeDistributed(layers.Dense(features)),
])
model.compile(optimizer="adam", loss="mse")
