import numpy as np
import tensorflow as tf

batch_size = 4
model = tf.keras.Sequential([
    tf.keras.Input(shape=(1, 2), batch_size=batch_size),
    tf.keras.layers.LSTM(16, stateful=True, return_sequences=True),
    tf.keras.layers.LSTM(8, stateful=True),
    tf.keras.layers.Dense(1),
])
model.compile(loss="mse", optimizer="adam")
X = np.zeros((16, 1, 2))
y = np.zeros((16, 1))
for epoch in range(3):
    model.fit(X, y, batch_size=batch_size, epochs=1, shuffle=False)
