"""A Keras 1 era multilayer perceptron for tabular data, run with Keras 3."""
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout

features = np.random.rand(200, 12)
labels = np.random.randint(0, 2, size=(200, 1))

model = Sequential()
model.add(keras.Input(shape=(12,)))
model.add(Dense(64, init="uniform", activation="relu"))
model.add(Dropout(0.3))
model.add(Dense(32, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(features, labels, epochs=5, batch_size=16)
