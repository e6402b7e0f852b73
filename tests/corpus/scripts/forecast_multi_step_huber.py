"""Multi-step forecast: 12 future values per window under the Huber loss."""
import numpy as np
import keras
from keras import layers

LOOKBACK, HORIZON = 48, 12
series = np.sin(np.arange(3000) / 20.0)
X = np.stack([series[i:i + LOOKBACK] for i in range(2800)])[..., np.newaxis]
y = np.stack([series[i + LOOKBACK:i + LOOKBACK + HORIZON] for i in range(2800)])

model = keras.Sequential([
    keras.Input(shape=(LOOKBACK, 1)),
    layers.Conv1D(32, 5, activation="relu", padding="causal"),
    layers.LSTM(64),
    layers.Dense(HORIZON),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.Huber())
model.fit(X, y, epochs=5, batch_size=64, validation_split=0.1)
