import numpy as np
from keras.models import Sequential
from keras.layers import Convolution1D, BatchNormalization, LeakyReLU, Flatten, Dense

X_train = np.random.rand(24, 10, 4)
y_train = np.random.randint(0, 2, 24)

model = Sequential()
model.add(Convolution1D(input_shape=(10, 4), nb_filter=16, filter_length=4, border_mode="same"))
model.add(BatchNormalization())
model.add(LeakyReLU())
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=1, batch_size=8, verbose=0)
