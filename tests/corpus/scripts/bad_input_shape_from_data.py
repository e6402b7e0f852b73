import numpy as np
import keras
from keras import layers

X_train = np.random.rand(100, 20, 5)
y_train = np.random.rand(100, 1)

model = keras.Sequential([
    layers.LSTM(32, input_shape=X_train.shape),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X_train, y_train, epochs=1)
