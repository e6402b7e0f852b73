import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Dense
from keras.utils import to_categorical

x = np.random.rand(20, 28, 28, 3)
y = to_categorical(np.random.randint(0, 5, 20), 5)

model = Sequential()
model.add(Conv2D(8, (3, 3), activation="relu", input_shape=(28, 28, 3)))
model.add(MaxPooling2D((2, 2)))
model.add(Dense(5, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, verbose=0)
