# Classifying one photo: Pillow opens it, it is resized to the model's input and scaled, but it
# goes to predict without a batch axis (the model sees 32 samples of shape (32, 3)).
import os
import tempfile

import numpy as np
from PIL import Image
import keras
from keras import layers

folder = tempfile.mkdtemp()
path = os.path.join(folder, "photo.png")
Image.fromarray((np.random.rand(48, 64, 3) * 255).astype("uint8")).save(path)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")

image = Image.open(path).convert("RGB").resize((32, 32))
x = np.asarray(image, dtype="float32") / 255.0
probabilities = model.predict(x, verbose=0)
