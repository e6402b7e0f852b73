import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

raw = np.random.rand(120, 30)
X = raw.reshape((raw.shape[0], raw.shape[1], 1))
y = np.random.rand(120)

model = keras.Sequential([
    layers.LSTM(20, input_shape=X.shape[1:]),
    layers.Dense(1),
])
model.compile(loss="mse", optimizer="adam")
model.fit(X, y, epochs=2, batch_size=16)
