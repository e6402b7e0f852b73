import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8, 3)),
    layers.Conv1D(16, 5),
    layers.MaxPooling1D(2),
    layers.Conv1D(16, 5),
    layers.Flatten(),
    layers.Dense(1),
])
