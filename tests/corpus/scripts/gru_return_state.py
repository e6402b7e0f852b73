import keras
from keras.layers import GRU, Dense, Input, Concatenate

inp = Input(shape=(16, 8))
seq, state = GRU(24, return_sequences=True, return_state=True)(inp)
last, last_state = GRU(24, return_state=True)(seq, initial_state=state)
both = Concatenate()([last, last_state])
model = keras.Model(inp, Dense(1)(both))
