"""Two legacy Keras generators as tf.keras still has them: ImageDataGenerator.flow for augmented
digit batches into a small CNN, and TimeseriesGenerator for sliding windows into an LSTM."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator
from tensorflow.keras.utils import to_categorical

images = np.random.rand(64, 28, 28, 1).astype("float32")
digits = np.random.randint(0, 10, size=(64,))
labels = to_categorical(digits, 10)

augment = ImageDataGenerator(horizontal_flip=True, rescale=1.0)
batches = augment.flow(images, labels, batch_size=16)

cnn = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
cnn.compile(optimizer="adam", loss="categorical_crossentropy")
cnn.fit(batches, epochs=1)

readings = np.random.rand(120, 3)
targets = readings[:, 0]
windows = TimeseriesGenerator(readings, targets, length=12, batch_size=8)

rnn = keras.Sequential([keras.Input(shape=(12, 3)), layers.LSTM(16), layers.Dense(1)])
rnn.compile(optimizer="adam", loss="mse")
rnn.fit(windows, epochs=1)
