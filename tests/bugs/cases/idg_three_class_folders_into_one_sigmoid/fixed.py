import os
import tempfile
import numpy as np
from PIL import Image
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, Activation, MaxPooling2D, Flatten, Dense

def make_image_folder(classes, size=(30, 30), per_class=4):
    root = tempfile.mkdtemp()
    for label in classes:
        os.makedirs(os.path.join(root, label))
        for i in range(per_class):
            pixels = np.random.randint(0, 256, size + (3,), dtype=np.uint8)
            Image.fromarray(pixels).save(os.path.join(root, label, f"{i}.png"))
    return root

img_width, img_height = 30, 30
train_data_dir = make_image_folder(["bikes", "cars", "trucks"])
train_generator = ImageDataGenerator(rescale=1.0 / 255).flow_from_directory(
    train_data_dir, target_size=(img_width, img_height), batch_size=4)

model = Sequential()
model.add(Conv2D(8, (3, 3), input_shape=(img_width, img_height, 3)))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(3))
model.add(Activation("softmax"))
model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
model.fit(train_generator, epochs=1, verbose=0)
