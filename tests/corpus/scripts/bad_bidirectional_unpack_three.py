import keras
from keras import layers

inp = keras.Input(shape=(None, 32))
out, h, c = layers.Bidirectional(layers.LSTM(16, return_state=True))(inp)
