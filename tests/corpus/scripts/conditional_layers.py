import keras
from keras import layers

USE_BIDIRECTIONAL = True
USE_ATTENTION = False
N_STEPS, N_FEATURES = 36, 5

model = keras.Sequential()
model.add(keras.Input(shape=(N_STEPS, N_FEATURES)))
if USE_BIDIRECTIONAL:
    model.add(layers.Bidirectional(layers.LSTM(32, return_sequences=True)))
else:
    model.add(layers.LSTM(64, return_sequences=True))
model.add(layers.LSTM(16))
model.add(layers.Dense(1))
