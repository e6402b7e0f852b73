import keras
from keras import layers

model = keras.Sequential([
    layers.LSTM(16, batch_input_shape=(32, 10, 3), stateful=True),
    layers.Dense(1),
])
