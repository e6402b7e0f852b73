# A Model subclass that wires a functional graph in its constructor.
import keras
from keras import layers


class TabularNet(keras.Model):
    def __init__(self, n_features, hidden=64, classes=4, **kwargs):
        features = keras.Input(shape=(n_features,))
        h = layers.Dense(hidden, activation="relu")(features)
        h = layers.BatchNormalization()(h)
        h = layers.Dropout(0.3)(h)
        h = layers.Dense(hidden // 2, activation="relu")(h)
        scores = layers.Dense(classes, activation="softmax")(h)
        super().__init__(inputs=features, outputs=scores, **kwargs)


net = TabularNet(20, hidden=128, classes=5)
net.compile(optimizer="adam", loss="categorical_crossentropy")
