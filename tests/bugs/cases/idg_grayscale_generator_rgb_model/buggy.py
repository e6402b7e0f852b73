import os
import tempfile
import numpy as np
from PIL import Image
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Flatten, Dense

def make_image_folder(classes, size=(30, 30), per_class=4):
    root = tempfile.mkdtemp()
    for label in classes:
        os.makedirs(os.path.join(root, label))
        for i in range(per_class):
            pixels = np.random.randint(0, 256, size + (3,), dtype=np.uint8)
            Image.fromarray(pixels).save(os.path.join(root, label, f"{i}.png"))
    return root

root = make_image_folder(["circle", "square", "triangle"], size=(28, 28))
gen = ImageDataGenerator(rescale=1.0 / 255).flow_from_directory(
    root, target_size=(28, 28), color_mode="grayscale", batch_size=4)

model = Sequential()
model.add(Conv2D(8, (3, 3), activation="relu", input_shape=(28, 28, 3)))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dense(3, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(gen, epochs=1, verbose=0)
