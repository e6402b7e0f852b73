import numpy as np
import pandas as pd
from tensorflow import keras

survey = pd.DataFrame({"q1": np.random.rand(45), "q2": np.random.rand(45), "q3": np.random.rand(45),
                       "grade": np.random.choice([1, 2, 3], size=45)})

n_classes = survey["grade"].nunique()
X = survey[["q1", "q2", "q3"]].values
y = keras.utils.to_categorical(survey["grade"].values)

model = keras.Sequential([
    keras.Input(shape=(3,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(n_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=1, verbose=0)
