"""image_dataset_from_directory resizes to 256x256 unless told otherwise; the model was written
for 128x128 photos, so fit raises on the first batch."""
import os
import tempfile

import numpy as np
import tensorflow as tf
import keras
from keras import layers

root = tempfile.mkdtemp()
for name in ["cats", "dogs"]:
    os.makedirs(os.path.join(root, name))
    for k in range(3):
        pixels = np.zeros((32, 32, 3), dtype=np.uint8)
        tf.io.write_file(os.path.join(root, name, f"{k}.png"), tf.io.encode_png(pixels))

train_ds = keras.utils.image_dataset_from_directory(root, batch_size=4)

inputs = keras.Input(shape=(128, 128, 3))
x = layers.Rescaling(1.0 / 255)(inputs)
x = layers.Conv2D(8, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train_ds, epochs=2)
