# Next-day demand from a CSV of daily sales: lagged copies of the series are made with shift,
# the rows the lags leave empty are dropped, the table is scaled, and every row becomes one
# time step of three lag features for an LSTM: (samples, 1, features). A scaler fitted on the
# target alone puts the predictions back in units of sales.
import os
import tempfile

import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler
import keras
from keras import layers

folder = tempfile.mkdtemp()
path = os.path.join(folder, "sales.csv")
days = np.arange(150)
pd.DataFrame({
    "day": days,
    "sales": 100 + 10 * np.sin(days / 7) + np.random.rand(150),
}).to_csv(path, index=False)

sales = pd.read_csv(path, usecols=["day", "sales"], index_col="day")
frame = pd.DataFrame({
    "lag1": sales["sales"].shift(1),
    "lag2": sales["sales"].shift(2),
    "lag7": sales["sales"].shift(7),
    "target": sales["sales"],
})
frame = frame.dropna()

scaler = MinMaxScaler()
scaled = scaler.fit_transform(frame)
X = scaled[:, :-1]
y = scaled[:, -1]
X = X.reshape((X.shape[0], 1, X.shape[1]))

model = keras.Sequential([
    keras.Input(shape=(1, 3)),
    layers.LSTM(24),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=2, batch_size=16, verbose=0)

target_scaler = MinMaxScaler().fit(frame[["target"]])
pred = model.predict(X[-10:], verbose=0)
restored = target_scaler.inverse_transform(pred)
