"""Classify flower photos from a folder tree (one sub-folder per class) with
keras.utils.image_dataset_from_directory: a training and a validation split, tf.data caching and
prefetching, augmentation and rescaling inside the model.  The photos are made here (random
pixels written as PNG files into a temporary folder) so that the script runs anywhere."""
import os
import tempfile

import numpy as np
import tensorflow as tf
import keras
from keras import layers

IMAGE_SIZE = (64, 64)
BATCH_SIZE = 8
CLASSES = ["daisy", "rose", "tulip"]

root = tempfile.mkdtemp()
rng = np.random.default_rng(0)
for name in CLASSES:
    os.makedirs(os.path.join(root, name))
    for k in range(4):
        pixels = rng.integers(0, 255, size=(48, 40, 3), dtype=np.uint8)
        tf.io.write_file(os.path.join(root, name, f"{k}.png"), tf.io.encode_png(pixels))

train_ds, val_ds = keras.utils.image_dataset_from_directory(
    root,
    validation_split=0.25,
    subset="both",
    seed=7,
    image_size=IMAGE_SIZE,
    batch_size=BATCH_SIZE,
)
train_ds = train_ds.cache().shuffle(32).prefetch(tf.data.AUTOTUNE)
val_ds = val_ds.cache().prefetch(tf.data.AUTOTUNE)

inputs = keras.Input(shape=IMAGE_SIZE + (3,))
x = layers.RandomFlip("horizontal")(inputs)
x = layers.Rescaling(1.0 / 255)(x)
x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(32, 3, padding="same", activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(len(CLASSES), activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=2)
