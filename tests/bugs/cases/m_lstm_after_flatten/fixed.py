import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras import Input
from tensorflow.keras.layers import Dense, LSTM, Embedding, Flatten

maxsize = 8
nums = np.array([2, 3, 4, 6, 7, 8, 9, 10, 11, 12])
targets = np.random.rand(10, maxsize)

mymodel = Sequential()
mymodel.add(Input(shape=(1,)))
mymodel.add(Embedding(200, 32))
mymodel.add(LSTM(16))
mymodel.add(Dense(maxsize))
mymodel.compile(optimizer="adam", loss="mse")
mymodel.fit(nums, targets, epochs=1, verbose=0)
