import numpy as np
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Input, Conv2D, Flatten, Dense

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1) / 255.0

model = Sequential([
    Input(shape=(28, 28, 1)),
    Conv2D(8, 3, activation="relu"),
    Flatten(),
    Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=1, verbose=0)

digit = x_test[0] / 255.0
print(np.argmax(model.predict(digit, verbose=0)))
