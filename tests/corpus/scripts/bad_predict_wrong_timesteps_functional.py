import numpy as np
import keras
from keras import layers

inp = keras.Input(shape=(24, 3))
out = layers.Dense(1)(layers.GRU(8)(inp))
model = keras.Model(inp, out)
new_data = np.random.rand(5, 48, 3)
prediction = model.predict(new_data)
