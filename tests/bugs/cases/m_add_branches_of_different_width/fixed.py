import numpy as np
import keras
from keras import layers

input_a = keras.Input(shape=(10,), name="input_a")
input_b = keras.Input(shape=(5,), name="input_b")
processed_a = layers.Dense(16, activation="relu")(input_a)
processed_b = layers.Dense(16, activation="relu")(input_b)
merged = layers.Add()([processed_a, processed_b])
output = layers.Dense(1)(merged)
model = keras.Model(inputs=[input_a, input_b], outputs=output)
model.compile(optimizer="adam", loss="mse")
model.fit([np.random.rand(8, 10), np.random.rand(8, 5)], np.random.rand(8, 1), epochs=1, verbose=0)
