import numpy as np
import keras
from keras import layers

X = np.random.rand(40, 6).astype("float32")
y = np.random.randint(0, 2, size=(40, 1))

model = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, verbose=0)
