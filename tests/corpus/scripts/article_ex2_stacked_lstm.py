import numpy as np
import keras
from keras import layers

timesteps, features = 10, 3
X = np.random.rand(32, timesteps, features)

model = keras.Sequential()
model.add(keras.Input(shape=(timesteps, features)))
model.add(layers.LSTM(64, return_sequences=True))
model.add(layers.LSTM(32))
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
print(model.predict(X).shape)
