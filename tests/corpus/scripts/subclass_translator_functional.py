# A translator: an encoder layer returning its LSTM states and a decoder model started from them,
# wired into one functional model over variable-length token sequences.
import numpy as np
import keras
from keras import layers


class Encoder(layers.Layer):
    def __init__(self, vocab, dim, units, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab, dim, mask_zero=True)
        self.lstm = layers.LSTM(units, return_state=True)

    def call(self, tokens):
        x = self.embedding(tokens)
        _, h, c = self.lstm(x)
        return h, c


class Decoder(keras.Model):
    def __init__(self, vocab, dim, units, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab, dim, mask_zero=True)
        self.lstm = layers.LSTM(units, return_sequences=True, return_state=True)
        self.dense = layers.TimeDistributed(layers.Dense(vocab))

    def call(self, tokens, initial_state=None, training=False):
        x = self.embedding(tokens)
        x, h, c = self.lstm(x, initial_state=initial_state, training=training)
        return self.dense(x)


enc_in = keras.Input(shape=(None,), dtype="int32")
dec_in = keras.Input(shape=(None,), dtype="int32")
state_h, state_c = Encoder(1000, 64, 128)(enc_in)
logits = Decoder(1200, 64, 128)(dec_in, initial_state=[state_h, state_c])
model = keras.Model([enc_in, dec_in], logits)
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
src = np.random.randint(1, 1000, size=(32, 15))
tgt = np.random.randint(1, 1200, size=(32, 12))
model.fit([src, tgt], tgt, epochs=1, verbose=0)
