import numpy as np
import pandas as pd
import tensorflow as tf

flowers = pd.DataFrame({"petal": np.random.rand(30), "sepal": np.random.rand(30),
                        "species": np.random.choice(["setosa", "versicolor", "virginica"], 30)})
X = flowers[["petal", "sepal"]].values
y = pd.get_dummies(flowers["species"]).values.astype("float32")

model = tf.keras.Sequential([
    tf.keras.Input(shape=(2,)),
    tf.keras.layers.Dense(8, activation="relu"),
    tf.keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy(), metrics=["accuracy"])
model.fit(X, y, epochs=1, verbose=0)
