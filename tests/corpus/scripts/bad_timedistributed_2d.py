import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20, 4)),
    layers.LSTM(8),
    layers.TimeDistributed(layers.Dense(1)),
])
