# A siamese model subclass sharing one tower between two inputs of different lengths.
import keras
from keras import layers


class Siamese(keras.Model):
    def __init__(self, dim=16, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Dense(dim, activation="relu")
        self.pool = layers.GlobalAveragePooling1D()
        self.score = layers.Dense(1, activation="sigmoid")

    def call(self, pair):
        left, right = pair
        a = self.pool(self.embed(left))
        b = self.pool(self.embed(right))
        return self.score(keras.ops.abs(a - b))


model = Siamese()
similarity = model([keras.Input(shape=(10, 8)), keras.Input(shape=(14, 8))])
