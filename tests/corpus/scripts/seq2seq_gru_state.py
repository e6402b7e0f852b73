import tensorflow as tf
from tensorflow import keras

src_vocab, tgt_vocab, units = 1200, 900, 64

enc_in = keras.Input(shape=(None,), name="source")
enc_emb = keras.layers.Embedding(src_vocab, 32)(enc_in)
_, enc_state = keras.layers.GRU(units, return_state=True)(enc_emb)

dec_in = keras.Input(shape=(None,), name="target")
dec_emb = keras.layers.Embedding(tgt_vocab, 32)(dec_in)
dec_seq = keras.layers.GRU(units, return_sequences=True)(dec_emb, initial_state=enc_state)
logits = keras.layers.Dense(tgt_vocab)(dec_seq)

translator = keras.Model([enc_in, dec_in], logits)
translator.compile(
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
