# Classifying customers from a CSV: a categorical column one-hot encoded by scikit-learn, the
# numeric columns standardised and reduced by PCA, the text labels encoded to integers and then
# to one-hot vectors, and a train/test split of every array at once.
import os
import tempfile

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, OneHotEncoder, StandardScaler
import keras
from keras import layers

folder = tempfile.mkdtemp()
path = os.path.join(folder, "customers.csv")
n = 90
pd.DataFrame({
    "region": np.random.choice(["north", "south", "east"], n),
    "age": np.random.rand(n) * 60 + 18,
    "income": np.random.rand(n) * 1e5,
    "visits": np.random.randint(0, 40, n),
    "spend": np.random.rand(n) * 500,
    "tenure": np.random.rand(n) * 10,
    "segment": np.random.choice(["low", "mid", "high"], n),
}).to_csv(path, index=False)

table = pd.read_csv(path, usecols=["region", "age", "income", "visits", "spend", "tenure", "segment"])
table = table.dropna()

numeric = table[["age", "income", "visits", "spend", "tenure"]].to_numpy()
numeric = StandardScaler().fit_transform(numeric)
reduced = PCA(n_components=3).fit_transform(numeric)

regions = OneHotEncoder(categories=[["north", "south", "east"]], sparse_output=False).fit_transform(table[["region"]])
features = np.concatenate([reduced, regions], axis=1)

labels = LabelEncoder().fit_transform(table["segment"])
targets = keras.utils.to_categorical(labels, 3)

x_train, x_test, y_train, y_test = train_test_split(features, targets, test_size=0.2, random_state=0)

model = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, validation_data=(x_test, y_test), epochs=2, verbose=0)
