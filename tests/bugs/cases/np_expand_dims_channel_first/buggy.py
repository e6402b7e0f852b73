import numpy as np
import tensorflow as tf

scans = np.random.rand(24, 20, 20).astype("float32")
labels = np.random.randint(0, 3, size=24)

scans = np.expand_dims(scans, axis=1)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(20, 20, 1)),
    tf.keras.layers.Conv2D(6, 3, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(scans, labels, epochs=1, verbose=0)
