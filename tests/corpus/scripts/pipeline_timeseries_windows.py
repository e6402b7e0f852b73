"""Forecast the next temperature from the last 24 hours of two sensors: sliding windows made
with tf.data (window / flat_map / map), shuffled and batched, into a stacked LSTM."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

WINDOW = 24
FEATURES = 2
BATCH_SIZE = 16

hours = np.arange(240, dtype="float32")
temperature = np.sin(hours * 2 * np.pi / 24)
humidity = np.cos(hours * 2 * np.pi / 24)
data = np.stack([temperature, humidity], axis=-1).astype("float32")


def windowed(series, window, batch_size, shuffle=True):
    ds = tf.data.Dataset.from_tensor_slices(series)
    ds = ds.window(window + 1, shift=1, drop_remainder=True)
    ds = ds.flat_map(lambda w: w.batch(window + 1))
    ds = ds.map(lambda w: (w[:-1], w[-1, :1]))
    if shuffle:
        ds = ds.shuffle(200, seed=0)
    return ds.batch(batch_size).prefetch(1)


train_ds = windowed(data[:180], WINDOW, BATCH_SIZE)
val_ds = windowed(data[180:], WINDOW, BATCH_SIZE, shuffle=False)

inputs = keras.Input(shape=(WINDOW, FEATURES))
x = layers.LSTM(32, return_sequences=True)(inputs)
x = layers.LSTM(16)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(train_ds, validation_data=val_ds, epochs=2)
forecast = model.predict(val_ds)
