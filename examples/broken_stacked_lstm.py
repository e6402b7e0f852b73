"""A common mistake: the first LSTM returns only its last step, so the second gets 2-D input.
shapelens flags the second LSTM and offers return_sequences=True on the first."""
from tensorflow import keras

model = keras.Sequential([
    keras.Input(shape=(20, 4)),
    keras.layers.LSTM(32),
    keras.layers.LSTM(16),
    keras.layers.Dense(1),
])
