import numpy as np
import tensorflow as tf

X = np.random.rand(24, 14, 2).astype(np.float32)
y = np.random.rand(24, 1).astype(np.float32)

model = tf.keras.models.Sequential([
    tf.keras.layers.Input(shape=(14, 2)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(16, return_sequences=True)),
    tf.keras.layers.LSTM(8),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss=tf.keras.losses.MeanSquaredError())
model.fit(X, y, epochs=2, batch_size=6)
preds = model.predict(X[:4])
