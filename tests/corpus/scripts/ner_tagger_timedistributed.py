from tensorflow import keras
from tensorflow.keras import layers

n_words, n_tags, max_len = 3500, 17, 75

word_in = keras.Input(shape=(max_len,))
x = layers.Embedding(input_dim=n_words + 1, output_dim=50, mask_zero=True)(word_in)
x = layers.SpatialDropout1D(0.1)(x)
x = layers.Bidirectional(layers.LSTM(units=100, return_sequences=True, recurrent_dropout=0.1))(x)
out = layers.TimeDistributed(layers.Dense(n_tags, activation="softmax"))(x)
model = keras.Model(word_in, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
