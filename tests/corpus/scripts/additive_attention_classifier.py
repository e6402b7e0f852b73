import keras
from keras import layers

tokens = keras.Input(shape=(64,))
emb = layers.Embedding(4000, 48)(tokens)
states = layers.Bidirectional(layers.GRU(24, return_sequences=True))(emb)
summary = layers.GRU(48)(states)
query = layers.Reshape((1, 48))(summary)
context = layers.AdditiveAttention()([query, states])
context = layers.Flatten()(context)
label = layers.Dense(4, activation="softmax")(context)
model = keras.Model(tokens, label)
