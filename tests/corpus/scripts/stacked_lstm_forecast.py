"""Forecast the next value of a noisy sine wave from a window of past values."""
import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import LSTM, Dense, Dropout

WINDOW = 24
series = np.sin(np.linspace(0, 20, 300)) + 0.1 * np.random.randn(300)
X = np.zeros((40, WINDOW, 1))
y = np.zeros((40, 1))
for i in range(40):
    X[i, :, 0] = series[i:i + WINDOW]
    y[i, 0] = series[i + WINDOW]

model = keras.Sequential()
model.add(keras.Input(shape=(WINDOW, 1)))
model.add(LSTM(50, return_sequences=True))
model.add(Dropout(0.2))
model.add(LSTM(50, return_sequences=True))
model.add(Dropout(0.2))
model.add(LSTM(25))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mean_squared_error")
model.fit(X, y, epochs=5, batch_size=8, verbose=0)
