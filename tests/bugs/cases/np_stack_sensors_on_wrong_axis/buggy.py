import numpy as np
import keras
from keras import layers

n, steps = 40, 12
temperature = np.random.rand(n, steps)
humidity = np.random.rand(n, steps)
wind = np.random.rand(n, steps)
rain_tomorrow = np.random.randint(0, 2, size=(n, 1))

X = np.stack([temperature, humidity, wind], axis=1)

model = keras.Sequential([
    keras.Input(shape=(steps, 3)),
    layers.LSTM(8),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, rain_tomorrow, epochs=1, batch_size=8, verbose=0)
