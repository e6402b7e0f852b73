# A forecasting model subclass built from its input shape, then trained on windows.
import numpy as np
import keras
from keras import layers


class Forecaster(keras.Model):
    def __init__(self, horizon, **kwargs):
        super().__init__(**kwargs)
        self.conv = layers.Conv1D(16, 3, padding="causal", activation="relu")
        self.gru = layers.GRU(32)
        self.dropout = layers.Dropout(0.2)
        self.out = layers.Dense(horizon)

    def call(self, windows, training=False):
        h = self.conv(windows)
        h = self.gru(h)
        h = self.dropout(h, training=training)
        return self.out(h)


windows = np.random.rand(200, 48, 5).astype("float32")
future = np.random.rand(200, 6).astype("float32")
model = Forecaster(horizon=6)
model.build((None, 48, 5))
model.compile(optimizer="adam", loss="mse")
model.fit(windows, future, epochs=2, batch_size=32)
