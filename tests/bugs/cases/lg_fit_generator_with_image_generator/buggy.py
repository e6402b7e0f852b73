import numpy as np
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, Flatten, Dense, Input

x = np.random.rand(16, 20, 20, 3)
y = np.random.randint(0, 2, 16)
train_batches = ImageDataGenerator(horizontal_flip=True).flow(x, y, batch_size=4)

model = Sequential([Input(shape=(20, 20, 3)), Conv2D(4, 3, activation="relu"), Flatten(),
                    Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit_generator(train_batches, steps_per_epoch=4, epochs=1, verbose=0)
