import numpy as np
from sklearn.preprocessing import LabelEncoder
from keras.models import Sequential
from keras.layers import Dense, Input

fruit = np.array(["apple", "banana", "cherry"] * 12)
X = np.random.rand(36, 5)
y = LabelEncoder().fit_transform(fruit)

model = Sequential([Input(shape=(5,)), Dense(8, activation="relu"), Dense(3, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
model.fit(X, y, epochs=1, verbose=0)
