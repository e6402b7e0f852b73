# An encoder layer that forgets to unpack the LSTM's states before its Dense.
import keras
from keras import layers


class StateEncoder(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.lstm = layers.LSTM(units, return_state=True)
        self.summary = layers.Dense(units, activation="tanh")

    def call(self, x):
        outputs = self.lstm(x)
        return self.summary(outputs)


frames = keras.Input(shape=(20, 12))
code = StateEncoder(24)(frames)
model = keras.Model(frames, code)
