import numpy as np
from tensorflow.keras.preprocessing.image import ImageDataGenerator

photo = np.random.rand(20, 20, 3).astype("float32")
datagen = ImageDataGenerator(rotation_range=20, zoom_range=0.1)
augmented = datagen.flow(np.expand_dims(photo, 0), batch_size=1)
batch = next(augmented)
print(batch.shape)
