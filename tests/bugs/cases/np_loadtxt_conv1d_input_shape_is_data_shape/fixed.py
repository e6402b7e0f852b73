import os
import tempfile
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, Flatten, Dense

path = os.path.join(tempfile.mkdtemp(), "measurements.csv")
rng = np.random.default_rng(7)
table = np.column_stack([rng.integers(0, 2, 40), rng.normal(size=(40, 6))])
np.savetxt(path, table, delimiter=",")

data = np.loadtxt(path, delimiter=",")
X = np.expand_dims(data[:, 1:], axis=2)
Y = data[:, 0]

model = Sequential()
model.add(Conv1D(4, 2, activation="relu", input_shape=(X.shape[1], 1)))
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, Y, epochs=1, batch_size=8, verbose=0)
