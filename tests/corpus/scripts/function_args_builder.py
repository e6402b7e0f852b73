import keras
from keras import layers


def make_classifier(seq_len, n_features, hidden=(64, 32), n_classes=3, dropout=0.25):
    inputs = keras.Input(shape=(seq_len, n_features))
    x = inputs
    for i, units in enumerate(hidden):
        last = i == len(hidden) - 1
        x = layers.LSTM(units, return_sequences=not last)(x)
        x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="classifier")


clf = make_classifier(40, 6, hidden=(48, 24, 12), n_classes=5)
small = make_classifier(10, 2)
