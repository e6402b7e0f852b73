# The article's return_state example, with one Input shared by the layer and the model.
import keras
from keras import layers

inputs = keras.Input(shape=(10, 3))
output, state_h, state_c = layers.LSTM(64, return_state=True)(inputs)
model = keras.Model(inputs=inputs, outputs=[output, state_h, state_c])
model.summary()
