# A wide-and-deep model subclass taking two arrays, trained with fit.
import numpy as np
import keras
from keras import layers


class WideAndDeep(keras.Model):
    def __init__(self, units=30, **kwargs):
        super().__init__(**kwargs)
        self.hidden1 = layers.Dense(units, activation="relu")
        self.hidden2 = layers.Dense(units, activation="relu")
        self.concat = layers.Concatenate()
        self.main_output = layers.Dense(1)

    def call(self, inputs):
        wide, deep = inputs
        h = self.hidden1(deep)
        h = self.hidden2(h)
        both = self.concat([wide, h])
        return self.main_output(both)


wide_features = np.random.rand(300, 5).astype("float32")
deep_features = np.random.rand(300, 6).astype("float32")
prices = np.random.rand(300, 1).astype("float32")
model = WideAndDeep()
model.compile(loss="mse", optimizer="sgd")
model.fit([wide_features, deep_features], prices, epochs=5)
