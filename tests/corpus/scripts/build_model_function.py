import numpy as np
import keras
from keras import layers


def build_model(timesteps=20, features=4, units=32, dropout=0.1):
    model = keras.Sequential(name="forecaster")
    model.add(keras.Input(shape=(timesteps, features)))
    model.add(layers.LSTM(units, dropout=dropout, return_sequences=True))
    model.add(layers.LSTM(units // 2))
    model.add(layers.Dense(1))
    model.compile(optimizer="adam", loss="mse")
    return model


model = build_model()
X = np.random.random((16, 20, 4))
y = np.random.random((16, 1))
history = model.fit(X, y, epochs=2, verbose=0)
