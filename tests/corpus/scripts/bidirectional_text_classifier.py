import numpy as np
import keras
from keras import layers

VOCAB = 5000
MAXLEN = 80

x_train = np.random.randint(0, VOCAB, size=(64, MAXLEN))
y_train = np.random.randint(0, 2, size=(64,))

inputs = keras.Input(shape=(MAXLEN,), dtype="int32")
x = layers.Embedding(VOCAB, 64)(inputs)
x = layers.Bidirectional(layers.LSTM(32, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(32))(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=16, epochs=2, validation_split=0.25)
