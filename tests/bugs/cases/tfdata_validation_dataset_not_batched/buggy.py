import numpy as np
import tensorflow as tf

x = np.random.rand(60, 5).astype("float32")
y = np.random.rand(60, 1).astype("float32")

train_ds = tf.data.Dataset.from_tensor_slices((x[:48], y[:48])).batch(12)
val_ds = tf.data.Dataset.from_tensor_slices((x[48:], y[48:]))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(5,)),
    tf.keras.layers.Dense(8, activation="relu"),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(train_ds, validation_data=val_ds, epochs=1, verbose=0)
