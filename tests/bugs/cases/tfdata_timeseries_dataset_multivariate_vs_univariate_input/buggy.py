import numpy as np
import keras
from keras import layers

weather = np.random.rand(200, 3).astype("float32")
temperature_next = weather[12:, 0]

train = keras.utils.timeseries_dataset_from_array(
    weather[:-12], temperature_next, sequence_length=12, batch_size=32)

model = keras.Sequential([
    keras.Input(shape=(12, 1)),
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(train, epochs=1, verbose=0)
