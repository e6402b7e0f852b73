import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense

train_X = np.random.rand(16, 12, 10, 2)
train_y = np.random.randint(0, 2, size=(16, 1))

model = Sequential([
    Conv2D(6, kernel_size=3, activation="relu", input_shape=(12, 10, 2)),
    Flatten(),
    Dense(1, activation="softmax"),
])
model.compile("adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train_X, train_y, epochs=1, verbose=0)
