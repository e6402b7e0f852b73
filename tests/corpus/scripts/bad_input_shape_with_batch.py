import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

X = np.random.rand(32, 10, 3)
model = Sequential()
model.add(LSTM(64, input_shape=(32, 10, 3)))
model.add(Dense(1))
