import numpy as np
import keras
from keras import layers

x = np.random.rand(40, 6)
y = keras.utils.to_categorical(np.random.randint(0, 4, 40), 4)

model = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Dense(12, activation="relu"),
    layers.Dense(4),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, verbose=0)
