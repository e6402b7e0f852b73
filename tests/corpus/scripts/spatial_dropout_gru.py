import keras
from keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(120,)))
model.add(layers.Embedding(20000, 100))
model.add(layers.SpatialDropout1D(0.25))
model.add(layers.GRU(64, return_sequences=True))
model.add(layers.GlobalMaxPooling1D())
model.add(layers.Dense(6, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam")
