import numpy as np
import keras
from keras import layers

time_steps, input_dim, units = 11, 17, 8
inputs = keras.Input((time_steps, input_dim))
rnn = layers.GRU(units, return_state=True)
outputs = rnn(inputs)
encoder = keras.Model(inputs, outputs)

data = np.random.rand(5, time_steps, input_dim)
features = np.array(encoder.predict(data, verbose=0))
