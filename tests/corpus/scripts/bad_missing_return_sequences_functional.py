import keras
from keras import layers

inputs = keras.Input(shape=(12, 4))
x = layers.GRU(32)(inputs)
x = layers.GRU(16)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
