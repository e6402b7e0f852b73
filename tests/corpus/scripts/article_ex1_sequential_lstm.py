# A single LSTM that reads 10 time steps of 3 features and predicts one value.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

X = np.random.rand(32, 10, 3)

model = keras.Sequential([
    layers.LSTM(64, input_shape=(10, 3)),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.summary()
y_hat = model.predict(X)
print(y_hat.shape)
