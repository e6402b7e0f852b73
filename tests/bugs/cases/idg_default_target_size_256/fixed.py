import os
import tempfile
import numpy as np
from PIL import Image
import keras
from keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator

def make_image_folder(classes, size=(30, 30), per_class=4):
    root = tempfile.mkdtemp()
    for label in classes:
        os.makedirs(os.path.join(root, label))
        for i in range(per_class):
            pixels = np.random.randint(0, 256, size + (3,), dtype=np.uint8)
            Image.fromarray(pixels).save(os.path.join(root, label, f"{i}.png"))
    return root

folder = make_image_folder(["dog", "cat"], size=(48, 48), per_class=2)
image_gen = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True)
train_image_gen = image_gen.flow_from_directory(folder, target_size=(48, 48), batch_size=2, class_mode="binary")

model = keras.Sequential([
    keras.Input(shape=(48, 48, 3)),
    layers.Conv2D(4, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train_image_gen, epochs=1, verbose=0)
