import numpy as np
import keras
from keras import layers

listing = keras.Input(shape=(8,))
hidden = layers.Dense(16, activation="relu")(listing)
category = layers.Dense(4, activation="softmax", name="category")(hidden)
price = layers.Dense(1, name="price")(hidden)
model = keras.Model(listing, [category, price])
model.compile(optimizer="adam", loss=["categorical_crossentropy", "mse"])

x = np.random.rand(24, 8)
y_category = keras.utils.to_categorical(np.random.randint(0, 4, 24), 4)
y_price = np.random.rand(24, 1)
model.fit(x, [y_category, y_price], epochs=1, verbose=0)
