"""Classify short clips: a small CNN applied to every frame, then an LSTM over the frames."""
import keras
from keras import layers

frames, height, width, channels = 8, 32, 32, 3

clip = keras.Input(shape=(frames, height, width, channels))
x = layers.TimeDistributed(layers.Conv2D(16, (3, 3), activation="relu"))(clip)
x = layers.TimeDistributed(layers.MaxPooling2D((2, 2)))(x)
x = layers.TimeDistributed(layers.Flatten())(x)
x = layers.LSTM(32)(x)
out = layers.Dense(5, activation="softmax")(x)
model = keras.Model(clip, out)
