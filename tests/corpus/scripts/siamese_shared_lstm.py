import keras
from keras import layers, ops

left = keras.Input(shape=(25,), name="left")
right = keras.Input(shape=(25,), name="right")
embed = layers.Embedding(8000, 50)
encoder = layers.LSTM(40)
left_vec = encoder(embed(left))
right_vec = encoder(embed(right))
diff = layers.Subtract()([left_vec, right_vec])
prod = layers.Multiply()([left_vec, right_vec])
features = layers.Concatenate()([diff, prod])
score = layers.Dense(1, activation="sigmoid")(features)
model = keras.Model([left, right], score)
