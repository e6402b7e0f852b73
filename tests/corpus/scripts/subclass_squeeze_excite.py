# A squeeze-and-excitation layer reweighting the channels of a small CNN.
import keras
from keras import layers


class SqueezeExcite(layers.Layer):
    def __init__(self, ratio=4, **kwargs):
        super().__init__(**kwargs)
        self.ratio = ratio

    def build(self, input_shape):
        channels = input_shape[-1]
        self.pool = layers.GlobalAveragePooling2D()
        self.reduce = layers.Dense(channels // self.ratio, activation="relu")
        self.expand = layers.Dense(channels, activation="sigmoid")
        self.reshape = layers.Reshape((1, 1, channels))

    def call(self, x):
        s = self.pool(x)
        s = self.reduce(s)
        s = self.expand(s)
        return x * self.reshape(s)


image = keras.Input(shape=(64, 64, 3))
x = layers.Conv2D(32, 3, activation="relu")(image)
x = SqueezeExcite()(x)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = SqueezeExcite(ratio=8)(x)
x = layers.GlobalAveragePooling2D()(x)
label = layers.Dense(5, activation="softmax")(x)
model = keras.Model(image, label)
