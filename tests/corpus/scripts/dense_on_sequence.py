# Dense applied to a 3-D tensor acts on the last axis: one prediction per time step.
import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.Input(shape=(48, 6)),
    keras.layers.LSTM(32, return_sequences=True),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((12, 48, 6)), np.zeros((12, 48, 1)), epochs=1, verbose=0)
