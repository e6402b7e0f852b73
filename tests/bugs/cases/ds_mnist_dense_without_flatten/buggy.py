import keras
from keras import layers

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train / 255.0

model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, verbose=0)
