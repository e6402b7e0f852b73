import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(20, 3))
x = layers.LSTM(16)(inputs)
model = keras.Model(inputs, layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
X = np.random.rand(50, 20, 5)
y = np.random.rand(50, 1)
model.fit(X, y, epochs=1)
