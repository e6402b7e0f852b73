import numpy as np
import keras
from keras import layers

series = np.sin(np.linspace(0, 20, 120)).astype("float32")
steps = 6

windows, targets = [], []
for start in range(len(series) - steps):
    windows.append(series[start:start + steps])
    targets.append(series[start + steps])
X = np.array(windows)
y = np.array(targets)

model = keras.Sequential([
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=16, verbose=0)
