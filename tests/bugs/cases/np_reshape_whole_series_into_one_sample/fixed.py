import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense, Input

frames = np.random.rand(30, 8).astype("float32")
scores = np.random.rand(30, 1).astype("float32")

x_lstm = frames.reshape(30, 1, 8)

model = Sequential()
model.add(Input(shape=(1, 8)))
model.add(LSTM(12))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(x_lstm, scores, epochs=1, verbose=0)
