import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(6, 30, 2)),
    layers.ConvLSTM1D(12, 3, return_sequences=True),
    layers.ConvLSTM1D(6, 3),
    layers.Flatten(),
    layers.Dense(1),
])
