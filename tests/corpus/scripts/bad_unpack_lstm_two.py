import keras
from keras import layers

inputs = keras.Input(shape=(10, 3))
output, state = layers.LSTM(64, return_state=True)(inputs)
model = keras.Model(inputs, output)
