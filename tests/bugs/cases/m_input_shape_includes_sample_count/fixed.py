import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense

X_train = np.random.rand(60, 16, 16, 1)
y_train = np.random.randint(0, 2, 60)

model = Sequential()
model.add(Convolution2D(8, (3, 3), activation="relu", input_shape=X_train.shape[1:]))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(X_train, y_train, epochs=1, verbose=0)
