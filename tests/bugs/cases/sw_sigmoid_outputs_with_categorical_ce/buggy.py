import numpy as np
from tensorflow import keras

x = np.random.rand(45, 4)
y = keras.utils.to_categorical(np.random.randint(0, 3, 45), 3)

model = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(3, activation="sigmoid"),
])
model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=1, verbose=0)
