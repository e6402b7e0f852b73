import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(10, 3)),
    layers.LSTM(32, return_state=True),
    layers.Dense(1),
])
