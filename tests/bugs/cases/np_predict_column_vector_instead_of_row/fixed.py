import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

digits = np.random.rand(50, 64).astype("float32")
labels = np.random.randint(0, 10, size=(50,))

model = Sequential()
model.add(Dense(32, activation="relu", input_shape=(64,)))
model.add(Dense(10, activation="softmax"))
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(digits, labels, epochs=1, verbose=0)

drawn = np.random.rand(64)
pixels = drawn.reshape(1, 64)
print(model.predict(pixels, verbose=0))
