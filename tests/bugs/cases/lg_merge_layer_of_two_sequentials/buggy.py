import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Merge

first = Sequential()
first.add(Dense(1, input_shape=(2,), activation="sigmoid"))
second = Sequential()
second.add(Dense(1, input_shape=(1,), activation="sigmoid"))
result = Sequential()
result.add(Merge([first, second], mode="concat"))
result.add(Dense(1))
result.compile(optimizer="adam", loss="mse")
result.fit([np.random.rand(8, 2), np.random.rand(8, 1)], np.random.rand(8, 1), epochs=1, verbose=0)
