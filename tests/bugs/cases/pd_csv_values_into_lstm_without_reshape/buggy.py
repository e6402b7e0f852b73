import os
import tempfile
import numpy as np
import pandas as pd
from keras.models import Sequential
from keras.layers import LSTM, Dense

csv_path = os.path.join(tempfile.mkdtemp(), "motors.csv")
pd.DataFrame(np.random.rand(50, 5), columns=["m1", "m2", "m3", "m4", "next"]).to_csv(csv_path, index=False)

frame = pd.read_csv(csv_path)
values = frame.values
X = values[:, :4]
y = values[:, 4]

model = Sequential()
model.add(LSTM(20, input_shape=(1, 4)))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
model.fit(X, y, epochs=1, batch_size=10, verbose=0)
