"""House prices with a Keras 2 loss name."""
import numpy as np
import keras
from keras import layers

X = np.random.rand(400, 13)
prices = np.random.rand(400, 1) * 50

model = keras.Sequential([
    keras.Input(shape=(13,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="logcosh", metrics=["mae"])
model.fit(X, prices, epochs=20, batch_size=16, validation_split=0.2)
