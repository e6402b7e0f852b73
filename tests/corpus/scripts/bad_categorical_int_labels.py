import numpy as np
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(16, 4)),
    layers.LSTM(32),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
X = np.random.rand(30, 16, 4)
labels = np.random.randint(0, 5, size=(30,))
model.fit(X, labels, epochs=1)
