"""Part-of-speech tagger: one integer tag per token, sparse loss over a softmax per step."""
import numpy as np
import keras
from keras import layers

VOCAB, TAGS, MAXLEN = 3000, 17, 30
tokens = np.random.randint(1, VOCAB, size=(500, MAXLEN))
tags = np.random.randint(0, TAGS, size=(500, MAXLEN))

model = keras.Sequential([
    keras.Input(shape=(MAXLEN,)),
    layers.Embedding(VOCAB, 48, mask_zero=True),
    layers.Bidirectional(layers.LSTM(32, return_sequences=True)),
    layers.TimeDistributed(layers.Dense(TAGS, activation="softmax")),
])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
model.fit(tokens, tags, epochs=3, batch_size=32, validation_split=0.1)
