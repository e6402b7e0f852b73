import numpy as np
import pandas as pd
import keras
from keras import layers

df = pd.DataFrame({"x1": np.random.rand(32), "x2": np.random.rand(32), "x3": np.random.rand(32),
                   "y2": np.random.rand(32)})

a = keras.Input(shape=(2,), name="x1_x2")
b = keras.Input(shape=(1,), name="x3")
y1 = layers.Dense(1, activation="sigmoid")(a)
merged = layers.Concatenate()([y1, b])
y2 = layers.Dense(1)(merged)
model = keras.Model(inputs=[a, b], outputs=y2)
model.compile(optimizer="adam", loss="mse")

model.fit([df[["x1", "x2"]].values, df[["x3"]].values], df["y2"].values, epochs=1, verbose=0)
