import numpy as np
import keras
from keras import layers

data_list = [np.random.rand(12, 12, 1).astype("float32") for _ in range(10)]
y = [np.random.rand(5).astype("float32") for _ in range(10)]

inputs = keras.Input(shape=(12, 12, 1))
x = layers.Conv2D(4, 3, activation="relu")(inputs)
x = layers.Flatten()(x)
outputs = layers.Dense(5)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(data_list, y, epochs=1, verbose=0)
