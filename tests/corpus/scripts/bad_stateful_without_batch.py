import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(5, 1)),
    layers.LSTM(16, stateful=True),
    layers.Dense(1),
])
