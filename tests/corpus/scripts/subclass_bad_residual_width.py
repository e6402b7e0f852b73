# A residual block whose projection width differs from its input: the add inside call fails.
import keras
from keras import layers


class DenseResidual(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(units, activation="relu")
        self.outer = layers.Dense(units)

    def call(self, x):
        y = self.outer(self.inner(x))
        return layers.Add()([x, y])


features = keras.Input(shape=(32,))
x = DenseResidual(32)(features)
x = DenseResidual(16)(x)
out = layers.Dense(1)(x)
model = keras.Model(features, out)
