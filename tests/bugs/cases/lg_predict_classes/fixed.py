import numpy as np
import tensorflow as tf

X = np.random.rand(30, 4)
y = np.random.randint(0, 2, 30)
model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=1, verbose=0)

predict_x = (model.predict(X, verbose=0) > 0.5).astype("int32")
print(predict_x[:5])
