# An encoder layer holding a list of feed-forward residual blocks, called on two lengths.
import keras
from keras import layers


class FeedForward(layers.Layer):
    def __init__(self, dim, hidden, **kwargs):
        super().__init__(**kwargs)
        self.up = layers.Dense(hidden, activation="relu")
        self.down = layers.Dense(dim)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(x + self.down(self.up(x)))


class Stack(layers.Layer):
    def __init__(self, dim, hidden, depth=2, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [FeedForward(dim, hidden) for _ in range(depth)]

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return x


short = keras.Input(shape=(12, 32))
long = keras.Input(shape=(30, 32))
a = Stack(32, 64, depth=3)(short)
b = Stack(32, 16)(long)
a = layers.GlobalMaxPooling1D()(a)
b = layers.GlobalMaxPooling1D()(b)
joined = layers.Concatenate()([a, b])
score = layers.Dense(1)(joined)
model = keras.Model([short, long], score)
