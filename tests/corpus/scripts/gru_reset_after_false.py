import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(30, 4)),
        layers.GRU(48, return_sequences=True, reset_after=False),
        layers.GRU(24, reset_after=False),
        layers.Dense(1),
    ]
)
model.compile(optimizer="adam", loss="mae")
