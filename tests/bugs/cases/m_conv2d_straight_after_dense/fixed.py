import numpy as np
import keras
from keras import layers

latent_dim = 16
generator = keras.Sequential([
    keras.Input(shape=(latent_dim,)),
    layers.Dense(7 * 7 * 8, activation="relu"),
    layers.Reshape((7, 7, 8)),
    layers.Conv2DTranspose(8, 4, strides=2, padding="same", activation="relu"),
    layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
])
generator.compile(optimizer="adam", loss="mse")
generator.fit(np.random.rand(4, latent_dim), np.random.rand(4, 14, 14, 1), epochs=1, verbose=0)
