from tensorflow import keras
from tensorflow.keras import layers

vocab_size = 65
seq_len = 40

model = keras.Sequential()
model.add(keras.Input(shape=(seq_len,)))
model.add(layers.Embedding(vocab_size, 16))
model.add(layers.SimpleRNN(128, return_sequences=True))
model.add(layers.SimpleRNN(128))
model.add(layers.Dense(vocab_size, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
