import numpy as np
import keras
from keras import layers

padded = np.zeros((6, 12, 3), dtype="float32")
padded[0, :5] = 1.0

model = keras.Sequential([
    keras.Input(shape=(12, 3)),
    layers.Masking(mask_value=0.0),
    layers.LSTM(10),
    layers.Dense(2, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(padded, np.array([0, 1, 0, 1, 1, 0]), epochs=1)
