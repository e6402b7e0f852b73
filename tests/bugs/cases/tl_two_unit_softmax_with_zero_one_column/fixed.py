import numpy as np
import keras

features = np.random.rand(36, 6)
is_spam = np.random.randint(0, 2, size=(36, 1))

model = keras.Sequential([
    keras.Input(shape=(6,)),
    keras.layers.Dense(12, activation="relu"),
    keras.layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(features, is_spam, epochs=1, verbose=0)
