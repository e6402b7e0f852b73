from keras.models import Sequential
from keras.layers import LSTM, Dense, Input

n_layers = 3
units = [64, 32, 16]

model = Sequential()
model.add(Input(shape=(25, 8)))
for i in range(n_layers):
    model.add(LSTM(units[i], return_sequences=i < n_layers - 1))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
