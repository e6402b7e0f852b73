# A sequence block that pools before its LSTM: the LSTM inside call gets 2-D input.
import keras
from keras import layers


class SequenceHead(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.pool = layers.GlobalAveragePooling1D()
        self.lstm = layers.LSTM(units)
        self.dense = layers.Dense(1, activation="sigmoid")

    def call(self, x):
        x = self.pool(x)
        x = self.lstm(x)
        return self.dense(x)


steps = keras.Input(shape=(50, 8))
prob = SequenceHead(16)(steps)
model = keras.Model(steps, prob)
