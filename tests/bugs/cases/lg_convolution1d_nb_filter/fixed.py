import numpy as np
from keras.models import Sequential
from keras.layers import Conv1D, BatchNormalization, LeakyReLU, Flatten, Dense, Input

X_train = np.random.rand(24, 10, 4)
y_train = np.random.randint(0, 2, 24)

model = Sequential()
model.add(Input(shape=(10, 4)))
model.add(Conv1D(filters=16, kernel_size=4, padding="same"))
model.add(BatchNormalization())
model.add(LeakyReLU())
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=1, batch_size=8, verbose=0)
