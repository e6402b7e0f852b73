# A small text classifier: a learned position table (add_weight) and one encoder block.
import keras
from keras import layers


class TokenWithPosition(layers.Layer):
    def __init__(self, seq_len, vocab, dim, **kwargs):
        super().__init__(**kwargs)
        self.seq_len = seq_len
        self.dim = dim
        self.tokens = layers.Embedding(vocab, dim)

    def build(self, input_shape):
        self.positions = self.add_weight(shape=(self.seq_len, self.dim), initializer="uniform", name="pos")

    def call(self, ids):
        return self.tokens(ids) + self.positions


class EncoderBlock(layers.Layer):
    def __init__(self, dim, heads, hidden, drop=0.1, **kwargs):
        super().__init__(**kwargs)
        self.attention = layers.MultiHeadAttention(num_heads=heads, key_dim=dim // heads)
        self.feed_forward = keras.Sequential([
            layers.Dense(hidden, activation="gelu"),
            layers.Dense(dim),
        ])
        self.norm1 = layers.LayerNormalization(epsilon=1e-6)
        self.norm2 = layers.LayerNormalization(epsilon=1e-6)
        self.drop1 = layers.Dropout(drop)
        self.drop2 = layers.Dropout(drop)

    def call(self, x, training=False):
        mixed = self.attention(x, x)
        x = self.norm1(x + self.drop1(mixed, training=training))
        fed = self.feed_forward(x)
        return self.norm2(x + self.drop2(fed, training=training))


ids = keras.Input(shape=(40,), dtype="int32")
x = TokenWithPosition(40, 5000, 64)(ids)
x = EncoderBlock(64, 4, 128)(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.2)(x)
probs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(ids, probs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
