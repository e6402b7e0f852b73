# Encoder and decoder as Model subclasses; the decoder starts from the encoder's LSTM states.
import numpy as np
import keras
from keras import layers


class SentenceEncoder(keras.Model):
    def __init__(self, vocab, dim, units, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab, dim)
        self.lstm = layers.LSTM(units, return_state=True)

    def call(self, source):
        vectors = self.embedding(source)
        _, h, c = self.lstm(vectors)
        return [h, c]


class SentenceDecoder(keras.Model):
    def __init__(self, vocab, dim, units, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab, dim)
        self.lstm = layers.LSTM(units, return_sequences=True, return_state=True)
        self.project = layers.Dense(vocab, activation="softmax")

    def call(self, target, states):
        vectors = self.embedding(target)
        seq, _, _ = self.lstm(vectors, initial_state=states)
        return self.project(seq)


encoder = SentenceEncoder(800, 32, 48)
decoder = SentenceDecoder(900, 32, 48)
source = np.random.randint(0, 800, size=(16, 14))
target = np.random.randint(0, 900, size=(16, 11))
states = encoder(source)
probabilities = decoder(target, states)
