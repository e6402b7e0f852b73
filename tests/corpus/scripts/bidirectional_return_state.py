import keras
from keras import layers

tokens = keras.Input(shape=(None,), dtype="int64")
emb = layers.Embedding(3000, 64, mask_zero=True)(tokens)
enc_out, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(32, return_state=True))(emb)
state_h = layers.Concatenate()([fh, bh])
state_c = layers.Concatenate()([fc, bc])
dec_tokens = keras.Input(shape=(None,), dtype="int64")
dec_emb = layers.Embedding(3000, 64)(dec_tokens)
dec_seq = layers.LSTM(64, return_sequences=True)(dec_emb, initial_state=[state_h, state_c])
probs = layers.Dense(3000, activation="softmax")(dec_seq)
model = keras.Model([tokens, dec_tokens], probs)
