import numpy as np
import pandas as pd
import keras
from keras import layers

clicks = pd.DataFrame({"user": np.repeat(np.arange(12), np.random.randint(3, 9, 12))})
clicks["page"] = np.random.randint(1, 50, len(clicks))
sessions = clicks.groupby("user")["page"].apply(list)
bought = np.random.randint(0, 2, len(sessions))

X = np.array([np.array(s) for s in sessions], dtype="int32")

model = keras.Sequential([
    layers.Embedding(50, 8),
    layers.LSTM(8),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, bought, epochs=1, verbose=0)
