import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(50, 1)),
    layers.Embedding(1000, 32),
    layers.LSTM(16),
    layers.Dense(1, activation="sigmoid"),
])
