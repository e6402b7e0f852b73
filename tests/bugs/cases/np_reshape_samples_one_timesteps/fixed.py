import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

dataset = np.cumsum(np.random.rand(80)).reshape(-1, 1)
look_back = 4

def create_dataset(data, look_back):
    xs, ys = [], []
    for i in range(len(data) - look_back - 1):
        xs.append(data[i:(i + look_back), 0])
        ys.append(data[i + look_back, 0])
    return np.array(xs), np.array(ys)

trainX, trainY = create_dataset(dataset, look_back)
trainX = np.reshape(trainX, (trainX.shape[0], trainX.shape[1], 1))

model = Sequential()
model.add(LSTM(4, input_shape=(look_back, 1)))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(trainX, trainY, epochs=1, batch_size=4, verbose=0)
