# The article's Example 3 as printed: two keras.Input calls make two unrelated inputs.
import keras
from keras import layers

output, state_h, state_c = layers.LSTM(64, return_state=True)(keras.Input(shape=(10, 3)))
model = keras.Model(inputs=keras.Input(shape=(10, 3)), outputs=[output, state_h, state_c])
model.summary()
