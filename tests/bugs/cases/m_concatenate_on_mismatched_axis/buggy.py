import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Input, Concatenate, LSTM, Dense

prices = Input(shape=(10, 5))
news = Input(shape=(10, 7))
both = Concatenate(axis=1)([prices, news])
hidden = LSTM(8)(both)
out = Dense(1)(hidden)
model = tf.keras.Model([prices, news], out)
model.compile(optimizer="adam", loss="mse")
model.fit([np.random.rand(16, 10, 5), np.random.rand(16, 10, 7)], np.random.rand(16, 1), epochs=1, verbose=0)
