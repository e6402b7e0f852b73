# A layer that adds noise only while training, and a gated unit, in a functional regressor.
import keras
from keras import layers


class TrainingNoise(layers.Layer):
    def __init__(self, stddev, **kwargs):
        super().__init__(**kwargs)
        self.noise = layers.GaussianNoise(stddev)

    def call(self, x, training=None):
        if training:
            return self.noise(x, training=training)
        return x


class GatedUnit(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.value = layers.Dense(units)
        self.gate = layers.Dense(units, activation="sigmoid")

    def call(self, x):
        return self.value(x) * self.gate(x)


features = keras.Input(shape=(24,))
x = TrainingNoise(0.1)(features)
x = GatedUnit(16)(x)
x = GatedUnit(8)(x)
target = layers.Dense(1)(x)
model = keras.Model(features, target)
model.compile(optimizer="adam", loss="mae")
