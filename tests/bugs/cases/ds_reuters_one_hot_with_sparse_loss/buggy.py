import keras
from keras import layers
from keras.datasets import reuters

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=1000)

def vectorize(sequences, dimension=1000):
    import numpy as np
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results

x_train = vectorize(train_data)
y_train = keras.utils.to_categorical(train_labels, 46)

model = keras.Sequential([
    keras.Input(shape=(1000,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(46, activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, batch_size=16, verbose=0)
