import numpy as np
from keras.models import Sequential
from keras.layers import Embedding, Flatten, Dense

docs = np.random.randint(1, 50, size=(10, 4))
labels = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
model = Sequential()
model.add(Embedding(50, 8, input_length=4))
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(docs, labels, epochs=50, verbose=0)
