import numpy as np
import keras
from keras import layers

LOOKBACK = 30
HORIZON = 5
raw = np.random.rand(200, 4)


def make_windows(data, lookback, horizon):
    xs, ys = [], []
    for start in range(0, 40):
        xs.append(data[start:start + lookback])
        ys.append(data[start + lookback:start + lookback + horizon, 0])
    return np.array(xs), np.array(ys)


X, y = make_windows(raw, LOOKBACK, HORIZON)
model = keras.Sequential([
    keras.Input(shape=(LOOKBACK, 4)),
    layers.LSTM(64, return_sequences=True),
    layers.LSTM(32),
    layers.Dense(HORIZON),
])
model.compile(loss="mse", optimizer="adam")
model.fit(X, y, epochs=3, batch_size=8, verbose=0)
score = model.evaluate(X, y, verbose=0)
forecast = model.predict(X[-1:])
