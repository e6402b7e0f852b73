import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, MaxPool2D, Flatten, Dense
from tensorflow.keras.datasets import cifar100

(X_train, y_train), (X_test, y_test) = cifar100.load_data()
X_train = X_train / 255.0

model = Sequential()
model.add(Conv2D(8, (3, 3), activation="relu", input_shape=(32, 32, 3)))
model.add(MaxPool2D(2))
model.add(Flatten())
model.add(Dense(100, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"])
model.fit(X_train, y_train, epochs=1, verbose=0)
