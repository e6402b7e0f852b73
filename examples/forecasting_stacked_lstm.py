"""Forecast the next value of a series from a window of past values (numpy data into fit)."""
import numpy as np
from keras import Sequential, Input
from keras.layers import LSTM, Dense

WINDOW = 30
series = np.random.rand(2000)
X = np.zeros((1970, WINDOW))
y = np.zeros((1970,))
X = X.reshape((X.shape[0], X.shape[1], 1))  # (samples, timesteps, features)

model = Sequential([
    Input(shape=(WINDOW, 1)),
    LSTM(50, return_sequences=True),
    LSTM(50, return_sequences=True),
    LSTM(50),
    Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=5, batch_size=64)
