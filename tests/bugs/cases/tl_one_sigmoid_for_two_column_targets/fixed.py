import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

X = np.random.rand(50, 10)
y = np.random.rand(50, 2)

model = Sequential([
    Dense(10, input_shape=(10,), activation="relu"),
    Dense(2, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=1, verbose=0)
