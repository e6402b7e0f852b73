"""A tf.data pipeline that forgets to batch: Keras takes every element, a single sample of 16
features, as a whole batch, and the model that expects (None, 16) raises."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

features = np.random.rand(100, 16).astype("float32")
labels = np.random.randint(0, 3, size=(100,))
train_ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(100)

inputs = keras.Input(shape=(16,))
x = layers.Dense(32, activation="relu")(inputs)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(train_ds, epochs=3)
