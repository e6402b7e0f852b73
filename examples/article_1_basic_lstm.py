"""One LSTM that returns only its last step, then a regression head."""
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([
    keras.layers.LSTM(64, input_shape=(10, 3), return_sequences=False),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")

batch = tf.random.normal((32, 10, 3))  # 32 sequences of 10 steps with 3 features
prediction = model.predict(batch)
print(prediction.shape)
