import keras
from keras import layers

encoder = keras.Sequential([
    keras.Input(shape=(20, 3)),
    layers.LSTM(16),
], name="encoder")

decoder = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.RepeatVector(20),
    layers.LSTM(16, return_sequences=True),
    layers.TimeDistributed(layers.Dense(3)),
], name="decoder")

inp = keras.Input(shape=(20, 3))
autoencoder = keras.Model(inp, decoder(encoder(inp)))
