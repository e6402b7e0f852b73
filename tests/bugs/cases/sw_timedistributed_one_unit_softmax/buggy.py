import numpy as np
import keras
from keras import layers

tokens = np.random.randint(1, 100, size=(20, 15))
is_name = np.random.randint(0, 2, size=(20, 15, 1))

model = keras.Sequential([
    keras.Input(shape=(15,)),
    layers.Embedding(100, 8),
    layers.Bidirectional(layers.LSTM(8, return_sequences=True)),
    layers.TimeDistributed(layers.Dense(1, activation="softmax")),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(tokens, is_name, epochs=1, verbose=0)
