import keras
from keras import layers

inp = keras.Input(shape=(100,))
x = layers.Dense(60)(inp)
x = layers.Reshape((10, 5))(x)
model = keras.Model(inp, layers.LSTM(4)(x))
