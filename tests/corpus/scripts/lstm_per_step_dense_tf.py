import tensorflow as tf

inputs = tf.keras.Input(shape=(24, 7))
x = tf.keras.layers.LSTM(32, return_sequences=True)(inputs)
x = tf.keras.layers.LSTM(32, return_sequences=True)(x)
outputs = tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(7))(x)
model = tf.keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer="adam", loss="mae")
