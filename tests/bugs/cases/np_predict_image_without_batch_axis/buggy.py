import numpy as np
import keras
from keras import layers

images = np.random.rand(20, 16, 16, 3).astype("float32")
labels = np.random.randint(0, 4, size=(20,))

model = keras.Sequential([
    keras.Input(shape=(16, 16, 3)),
    layers.Conv2D(8, (3, 3), activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, labels, epochs=1, verbose=0)

new_image = np.random.rand(16, 16, 3).astype("float32")
probabilities = model.predict(new_image, verbose=0)
print(probabilities.argmax())
