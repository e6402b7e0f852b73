"""Two stacked LSTMs: the first hands its whole sequence to the second."""
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, input_shape=(10, 3), return_sequences=True),
    keras.layers.LSTM(32, return_sequences=False),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")

batch = tf.random.normal((32, 10, 3))
prediction = model.predict(batch)
print(prediction.shape)  # (32, 1): the Dense layer decides the output
