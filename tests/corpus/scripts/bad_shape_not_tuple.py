import keras
from keras import layers

MAX_LEN = 40
inputs = keras.Input(shape=(MAX_LEN))
x = layers.Embedding(1000, 16)(inputs)
x = layers.LSTM(8)(x)
model = keras.Model(inputs, x)
