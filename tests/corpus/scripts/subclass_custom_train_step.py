# A serializable block that builds its Dense in build(), inside a model with its own train_step.
import tensorflow as tf
import numpy as np
import keras
from tensorflow.keras.layers import Layer, Dense, Dropout


@keras.saving.register_keras_serializable(package="demo")
class MLPBlock(Layer):
    def __init__(self, units=32, rate=0.1, **kwargs):
        super(MLPBlock, self).__init__(**kwargs)
        self.units = units
        self.rate = rate
        self.supports_masking = True

    def build(self, input_shape):
        self.fc = Dense(self.units, activation="relu")
        self.fc.build(input_shape)
        self.drop = Dropout(self.rate)
        super().build(input_shape)

    def call(self, inputs, training=None, **kwargs):
        return self.drop(self.fc(inputs), training=training)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "rate": self.rate})
        return config


class Trainer(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.block = MLPBlock(16)
        self.out = Dense(1)
        self.loss_tracker = keras.metrics.Mean(name="loss")

    def call(self, x, training=False):
        return self.out(self.block(x, training=training))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=pred)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    @property
    def metrics(self):
        return [self.loss_tracker]


x = np.random.rand(64, 7).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = Trainer()
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=1, verbose=0)
preds = model.predict(x[:4])
