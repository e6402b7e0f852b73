from keras.models import Sequential
from keras.layers import LSTM, RepeatVector, TimeDistributed, Dense, Input

model = Sequential()
model.add(Input(shape=(9, 1)))
model.add(LSTM(100, return_sequences=True))
model.add(RepeatVector(9))
model.add(LSTM(100, return_sequences=True))
model.add(TimeDistributed(Dense(1)))
