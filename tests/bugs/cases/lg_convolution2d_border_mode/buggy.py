import numpy as np
from keras.models import Sequential
from keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense

model = Sequential()
model.add(Convolution2D(16, 3, 3, border_mode="same", input_shape=(32, 32, 3)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(43, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(np.random.rand(8, 32, 32, 3), np.random.randint(0, 43, 8), epochs=1, verbose=0)
