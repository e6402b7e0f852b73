import keras
from keras import layers

enc_in = keras.Input(shape=(20, 16))
dec_in = keras.Input(shape=(12, 16))
enc_seq, h, c = layers.LSTM(32, return_sequences=True, return_state=True)(enc_in)
dec_seq = layers.LSTM(32, return_sequences=True)(dec_in, initial_state=[h, c])
context = layers.Attention()([dec_seq, enc_seq])
merged = layers.Concatenate()([dec_seq, context])
out = layers.TimeDistributed(layers.Dense(10, activation="softmax"))(merged)
model = keras.Model([enc_in, dec_in], out)
model.compile("adam", "categorical_crossentropy")
