import numpy as np
from sklearn.decomposition import PCA
import keras
from keras import layers

X_raw = np.random.rand(50, 20)
y = np.random.randint(0, 2, 50)

X_reduced = PCA(n_components=5).fit_transform(X_raw)

model = keras.Sequential([
    keras.Input(shape=(X_raw.shape[1],)),
    layers.Dense(8, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X_reduced, y, epochs=1, verbose=0)
