import numpy as np
from keras.models import Sequential as Seq
from keras.layers import LSTM as L, Dense as D, Input as I

steps = 7
model = Seq([I((steps, 1)), L(12, return_sequences=True), L(6), D(1)])
model.compile("adam", "mse")
model.fit(np.random.rand(10, steps, 1), np.random.rand(10, 1))
