import numpy as np
from keras.utils import np_utils
from keras.models import Sequential
from keras.layers import Dense, Input

nb_classes3 = 5
train_label3 = np_utils.to_categorical(np.random.randint(0, 5, 20), nb_classes3)
model = Sequential([Input(shape=(6,)), Dense(nb_classes3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(20, 6), train_label3, epochs=1, verbose=0)
