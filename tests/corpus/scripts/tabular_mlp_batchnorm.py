import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

n_features = 13
X_train = np.random.rand(50, n_features)
y_train = np.random.randint(0, 3, size=(50,))

model = keras.Sequential([
    keras.Input(shape=(n_features,)),
    layers.Dense(64),
    layers.BatchNormalization(),
    layers.Activation("relu"),
    layers.Dropout(0.3),
    layers.Dense(32, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=3, batch_size=10, validation_split=0.2)
model.evaluate(X_train, y_train)
