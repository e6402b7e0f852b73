import keras
from keras import layers

inp = keras.Input(shape=(25, 10))
fwd, bwd = layers.Bidirectional(layers.GRU(12, return_sequences=True), merge_mode=None)(inp)
both = layers.Concatenate()([fwd, bwd])
pooled = layers.GlobalMaxPooling1D()(both)
model = keras.Model(inp, layers.Dense(1, activation="sigmoid")(pooled))
