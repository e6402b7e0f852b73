import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Conv2D, Flatten

X_train = tf.random.normal((24, 16, 16, 3))
y_train = tf.one_hot(tf.random.uniform((24,), maxval=2, dtype=tf.int32), depth=2)

model = Sequential([
    tf.keras.Input(shape=(16, 16, 3)),
    Conv2D(8, (3, 3), activation="relu"),
    Flatten(),
    Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X_train, y_train, epochs=1, verbose=0)
