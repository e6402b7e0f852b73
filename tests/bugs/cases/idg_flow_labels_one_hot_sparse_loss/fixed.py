import numpy as np
import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x = np.random.rand(20, 16, 16, 3).astype("float32")
labels = np.random.randint(0, 5, size=20)
y = labels

augment = ImageDataGenerator(width_shift_range=0.1, height_shift_range=0.1)
model = keras.Sequential([
    keras.Input(shape=(16, 16, 3)),
    keras.layers.Conv2D(4, 3, activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(augment.flow(x, y, batch_size=5), epochs=1, verbose=0)
