import os
import tempfile
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

def make_image_folder(classes, size=(30, 30), per_class=4):
    root = tempfile.mkdtemp()
    for label in classes:
        os.makedirs(os.path.join(root, label))
        for i in range(per_class):
            pixels = np.random.randint(0, 256, size + (3,), dtype=np.uint8)
            tf.io.write_file(os.path.join(root, label, f"{i}.png"), tf.io.encode_png(pixels))
    return root

root = make_image_folder(["edible", "poisonous"], size=(64, 64), per_class=2)
train_ds = tf.keras.utils.image_dataset_from_directory(root, batch_size=2, label_mode="binary")

model = models.Sequential([
    layers.Input(shape=(64, 64, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(4, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=1, verbose=0)
