import keras
from keras import layers

inputs = keras.Input(shape=(32, 10))
seq = layers.LSTM(24, return_sequences=True)(inputs)
last = seq[:, -1, :]
pooled = layers.GlobalAveragePooling1D()(seq)
both = layers.Concatenate()([last, pooled])
outputs = layers.Dense(1)(both)
model = keras.Model(inputs, outputs)
