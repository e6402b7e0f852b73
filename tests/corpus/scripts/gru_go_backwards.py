import keras
from keras import layers

inp = keras.Input(shape=(35, 3))
fwd = layers.GRU(20, return_sequences=True)(inp)
bwd = layers.GRU(20, return_sequences=True, go_backwards=True)(inp)
seq = layers.Concatenate(axis=-1)([fwd, bwd])
seq = layers.LSTM(10)(seq)
model = keras.Model(inp, layers.Dense(1)(seq))
