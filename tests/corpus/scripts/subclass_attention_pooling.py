# Additive attention pooling with its own weights over the steps of a bidirectional LSTM.
import keras
from keras import layers


class AttentionPool(layers.Layer):
    def __init__(self, hidden=32, **kwargs):
        super().__init__(**kwargs)
        self.hidden = hidden

    def build(self, input_shape):
        features = input_shape[-1]
        self.w = self.add_weight(shape=(features, self.hidden), initializer="glorot_uniform", name="w")
        self.b = self.add_weight(shape=(self.hidden,), initializer="zeros", name="b")
        self.v = self.add_weight(shape=(self.hidden, 1), initializer="glorot_uniform", name="v")

    def call(self, states):
        scores = keras.ops.tanh(keras.ops.matmul(states, self.w) + self.b)
        scores = keras.ops.matmul(scores, self.v)
        weights = keras.ops.softmax(scores, axis=1)
        return keras.ops.sum(weights * states, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[-1])


words = keras.Input(shape=(60,))
x = layers.Embedding(10000, 100)(words)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = AttentionPool(48)(x)
x = layers.Dense(32, activation="relu")(x)
sentiment = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(words, sentiment)
model.compile(optimizer="adam", loss="binary_crossentropy")
