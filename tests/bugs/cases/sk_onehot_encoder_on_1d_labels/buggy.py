import numpy as np
from sklearn.preprocessing import OneHotEncoder
from tensorflow import keras

colors = np.random.choice(["red", "green", "blue"], size=30)
features = np.random.rand(30, 4)

encoder = OneHotEncoder(sparse_output=False)
targets = encoder.fit_transform(colors)

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(features, targets, epochs=1, verbose=0)
