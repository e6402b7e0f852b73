import numpy as np
import keras
from keras import layers

train_data = np.random.rand(40, 12).astype("float32")
train_label = keras.utils.to_categorical(np.random.randint(0, 5, size=(40,)), 5)

model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(5, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(train_data, train_label, epochs=1, verbose=0)
