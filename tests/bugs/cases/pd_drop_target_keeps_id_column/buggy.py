import numpy as np
import pandas as pd
import tensorflow as tf

df = pd.DataFrame({
    "id": np.arange(40),
    "age": np.random.randint(20, 70, 40),
    "income": np.random.rand(40) * 1000,
    "visits": np.random.randint(0, 12, 40),
    "churned": np.random.randint(0, 2, 40),
})

X = df.drop(columns=["churned"]).to_numpy(dtype="float32")
y = df["churned"].to_numpy()

model = tf.keras.Sequential([
    tf.keras.Input(shape=(3,)),
    tf.keras.layers.Dense(8, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, verbose=0)
