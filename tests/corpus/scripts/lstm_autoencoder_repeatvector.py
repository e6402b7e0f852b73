import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense, RepeatVector, TimeDistributed, Input

seq = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
n_in = len(seq)
seq = seq.reshape((1, n_in, 1))

model = Sequential()
model.add(Input(shape=(n_in, 1)))
model.add(LSTM(100, activation="relu"))
model.add(RepeatVector(n_in))
model.add(LSTM(100, activation="relu", return_sequences=True))
model.add(TimeDistributed(Dense(1)))
model.compile(optimizer="adam", loss="mse")
model.fit(seq, seq, epochs=300, verbose=0)
yhat = model.predict(seq, verbose=0)
