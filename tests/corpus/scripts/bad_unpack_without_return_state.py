from tensorflow import keras
from tensorflow.keras import layers

enc_in = keras.Input(shape=(None, 30))
enc_out, state_h, state_c = layers.LSTM(64)(enc_in)
