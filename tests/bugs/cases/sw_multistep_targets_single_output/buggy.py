import numpy as np
import pandas as pd
import tensorflow as tf

sales = pd.DataFrame({"units": np.random.rand(80)})
for k in range(1, 4):
    sales[f"t+{k}"] = sales["units"].shift(-k)
sales = sales.dropna()

X = np.stack([sales["units"].shift(s).bfill().values for s in range(6)], axis=1)[..., None]
y = sales[["t+1", "t+2", "t+3"]].values

model = tf.keras.Sequential([
    tf.keras.Input(shape=(6, 1)),
    tf.keras.layers.LSTM(16),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
