import keras
from keras import layers

x_in = keras.Input(shape=(50, 20))
h = layers.Conv1D(32, 3, padding="same")(x_in)
gate = layers.Conv1D(32, 3, padding="same", activation="sigmoid")(x_in)
value = layers.Conv1D(32, 3, padding="same", activation="tanh")(x_in)
gated = layers.Multiply()([gate, value])
summed = layers.add([h, gated])
out = layers.Dense(1)(layers.Flatten()(summed))
model = keras.Model(x_in, out)
