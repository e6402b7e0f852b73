import keras
from keras import layers

inp = keras.Input(shape=(784,))
x = layers.Reshape((28, 28))(inp)
x = layers.Permute((2, 1))(x)
x = layers.LSTM(64)(x)
x = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inp, x)

flat = keras.Sequential([
    keras.Input(shape=(6, 10)),
    layers.Reshape((-1,)),
    layers.Dense(5),
    layers.Reshape((5, 1)),
])
