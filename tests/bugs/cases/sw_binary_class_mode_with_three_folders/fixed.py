import os
import tempfile
import numpy as np
from PIL import Image
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras import layers, models

root = tempfile.mkdtemp()
for label in ["dog", "cat", "donkey"]:
    os.makedirs(os.path.join(root, label))
    for i in range(3):
        Image.fromarray(np.random.randint(0, 256, (24, 24, 3), dtype=np.uint8)).save(
            os.path.join(root, label, f"{i}.png"))

train_image_gen = ImageDataGenerator(rescale=1 / 255).flow_from_directory(
    root, target_size=(24, 24), batch_size=3, class_mode="categorical")

model = models.Sequential([
    layers.Input(shape=(24, 24, 3)),
    layers.Conv2D(4, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train_image_gen, epochs=1, verbose=0)
