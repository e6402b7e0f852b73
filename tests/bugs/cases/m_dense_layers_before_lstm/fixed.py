import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, LSTM, Dropout

trainX = np.random.rand(30, 20, 1)
trainY = np.random.rand(30, 1)

model = Sequential()
model.add(Dense(5, input_shape=(20, 1)))
model.add(Dense(10))
model.add(LSTM(32))
model.add(Dropout(0.3))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(trainX, trainY, epochs=1, batch_size=5, verbose=0)
