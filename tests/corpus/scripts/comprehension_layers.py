import keras
from keras import layers

sizes = [128, 64, 32]
model = keras.Sequential(
    [keras.Input(shape=(300,))]
    + [layers.Dense(n, activation="relu") for n in sizes]
    + [layers.Dense(1)]
)
