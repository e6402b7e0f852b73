import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras import layers

bone_sizes = np.random.rand(50, 5)
trainX = bone_sizes.reshape(50, 5, 1)
train_op = np.random.randint(0, 2, 50)

model = Sequential()
model.add(layers.Input(shape=(3, 1)))
model.add(layers.SimpleRNN(units=10, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="sgd")
model.fit(trainX, train_op, epochs=1, batch_size=10, verbose=0)
