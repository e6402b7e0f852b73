"""An LSTM that also returns its states, built with the functional API.

This version is broken on purpose: each keras.Input(...) call makes a new input, so the
LSTM is fed by an input the model does not know about. shapelens flags the keras.Model line
and offers a fix that creates the Input once and reuses it.
"""
import tensorflow as tf
from tensorflow import keras

model = keras.Model(inputs=keras.Input(shape=(10, 3)), outputs=keras.layers.LSTM(64, return_sequences=False, return_state=True)(keras.Input(shape=(10, 3))))

batch = tf.random.normal((32, 10, 3))
outputs = model.predict(batch)
print(len(outputs))  # output, state_h, state_c
