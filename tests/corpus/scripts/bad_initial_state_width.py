import numpy as np
import keras
from keras import layers

enc_in = keras.Input(shape=(12, 6))
_, h, c = layers.LSTM(32, return_state=True)(enc_in)
dec_in = keras.Input(shape=(9, 6))
dec = layers.LSTM(64, return_sequences=True)(dec_in, initial_state=[h, c])
model = keras.Model([enc_in, dec_in], layers.Dense(6)(dec))
model.compile(optimizer="adam", loss="mse")
model.fit([np.zeros((4, 12, 6)), np.zeros((4, 9, 6))], np.zeros((4, 9, 6)), epochs=1)
