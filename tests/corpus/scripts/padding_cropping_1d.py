import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(50, 12)),
    layers.ZeroPadding1D(padding=2),
    layers.Conv1D(24, 5),
    layers.Cropping1D(cropping=(1, 3)),
    layers.AveragePooling1D(pool_size=3),
    layers.GlobalAveragePooling1D(),
    layers.Dense(2),
])
