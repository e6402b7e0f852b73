# An autoencoder subclass whose halves are Sequential blocks, called on an Input.
import keras
from keras import layers


class Denoiser(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.encoder = keras.Sequential([
            layers.Conv2D(16, 3, activation="relu", padding="same", strides=2),
            layers.Conv2D(8, 3, activation="relu", padding="same", strides=2),
        ])
        self.decoder = keras.Sequential([
            layers.Conv2DTranspose(8, 3, strides=2, activation="relu", padding="same"),
            layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same"),
            layers.Conv2D(1, 3, activation="sigmoid", padding="same"),
        ])

    def call(self, x):
        return self.decoder(self.encoder(x))


autoencoder = Denoiser()
restored = autoencoder(keras.Input(shape=(28, 28, 1)))
autoencoder.compile(optimizer="adam", loss="mse")
