import os
import tempfile
import numpy as np
import tensorflow as tf

def make_image_folder(classes, size=(30, 30), per_class=4):
    root = tempfile.mkdtemp()
    for label in classes:
        os.makedirs(os.path.join(root, label))
        for i in range(per_class):
            pixels = np.random.randint(0, 256, size + (3,), dtype=np.uint8)
            tf.io.write_file(os.path.join(root, label, f"{i}.png"), tf.io.encode_png(pixels))
    return root

data_dir = make_image_folder(["daisy", "rose", "tulip"])
train_ds = tf.keras.utils.image_dataset_from_directory(
    data_dir, image_size=(30, 30), batch_size=4)

model = tf.keras.Sequential([
    tf.keras.layers.Rescaling(1.0 / 255, input_shape=(30, 30, 3)),
    tf.keras.layers.Conv2D(4, 3, activation="relu"),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy(), metrics=["accuracy"])
model.fit(train_ds, epochs=1, verbose=0)
