from keras.models import Sequential
from keras.layers import Bidirectional, LSTM, Dense, Input

model = Sequential([
    Input(shape=(15, 6)),
    Bidirectional(LSTM(20, return_sequences=True), merge_mode="sum"),
    Bidirectional(LSTM(10), merge_mode="mul"),
    Dense(3, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
