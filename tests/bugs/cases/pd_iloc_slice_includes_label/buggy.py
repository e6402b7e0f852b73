import os
import tempfile
import numpy as np
import pandas as pd
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

path = os.path.join(tempfile.mkdtemp(), "robot.csv")
np.savetxt(path, np.random.rand(30, 8), delimiter=",")

readings = pd.read_csv(path, header=None)
features = readings.iloc[:, 1:8].values
target = readings.iloc[:, 7].values

model = Sequential()
model.add(Dense(12, activation="relu", input_shape=(6,)))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mae")
model.fit(features, target, epochs=1, verbose=0)
