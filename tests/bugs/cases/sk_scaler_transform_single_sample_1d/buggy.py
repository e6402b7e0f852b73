import numpy as np
from sklearn.preprocessing import StandardScaler
from keras.models import Sequential
from keras.layers import Dense, Input

X = np.random.rand(40, 3) * [30, 2, 100]
y = X @ np.array([0.5, 3.0, -0.1])

scaler = StandardScaler().fit(X)
model = Sequential([Input(shape=(3,)), Dense(8, activation="relu"), Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(scaler.transform(X), y, epochs=1, verbose=0)

new_house = np.array([27.7, 1.0, 55.0])
print(model.predict(scaler.transform(new_house), verbose=0))
