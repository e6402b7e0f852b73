import numpy as np
import tensorflow as tf

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu", input_shape=(7, 9, 1)))
model.add(tf.keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu"))
model.add(tf.keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu"))
model.add(tf.keras.layers.Conv2D(2, kernel_size=(3, 3), activation="relu"))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(6, 7, 9, 1), np.random.rand(6, 1), epochs=1, verbose=0)
