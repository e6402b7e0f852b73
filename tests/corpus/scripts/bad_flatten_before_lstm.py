import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.LSTM(32),
    layers.Dense(10, activation="softmax"),
])
