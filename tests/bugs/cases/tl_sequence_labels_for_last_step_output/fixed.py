import numpy as np
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dense, Input

len_vocab, seq_len = 30, 12
text = np.random.randint(0, len_vocab, size=(16, seq_len))
next_chars = np.random.randint(0, len_vocab, size=(16, seq_len))

model = Sequential()
model.add(Input(shape=(seq_len,)))
model.add(Embedding(len_vocab, 16))
model.add(LSTM(32, return_sequences=True))
model.add(Dense(len_vocab, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(text, next_chars, epochs=1, verbose=0)
