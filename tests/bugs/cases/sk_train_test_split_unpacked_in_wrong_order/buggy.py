import numpy as np
from sklearn.model_selection import train_test_split
import tensorflow as tf

X = np.random.rand(80, 6)
y = np.random.randint(0, 2, 80)

X_train, y_train, X_test, y_test = train_test_split(X, y, test_size=0.25, random_state=1)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(6,)),
    tf.keras.layers.Dense(4, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X_train, y_train, epochs=1, verbose=0)
