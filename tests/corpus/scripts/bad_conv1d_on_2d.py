import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(100,)),
    layers.Conv1D(16, 3, activation="relu"),
    layers.GlobalMaxPooling1D(),
    layers.Dense(1),
])
