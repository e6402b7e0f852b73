import keras
from keras import layers

# Variable number of time steps: the time axis is None.
model = keras.Sequential([
    layers.LSTM(32, return_sequences=True, input_shape=(None, 12)),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam")
