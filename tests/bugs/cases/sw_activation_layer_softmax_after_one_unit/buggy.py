import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, Flatten, Dense, Activation, Input

X_train = np.random.rand(32, 10, 4)
y_train = np.random.randint(0, 2, 32)

model = Sequential()
model.add(Input(shape=(10, 4)))
model.add(Conv1D(8, 4, padding="same", activation="relu"))
model.add(Flatten())
model.add(Dense(1))
model.add(Activation("softmax"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=1, batch_size=8, verbose=0)
