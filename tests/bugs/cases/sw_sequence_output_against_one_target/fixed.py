import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

X = np.random.rand(24, 15, 2)
Y = np.random.rand(24, 1)

model = Sequential()
model.add(LSTM(16, input_shape=(15, 2), return_sequences=True))
model.add(LSTM(16, return_sequences=False))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
model.fit(X, Y, epochs=1, verbose=0)
