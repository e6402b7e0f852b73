import numpy as np
from sklearn.preprocessing import StandardScaler
import keras
from keras import layers

X = np.random.rand(36, 5, 4) * 100
y = np.random.rand(36)

scaler = StandardScaler()
X_scaled = scaler.fit_transform(X.reshape(-1, X.shape[-1])).reshape(X.shape)

model = keras.Sequential([keras.Input(shape=(5, 4)), layers.GRU(8), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X_scaled, y, epochs=1, verbose=0)
