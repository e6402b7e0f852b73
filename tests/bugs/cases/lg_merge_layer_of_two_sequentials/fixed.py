import numpy as np
from keras import Input, Model
from keras.layers import Dense, Concatenate

x12 = Input(shape=(2,))
x3 = Input(shape=(1,))
y1 = Dense(1, activation="sigmoid")(x12)
merged = Concatenate()([y1, x3])
y2 = Dense(1)(merged)
result = Model([x12, x3], y2)
result.compile(optimizer="adam", loss="mse")
result.fit([np.random.rand(8, 2), np.random.rand(8, 1)], np.random.rand(8, 1), epochs=1, verbose=0)
