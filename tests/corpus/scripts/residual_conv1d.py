import keras
from keras import layers


def residual_block(x, filters):
    shortcut = x
    y = layers.Conv1D(filters, 3, padding="same", activation="relu")(x)
    y = layers.Conv1D(filters, 3, padding="same")(y)
    y = layers.Add()([shortcut, y])
    return layers.Activation("relu")(y)


inputs = keras.Input(shape=(100, 32))
x = residual_block(inputs, 32)
x = residual_block(x, 32)
x = layers.GlobalMaxPooling1D()(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs)
