import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Input

X = np.random.rand(40, 11)
y = np.random.randint(0, 2, 40)

classifier = Sequential()
classifier.add(Input(shape=(11,)))
classifier.add(Dense(units=6, kernel_initializer="uniform", activation="relu"))
classifier.add(Dense(units=1, kernel_initializer="uniform", activation="sigmoid"))
classifier.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
classifier.fit(X, y, batch_size=10, epochs=1, verbose=0)
