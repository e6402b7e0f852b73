import keras
from keras import layers

text = keras.Input(shape=(None,), dtype="int32", name="text")
tags = keras.Input(shape=(12,), name="tags")
t = layers.Embedding(5000, 32)(text)
t = layers.GRU(32)(t)
g = layers.Dense(16, activation="relu")(tags)
merged = layers.concatenate([t, g])
priority = layers.Dense(1, name="priority")(merged)
department = layers.Dense(4, activation="softmax", name="department")(merged)
model = keras.Model(inputs={"text": text, "tags": tags}, outputs=[priority, department])
