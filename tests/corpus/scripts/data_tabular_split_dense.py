# A tabular regression: features from a CSV, a train/test split, a StandardScaler fitted on the
# training rows, and a small dense network.
import os
import tempfile

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
import keras
from keras import layers

folder = tempfile.mkdtemp()
path = os.path.join(folder, "houses.csv")
n = 120
pd.DataFrame({
    "rooms": np.random.randint(1, 6, n),
    "area": np.random.rand(n) * 200,
    "age": np.random.rand(n) * 50,
    "distance": np.random.rand(n) * 10,
    "price": np.random.rand(n) * 1e5,
}).to_csv(path, index=False)

data = pd.read_csv(path, usecols=["rooms", "area", "age", "distance", "price"])
X = data.drop(columns=["price"])
y = data["price"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

model = keras.Sequential([
    keras.Input(shape=(X_train.shape[1],)),
    layers.Dense(32, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=2, batch_size=16, verbose=0)
