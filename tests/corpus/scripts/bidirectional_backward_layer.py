import keras
from keras.layers import Bidirectional, LSTM, Dense, Input

forward = LSTM(10, return_sequences=True)
backward = LSTM(10, return_sequences=True, go_backwards=True)
model = keras.Sequential([
    Input(shape=(5, 10)),
    Bidirectional(forward, backward_layer=backward),
    Bidirectional(LSTM(4), merge_mode="ave"),
    Dense(5, activation="softmax"),
])
