import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

audio = keras.Input(shape=(1000, 1))
x = layers.Conv1D(32, 9, strides=4, padding="same", activation="relu")(audio)
x = layers.Conv1D(64, 5, strides=2, activation="relu")(x)
x = layers.MaxPooling1D(pool_size=4, strides=2)(x)
x = layers.Conv1D(64, 3, dilation_rate=2, padding="causal")(x)
x = layers.GRU(32)(x)
out = layers.Dense(12, activation="softmax")(x)
model = keras.Model(audio, out)
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(np.zeros((4, 1000, 1)), np.zeros((4,)), epochs=1)
