# Forecasting a price series from a CSV: pandas reads it, a MinMaxScaler scales the table, the
# table is cut into windows of 30 steps and an LSTM predicts the next close. (The CSV is written
# first into a temporary folder so the script runs anywhere.)
import os
import tempfile

import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler
import keras
from keras import layers

folder = tempfile.mkdtemp()
path = os.path.join(folder, "prices.csv")
steps = np.arange(400)
pd.DataFrame({
    "Date": pd.date_range("2020-01-01", periods=400).astype(str),
    "Open": np.sin(steps / 20) + 0.1 * np.random.rand(400),
    "Close": np.sin(steps / 20 + 0.1) + 0.1 * np.random.rand(400),
    "Volume": np.random.randint(100, 1000, 400),
}).to_csv(path, index=False)

df = pd.read_csv(path, usecols=["Date", "Open", "Close"])
df["Date"] = pd.to_datetime(df["Date"])
df.set_index("Date", inplace=True)
df = df.dropna()

scaler = MinMaxScaler()
scaled = scaler.fit_transform(df[["Open", "Close"]])

window = 30
n_windows = len(scaled) // window
X = scaled[: n_windows * window].reshape(-1, window, 2)
y = X[:, -1, 1:]

model = keras.Sequential([
    keras.Input(shape=(window, 2)),
    layers.LSTM(32, return_sequences=True),
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=2, batch_size=8, verbose=0)

target_scaler = MinMaxScaler()
target_scaler.fit(df[["Close"]])
pred = target_scaler.inverse_transform(model.predict(X[-5:], verbose=0))
