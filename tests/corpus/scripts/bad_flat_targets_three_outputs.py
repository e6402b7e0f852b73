"""Predicts three sensor readings from a window, but the targets kept one column."""
import numpy as np
import keras
from keras import layers

window, n_sensors = 24, 3
series = np.random.rand(1000, n_sensors)
X = np.stack([series[i:i + window] for i in range(900)])
y = series[window:window + 900, 0]

model = keras.Sequential([
    keras.Input(shape=(window, n_sensors)),
    layers.GRU(32),
    layers.Dense(n_sensors),
])
model.compile(optimizer="adam", loss="mae")
model.fit(X, y, epochs=5, batch_size=64)
