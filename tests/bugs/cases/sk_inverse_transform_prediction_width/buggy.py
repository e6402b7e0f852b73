import numpy as np
from sklearn.preprocessing import MinMaxScaler
from keras.models import Sequential
from keras.layers import LSTM, Dense

dataset = np.random.rand(70, 3) * 50
scaler = MinMaxScaler(feature_range=(0, 1))
dataset = scaler.fit_transform(dataset)

look_back = 3
X = np.array([dataset[i:i + look_back, :] for i in range(len(dataset) - look_back)])
Y = dataset[look_back:, 2]

model = Sequential()
model.add(LSTM(4, input_shape=(look_back, 3)))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(X, Y, epochs=1, batch_size=8, verbose=0)

trainPredict = model.predict(X, verbose=0)
trainPredict = scaler.inverse_transform(trainPredict)
