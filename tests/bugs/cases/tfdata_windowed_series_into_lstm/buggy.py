import numpy as np
import tensorflow as tf

def windowed_dataset(series, window_size, batch_size, shuffle_buffer):
    dataset = tf.data.Dataset.from_tensor_slices(series)
    dataset = dataset.window(window_size + 1, shift=1, drop_remainder=True)
    dataset = dataset.flat_map(lambda window: window.batch(window_size + 1))
    dataset = dataset.shuffle(shuffle_buffer).map(lambda window: (window[:-1], window[-1]))
    dataset = dataset.batch(batch_size).prefetch(1)
    return dataset

series = np.sin(np.arange(200) * 0.1).astype("float32")
train_set = windowed_dataset(series, window_size=10, batch_size=16, shuffle_buffer=100)

model = tf.keras.models.Sequential([
    tf.keras.layers.LSTM(16),
    tf.keras.layers.Dense(1),
])
model.compile(loss="huber", optimizer="adam")
model.fit(train_set, epochs=1, verbose=0)
