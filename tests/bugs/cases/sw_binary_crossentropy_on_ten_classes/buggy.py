import numpy as np
import keras
from keras import layers

x_train = np.random.rand(60, 20).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, 10, 60), 10)

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, verbose=0)
score = model.evaluate(x_train, y_train, verbose=0)
