import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

timesteps, data_dim = 8, 16
model = Sequential()
model.add(LSTM(32, input_shape=(timesteps, data_dim)))
model.add(LSTM(32))
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="rmsprop")

x = np.random.random((20, timesteps, data_dim))
y = np.eye(10)[np.random.randint(0, 10, 20)]
model.fit(x, y, epochs=1, verbose=0)
