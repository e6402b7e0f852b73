"""A regression network tuned with the Keras 2 optimizer keyword lr=."""
import numpy as np
import keras
from keras import layers

X = np.random.rand(500, 8)
y = np.random.rand(500, 1)

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.RMSprop(lr=0.001), loss="mse", metrics=["mae"])
model.fit(X, y, epochs=10, batch_size=32, validation_split=0.2)
