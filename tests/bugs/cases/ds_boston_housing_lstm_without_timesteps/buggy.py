from tensorflow import keras
from tensorflow.keras import layers

(train_data, train_targets), (test_data, test_targets) = keras.datasets.boston_housing.load_data()
mean = train_data.mean(axis=0)
std = train_data.std(axis=0)
train_data = (train_data - mean) / std

model = keras.Sequential([
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(train_data, train_targets, epochs=1, batch_size=8, verbose=0)
