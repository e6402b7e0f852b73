"""X-ray classifier fed by ImageDataGenerator.flow_from_directory: the generator resizes the
scans to 100x100, but the Sequential model was written for 128x128.  A Sequential does not check
its input, so the convolutions run on the smaller scans; the Dense after Flatten, sized for the
128x128 feature map, raises on the first batch.  The scans are written into a temporary folder."""
import os
import tempfile

import numpy as np
from PIL import Image
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator

root = tempfile.mkdtemp()
for label in ["normal", "pneumonia"]:
    os.makedirs(os.path.join(root, label))
    for k in range(3):
        scan = np.random.randint(0, 256, size=(140, 120), dtype=np.uint8)
        Image.fromarray(scan).save(os.path.join(root, label, f"scan_{k}.png"))

augment = ImageDataGenerator(rescale=1.0 / 255, zoom_range=0.1, horizontal_flip=True)
train_batches = augment.flow_from_directory(
    root,
    target_size=(100, 100),
    color_mode="grayscale",
    class_mode="binary",
    batch_size=4,
)

model = keras.Sequential([
    keras.Input(shape=(128, 128, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_batches, epochs=2)
