import os
import tempfile
import numpy as np
from PIL import Image
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras import layers, models

def make_image_folder(classes, size=(30, 30), per_class=4):
    root = tempfile.mkdtemp()
    for label in classes:
        os.makedirs(os.path.join(root, label))
        for i in range(per_class):
            pixels = np.random.randint(0, 256, size + (3,), dtype=np.uint8)
            Image.fromarray(pixels).save(os.path.join(root, label, f"{i}.png"))
    return root

train_dir = make_image_folder(["benign", "malignant"])
datagen = ImageDataGenerator(rescale=1.0 / 255)
train_gen = datagen.flow_from_directory(train_dir, target_size=(24, 24), batch_size=4, class_mode="binary")

model = models.Sequential([
    layers.Input(shape=(32, 32, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_gen, epochs=1, verbose=0)
