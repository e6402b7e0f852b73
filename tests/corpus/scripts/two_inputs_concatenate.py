import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

seq_input = keras.Input(shape=(30, 5), name="sequence")
meta_input = keras.Input(shape=(7,), name="metadata")

s = layers.LSTM(16)(seq_input)
m = layers.Dense(8, activation="relu")(meta_input)
joined = layers.concatenate([s, m])
hidden = layers.Dense(16, activation="relu")(joined)
prediction = layers.Dense(1, name="price")(hidden)

model = keras.Model(inputs=[seq_input, meta_input], outputs=prediction)
model.compile(optimizer="adam", loss="mse")
model.fit([np.zeros((10, 30, 5)), np.zeros((10, 7))], np.zeros((10, 1)), epochs=1)
