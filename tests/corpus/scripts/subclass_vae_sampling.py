# A variational encoder: a sampling layer draws z from the mean and log-variance heads.
import keras
from keras import layers


class Sampling(layers.Layer):
    def call(self, inputs):
        mean, log_var = inputs
        noise = keras.random.normal(shape=keras.ops.shape(mean))
        return mean + keras.ops.exp(0.5 * log_var) * noise


pixels = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(pixels)
x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
x = layers.Flatten()(x)
x = layers.Dense(16, activation="relu")(x)
z_mean = layers.Dense(2)(x)
z_log_var = layers.Dense(2)(x)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(pixels, [z_mean, z_log_var, z])
