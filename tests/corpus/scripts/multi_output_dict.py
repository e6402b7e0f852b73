import keras
from keras import layers

inputs = keras.Input(shape=(60, 4), name="readings")
shared = layers.LSTM(32, return_sequences=True)(inputs)
shared = layers.LSTM(16)(shared)
failure = layers.Dense(1, activation="sigmoid", name="failure")(shared)
remaining_life = layers.Dense(1, name="rul")(shared)
model = keras.Model(inputs=inputs, outputs={"failure": failure, "rul": remaining_life})
model.compile(optimizer="adam", loss={"failure": "binary_crossentropy", "rul": "mse"})
