import numpy as np
from keras.models import Sequential
from keras.layers import Dense

X = np.random.rand(40, 11)
y = np.random.randint(0, 2, 40)

classifier = Sequential()
classifier.add(Dense(output_dim=6, init="uniform", activation="relu", input_dim=11))
classifier.add(Dense(output_dim=1, init="uniform", activation="sigmoid"))
classifier.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
classifier.fit(X, y, batch_size=10, epochs=1, verbose=0)
