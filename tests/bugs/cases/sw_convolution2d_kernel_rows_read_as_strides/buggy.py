import numpy as np
from keras.models import Sequential
from keras.layers import Convolution2D, Flatten, Dense

model = Sequential()
model.add(Convolution2D(16, 3, 3, activation="relu", input_shape=(30, 30, 3)))
model.add(Flatten())
model.add(Dense(2, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(8, 30, 30, 3), np.random.randint(0, 2, 8), epochs=1, verbose=0)
