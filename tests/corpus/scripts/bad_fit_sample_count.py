import numpy as np
from tensorflow import keras

model = keras.Sequential([
    keras.Input(shape=(10, 2)),
    keras.layers.LSTM(8),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
X = np.zeros((64, 10, 2))
y = np.zeros((60, 1))
model.fit(X, y, epochs=1)
