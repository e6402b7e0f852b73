from tensorflow import keras
from tensorflow.keras import layers

query = keras.Input(shape=(20,))
doc = keras.Input(shape=(40,))
q = layers.Dense(32, activation="tanh")(query)
d = layers.Dense(32, activation="tanh")(doc)
sim = layers.Dot(axes=1, normalize=True)([q, d])
out = layers.Dense(1, activation="sigmoid")(sim)
model = keras.Model(inputs=[query, doc], outputs=out)
