# Human activity recognition style: 1-D convolutions extract local features, an LSTM summarises.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

n_timesteps, n_features, n_outputs = 128, 9, 6
trainX = np.random.randn(20, n_timesteps, n_features)
trainy = keras.utils.to_categorical(np.random.randint(0, n_outputs, 20), n_outputs)

model = keras.Sequential([
    keras.Input(shape=(n_timesteps, n_features)),
    layers.Conv1D(filters=64, kernel_size=3, activation="relu"),
    layers.Conv1D(filters=64, kernel_size=3, activation="relu"),
    layers.Dropout(0.5),
    layers.MaxPooling1D(pool_size=2),
    layers.LSTM(100),
    layers.Dense(100, activation="relu"),
    layers.Dense(n_outputs, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(trainX, trainy, epochs=10, batch_size=32, verbose=0)
