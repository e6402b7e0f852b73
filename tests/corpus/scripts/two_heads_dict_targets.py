"""A listing model with a price head and a category head, targets and losses by output name."""
import numpy as np
import keras
from keras import layers

text_features = np.random.rand(300, 40)
price = np.random.rand(300, 1)
category = np.random.randint(0, 6, size=(300,))

inputs = keras.Input(shape=(40,), name="features")
hidden = layers.Dense(64, activation="relu")(inputs)
price_out = layers.Dense(1, name="price")(hidden)
category_out = layers.Dense(6, activation="softmax", name="category")(hidden)
model = keras.Model(inputs, [price_out, category_out])
model.compile(
    optimizer="adam",
    loss={"price": "mse", "category": "sparse_categorical_crossentropy"},
    loss_weights={"price": 1.0, "category": 0.5},
)
model.fit(text_features, {"price": price, "category": category}, epochs=5, batch_size=32)
