import keras
from keras import layers

inp = keras.Input(shape=(100, 8))
x = layers.Conv1D(32, 5, activation="relu")(inp)
x = layers.GlobalMaxPooling1D()(x)
x = layers.LSTM(16)(x)
model = keras.Model(inp, layers.Dense(1)(x))
