import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

vocab_size, maxlen = 500, 20
reviews = np.random.randint(1, vocab_size, size=(32, maxlen))
sentiment = np.random.randint(0, 2, size=(32,))

model = keras.Sequential([
    keras.Input(shape=(maxlen,)),
    layers.Embedding(vocab_size, 16),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(reviews, sentiment, epochs=1, verbose=0)
