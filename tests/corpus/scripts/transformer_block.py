import keras
from keras import layers

maxlen, vocab, embed_dim, heads, ff_dim = 50, 2000, 32, 2, 64

inputs = keras.Input(shape=(maxlen,))
x = layers.Embedding(vocab, embed_dim)(inputs)
attn = layers.MultiHeadAttention(num_heads=heads, key_dim=embed_dim)(x, x)
attn = layers.Dropout(0.1)(attn)
x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, attn]))
ff = layers.Dense(ff_dim, activation="relu")(x)
ff = layers.Dense(embed_dim)(ff)
x = layers.LayerNormalization(epsilon=1e-6)(x + ff)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
