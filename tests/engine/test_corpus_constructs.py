"""Constructs that real Keras code puts around its layers, found by triaging the layer calls of
the real-world corpus that got no shape (scripts/realworld_corpus.py): each program here is
analysed, and every top-level layer call's output shape and weight count are compared with what
Keras 3.15.1 reports for the same program (the oracle runs it)."""

from __future__ import annotations

import textwrap

import pytest

from shapelens import analyze

MARK = "# ---- top level\n"

PROGRAMS = {
    # tf.range in a layer's call: the keras-io token-and-position embedding, a limit from a
    # static dim (tf.shape(x)[-1]) and from a config value, keywords and positions
    "tf_range_positions": '''
        import tensorflow as tf
        import keras
        from keras import layers

        class TokenAndPositionEmbedding(layers.Layer):
            def __init__(self, maxlen, vocab_size, embed_dim):
                super().__init__()
                self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
                self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

            def call(self, x):
                maxlen = tf.shape(x)[-1]
                positions = tf.range(start=0, limit=maxlen, delta=1)
                return self.token_emb(x) + self.pos_emb(positions)

        class Positions(layers.Layer):
            def __init__(self, n, dim):
                super().__init__()
                self.n = n
                self.emb = layers.Embedding(n, dim)

            def call(self, x):
                return x + self.emb(tf.range(self.n))

        # ---- top level
        inputs = layers.Input(shape=(200,))
        x = TokenAndPositionEmbedding(200, 20000, 32)(inputs)
        patches = layers.Input(shape=(64, 16))
        p = Positions(64, 16)(patches)
        out = layers.Dense(3)(layers.GlobalAveragePooling1D()(x + p[:, :1, :1]))
    ''',
    # Sequential.build with its keyword (dragen1860's lessons, Raschka's chapter 15)
    "build_keyword": '''
        import keras
        from keras import layers

        # ---- top level
        model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dropout(0.5), layers.Dense(4)])
        model.build(input_shape=(None, 28))
        head = keras.Sequential()
        head.add(layers.Dense(8))
        head.build(input_shape=[None, 5])
    ''',
    # the backend's image_data_format deciding the input's layout (Heaton's and Keras 2 examples)
    "image_data_format": '''
        import keras
        from tensorflow.keras import backend as K
        from keras import layers

        img_rows, img_cols = 28, 28
        if K.image_data_format() == "channels_first":
            input_shape = (1, img_rows, img_cols)
        else:
            input_shape = (img_rows, img_cols, 1)
        fmt = keras.config.image_data_format()
        # ---- top level
        inputs = keras.Input(shape=input_shape)
        x = layers.Conv2D(8, (3, 3), data_format=fmt)(inputs)
        x = layers.Flatten()(x)
    ''',
    # keras.activations on Keras tensors (Géron's chapter 15, custom attention code)
    "activations": '''
        import keras
        from keras import layers, activations

        # ---- top level
        inputs = keras.Input(shape=(10, 4))
        h = layers.Dense(6)(inputs)
        h = keras.activations.tanh(h) + activations.sigmoid(h)
        w = layers.Dense(1)(activations.softmax(h, axis=1))
        out = layers.Dense(2)(keras.activations.relu(layers.Flatten()(w)))
    ''',
    # keras.activations.get in a custom layer (Géron's ResidualUnit, keras-io's graph layers)
    "activations_get": '''
        import keras
        from keras import layers

        class ResidualUnit(layers.Layer):
            def __init__(self, filters, strides=1, activation="relu", **kwargs):
                super().__init__(**kwargs)
                self.activation = keras.activations.get(activation)
                self.main_layers = [
                    layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False),
                    layers.BatchNormalization(),
                ]
                self.skip_layers = []
                if strides > 1:
                    self.skip_layers = [layers.Conv2D(filters, 1, strides=strides, padding="same", use_bias=False),
                                        layers.BatchNormalization()]

            def call(self, inputs):
                z = inputs
                for layer in self.main_layers:
                    z = self.activation(layer(z))
                skip_z = inputs
                for layer in self.skip_layers:
                    skip_z = layer(skip_z)
                return self.activation(z + skip_z)

        class Plain(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.act = keras.activations.get(None)
                self.dense = layers.Dense(5)

            def call(self, x):
                return self.act(self.dense(x))

        # ---- top level
        inputs = keras.Input(shape=(16, 16, 8))
        x = ResidualUnit(8)(inputs)
        x = ResidualUnit(16, strides=2)(x)
        y = Plain()(layers.Flatten()(x))
    ''',
}


def _engine_calls(src: str) -> list:
    a = analyze(src)
    top = src[: src.index(MARK)].count("\n") + 1
    return sorted(((f.layer, f.output_shape, f.params) for f in a.layers
                   if f.span.line >= top and f.layer != "InputLayer"), key=repr), a


def _shape(s):
    if isinstance(s, list) and s and isinstance(s[0], list):
        return [tuple(x) for x in s]
    return tuple(s) if isinstance(s, list) else s


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_top_level_calls_match_keras(keras_oracle, name):
    src = textwrap.dedent(PROGRAMS[name]).lstrip("\n")
    res = keras_oracle.run_one(src)
    assert res["ok"], res["error"]
    keras_calls = sorted(((c["layer"], _shape(c["output_shape"]), c["params"]) for c in res["calls"]), key=repr)
    mine, a = _engine_calls(src)
    assert mine == keras_calls
    assert not [d for d in a.diagnostics if d.severity in ("error", "warning")]


BUILT_ON_DATA = """
    import numpy as np
    import keras
    from keras import layers

    aug = keras.Sequential([layers.Rescaling(1 / 255.0), layers.Resizing(52, 52), layers.RandomCrop(48, 48)])
    head = keras.Sequential([layers.Dense(3)])
    one = aug(np.zeros((32, 32, 3), dtype="float32"))
    again = aug(np.ones((32, 32, 3), dtype="float32"))
    rows = head(np.zeros((5, 4), dtype="float32"))
"""


def test_a_sequential_built_by_a_call_on_data_takes_the_datas_own_shape(keras_oracle):
    """A Sequential without an input shape is built by its first call with the data's shape, its
    first axis included (Keras' Layer.__call__): Resizing and RandomCrop take a rank-3 input as
    one image, so one (32, 32, 3) image gives (48, 48, 3), not a batch of 32 rows (keras-io's
    temporal latent bottleneck maps such a Sequential over the single images of a tf.data
    dataset; the batch-axis reading made a false broadcast error downstream)."""
    src = textwrap.dedent(BUILT_ON_DATA).lstrip("\n")
    res = keras_oracle.run_one(src)
    assert res["ok"], res["error"]
    # (Keras lists each Sequential call after the layers its first call built)
    keras_out = [_shape(c["output_shape"]) for c in res["calls"] if c["layer"] == "Sequential"]
    a = analyze(src)
    mine = {s.text: s.shape for s in a.symbols}
    assert [mine["one"], mine["again"], mine["rows"]] == keras_out
    layers_ = {(f.layer, f.input_shape, f.output_shape) for f in a.layers}
    assert ("Resizing", (32, 32, 3), (52, 52, 3)) in layers_ and ("Dense", (5, 4), (5, 3)) in layers_


FIT_ON_STRINGS = """
    import numpy as np
    import tensorflow as tf
    import keras
    from keras import layers

    texts = np.array(["a good film", "a bad film", "so so"] * 10)
    labels = np.array([1, 0, 1] * 10)
    train_ds = tf.data.Dataset.from_tensor_slices((texts, labels)).batch(4)
    vectorize_layer = layers.TextVectorization(max_tokens=100, output_mode="int", output_sequence_length=12)
    vectorize_layer.adapt(train_ds.map(lambda x, y: x))
    model = keras.Sequential([
        vectorize_layer,
        layers.Embedding(100, 16),
        layers.GlobalAveragePooling1D(),
        layers.Dense(16, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    model.fit(train_ds, epochs=1, verbose=0)
"""


def test_a_sequential_fitted_on_a_batch_of_strings_is_built_from_it(keras_oracle):
    """A Sequential without an input shape whose first layer takes rank 1 (TextVectorization)
    is built by ``fit`` on a dataset of string batches, (None,), as Keras builds it (the
    TensorFlow text tutorials' word-embedding models)."""
    src = textwrap.dedent(FIT_ON_STRINGS).lstrip("\n")
    res = keras_oracle.run_one(src)
    assert res["ok"], res["error"]
    (km,) = [m for m in res["models"] if m["var"] == "model"]
    a = analyze(src)
    (m,) = [m for m in a.models if m.name == "model"]
    assert [(r.layer, r.output_shape, r.params) for r in m.rows] == \
        [(lay["layer"], _shape(lay["output_shape"]), lay["params"]) for lay in km["layers"]]
    assert not [d for d in a.diagnostics if d.severity in ("error", "warning")]
