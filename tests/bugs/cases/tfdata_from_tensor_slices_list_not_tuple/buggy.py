import numpy as np
import tensorflow as tf

features = np.random.rand(40, 3).astype("float32")
labels = np.random.randint(0, 2, 40).astype("float32")

dataset = tf.data.Dataset.from_tensor_slices([features, labels]).batch(8)

model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="sgd", loss="binary_crossentropy")
model.fit(dataset, epochs=1, verbose=0)
