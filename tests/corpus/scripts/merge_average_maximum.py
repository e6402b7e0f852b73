import keras
from keras import layers

inp = keras.Input(shape=(40, 8))
a = layers.LSTM(16)(inp)
b = layers.GRU(16)(inp)
c = layers.SimpleRNN(16)(inp)
avg = layers.Average()([a, b, c])
mx = layers.Maximum()([a, b, c])
mn = layers.Minimum()([a, b])
model = keras.Model(inp, layers.Dense(2)(layers.concatenate([avg, mx, mn])))
