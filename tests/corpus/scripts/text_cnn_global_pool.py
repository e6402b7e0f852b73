import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, Conv1D, GlobalMaxPooling1D, Dense, Dropout, Input

max_features = 10000
maxlen = 200

model = Sequential()
model.add(Input(shape=(maxlen,)))
model.add(Embedding(max_features, 50))
model.add(Dropout(0.2))
model.add(Conv1D(250, 3, padding="valid", activation="relu", strides=1))
model.add(GlobalMaxPooling1D())
model.add(Dense(250, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
x = np.random.randint(0, max_features, (32, maxlen))
y = np.random.randint(0, 2, (32, 1))
model.fit(x, y, batch_size=32, epochs=1)
