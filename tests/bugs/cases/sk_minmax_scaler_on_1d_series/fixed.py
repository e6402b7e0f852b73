import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense

prices = pd.DataFrame({"Open": 100 + np.cumsum(np.random.randn(60))})

scaler = MinMaxScaler(feature_range=(0, 1))
scaled = scaler.fit_transform(prices["Open"].values.reshape(-1, 1))

X = np.array([scaled[i - 5:i, 0] for i in range(5, len(scaled))]).reshape(-1, 5, 1)
y = scaled[5:, 0]
model = Sequential([LSTM(10, input_shape=(5, 1)), Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
