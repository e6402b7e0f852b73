# Residual blocks with an optional strided projection, stacked in a Sequential image model.
import keras
from keras import layers


class ResidualUnit(layers.Layer):
    def __init__(self, filters, stride=1, **kwargs):
        super().__init__(**kwargs)
        self.first = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)
        self.first_bn = layers.BatchNormalization()
        self.second = layers.Conv2D(filters, 3, padding="same", use_bias=False)
        self.second_bn = layers.BatchNormalization()
        self.shortcut = None
        if stride > 1:
            self.shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False)

    def call(self, x, training=None):
        y = keras.ops.relu(self.first_bn(self.first(x), training=training))
        y = self.second_bn(self.second(y), training=training)
        skip = x if self.shortcut is None else self.shortcut(x)
        return keras.ops.relu(y + skip)


model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    ResidualUnit(32),
    ResidualUnit(64, stride=2),
    ResidualUnit(64),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
