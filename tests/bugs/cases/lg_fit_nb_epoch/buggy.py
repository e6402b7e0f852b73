import numpy as np
import keras

X_train = np.random.rand(32, 4)
Y_train = keras.utils.to_categorical(np.random.randint(0, 3, 32), 3)

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(X_train, Y_train, batch_size=8, nb_epoch=1, verbose=0)
