# Broken: the first LSTM returns only its last step, so the second LSTM gets a 2-D tensor.
from tensorflow import keras
from tensorflow.keras.layers import LSTM, Dense

model = keras.Sequential()
model.add(keras.Input(shape=(30, 1)))
model.add(LSTM(50))
model.add(LSTM(50))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
