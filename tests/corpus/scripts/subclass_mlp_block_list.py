# A Model subclass with a configurable list of dense blocks, trained on arrays.
import numpy as np
import keras
from keras import layers


class DeepRegressor(keras.Model):
    def __init__(self, widths=(64, 32, 16), dropout=0.1, **kwargs):
        super().__init__(**kwargs)
        self.blocks = []
        for width in widths:
            self.blocks.append(layers.Dense(width, activation="relu"))
        self.dropout = layers.Dropout(dropout)
        self.use_dropout = dropout > 0
        self.head = layers.Dense(1)

    def call(self, x, training=False):
        for block in self.blocks:
            x = block(x)
            if self.use_dropout:
                x = self.dropout(x, training=training)
        return self.head(x)


x_train = np.random.rand(500, 13).astype("float32")
y_train = np.random.rand(500, 1).astype("float32")
model = DeepRegressor()
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, epochs=3, batch_size=64, validation_split=0.1)
