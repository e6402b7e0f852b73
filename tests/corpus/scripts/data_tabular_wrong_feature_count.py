# A classifier on a CSV whose input size was written by hand: four features are kept after the
# label and the id are dropped, but the first layer expects five.
import os
import tempfile

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
import keras
from keras import layers

folder = tempfile.mkdtemp()
path = os.path.join(folder, "patients.csv")
n = 100
pd.DataFrame({
    "id": np.arange(n),
    "age": np.random.rand(n) * 80,
    "bmi": np.random.rand(n) * 40,
    "pressure": np.random.rand(n) * 120,
    "glucose": np.random.rand(n) * 200,
    "label": np.random.randint(0, 2, n),
}).to_csv(path, index=False)

df = pd.read_csv(path, usecols=["id", "age", "bmi", "pressure", "glucose", "label"])
X = df.drop(columns=["id", "label"]).values
y = df["label"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y)
X_train = StandardScaler().fit_transform(X_train)

model = keras.Sequential([
    layers.Dense(16, activation="relu", input_shape=(5,)),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=2, verbose=0)
