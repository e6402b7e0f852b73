import keras
from keras import layers

inp = keras.Input(shape=(10, 3))
seq = layers.LSTM(8, return_sequences=True)(inp)
last = layers.LSTM(4)(inp)
merged = layers.Concatenate()([seq, last])
model = keras.Model(inp, merged)
