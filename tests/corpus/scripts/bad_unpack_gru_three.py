import keras
from keras.layers import GRU, Input

inp = Input(shape=(8, 2))
out, h, c = GRU(16, return_state=True)(inp)
