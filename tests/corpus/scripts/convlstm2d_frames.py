import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(10, 40, 40, 1)),
    layers.ConvLSTM2D(16, kernel_size=(3, 3), padding="same", return_sequences=True),
    layers.BatchNormalization(),
    layers.ConvLSTM2D(8, kernel_size=(3, 3), padding="same"),
    layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same"),
])
model.compile(loss="binary_crossentropy", optimizer="adam")
