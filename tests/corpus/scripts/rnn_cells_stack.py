import keras
from keras import layers

cells = [layers.LSTMCell(32), layers.LSTMCell(16)]
inputs = keras.Input(shape=(None, 10))
x = layers.RNN(cells)(inputs)
outputs = layers.Dense(3)(x)
model = keras.Model(inputs, outputs)

gru_in = keras.Input(shape=(7, 2))
gru_out = layers.RNN(layers.GRUCell(12), return_sequences=True)(gru_in)
simple = layers.RNN(layers.SimpleRNNCell(6))(gru_out)
second = keras.Model(gru_in, simple)
