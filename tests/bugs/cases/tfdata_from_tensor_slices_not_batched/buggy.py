import numpy as np
import tensorflow as tf

features = np.random.rand(64, 8).astype("float32")
labels = np.random.randint(0, 2, size=(64,))

train_dataset = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(64)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(8,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(train_dataset, epochs=1, verbose=0)
