import numpy as np
from tensorflow import keras

X = np.random.rand(30, 5).astype("float32")
y = (X.sum(axis=1) > 2.5).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(5,)),
    keras.layers.Dense(10, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=1, verbose=0)

sample = np.array([0.2, 0.4, 0.6, 0.8, 1.0])
print(model.predict(np.expand_dims(sample, axis=0), verbose=0))
