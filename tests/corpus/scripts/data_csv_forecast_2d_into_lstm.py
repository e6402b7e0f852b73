# The same forecasting program before the windows were made: the scaled table, 2-D, goes
# straight into the LSTM, which wants (samples, timesteps, features).
import os
import tempfile

import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler
import keras
from keras import layers

folder = tempfile.mkdtemp()
path = os.path.join(folder, "prices.csv")
steps = np.arange(200)
pd.DataFrame({
    "Open": np.sin(steps / 20),
    "High": np.sin(steps / 20) + 0.05,
    "Close": np.sin(steps / 20 + 0.1),
}).to_csv(path, index=False)

df = pd.read_csv(path)
features = df[["Open", "High"]].values
target = df["Close"].values.reshape(-1, 1)
features = MinMaxScaler().fit_transform(features)

model = keras.Sequential([
    keras.Input(shape=(30, 2)),
    layers.LSTM(32),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(features, target, epochs=2, verbose=0)
