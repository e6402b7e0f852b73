"""Building blocks and Input as facts (issue "All of Keras", items 2 and 4).  Every number
here is what Keras 3.15.1 prints for the same program (checked when the test was written; the
oracle's Block and Lambda families compare such programs with Keras on every run)."""

import textwrap

from shapelens import analyze


def _run(src):
    return analyze(textwrap.dedent(src))


def _facts(a):
    return {(f.name, f.layer): (f.output_shape, f.params) for f in a.layers}


def _models(a):
    return {m.name: (m.outputs, m.params) for m in a.models}


def test_a_sequential_block_is_built_by_its_first_call():
    a = _run("""
        import keras
        from keras import layers
        block = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])
        inp = keras.Input((16,))
        x = block(inp)
        model = keras.Model(inp, layers.Dense(1)(x))
    """)
    f = _facts(a)
    assert f[("dense", "Dense")] == ((None, 8), 136) and f[("dense_1", "Dense")] == ((None, 4), 36)
    assert _models(a)["block"] == (((None, 4),), 172)
    assert _models(a)["model"] == (((None, 1),), 177)  # the block's 172 counted once, with the head's 5


def test_a_sequential_nested_in_a_sequential():
    a = _run("""
        import keras
        from keras import layers
        aug = keras.Sequential([layers.Dense(16)])
        outer = keras.Sequential([keras.Input((16,)), aug, layers.Dense(2)])
    """)
    assert _models(a)["outer"] == (((None, 2),), 306)
    assert _models(a)["aug"] == (((None, 16),), 272)  # built by the outer model, like Keras does


def test_a_model_called_twice_counts_its_weights_once():
    a = _run("""
        import keras
        from keras import layers
        e = keras.Input((10, 3))
        enc = keras.Model(e, layers.LSTM(5)(e), name="enc")
        i = keras.Input((10, 3))
        full = keras.Model(i, layers.Concatenate()([enc(i), enc(i)]))
    """)
    assert _models(a)["full"] == (((None, 10),), 180)


def test_lambda_output_shape():
    a = _run("""
        import keras
        from keras import layers, ops
        x = keras.Input((10, 3))
        a = layers.Lambda(lambda t: t[:, 0], output_shape=(3,))(x)
        b = layers.Lambda(lambda t: t * 2, output_shape=lambda s: s)(x)
        c = layers.Lambda(lambda t: t[:, -1, :])(x)
        d = layers.Lambda(lambda t, k: t * k, arguments={"k": 2.0})(x)
        e = layers.Lambda(lambda t: t * 2, output_shape=(4, 5))(x)
    """)
    shapes = [f.output_shape for f in a.layers if f.layer == "Lambda"]
    assert shapes == [(None, 3), (None, 10, 3), (None, 3), (None, 10, 3), (None, 4, 5)]
    assert not a.diagnostics


def test_lambda_with_tf_inside_stays_silent():
    a = _run("""
        import keras
        import tensorflow as tf
        x = keras.Input((10, 3))
        y = keras.layers.Lambda(lambda t: tf.reduce_mean(t, axis=1))(x)
    """)
    assert not a.diagnostics


def test_input_is_a_layer_fact():
    a = _run("""
        import keras
        inp = keras.Input(shape=(10, 3), name="series")
        s = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)])
        t = keras.layers.InputLayer(shape=(7,))
    """)
    inputs = [(f.name, f.output_shape, f.params, f.span.line) for f in a.layers if f.layer == "InputLayer"]
    assert inputs == [("series", (None, 10, 3), 0, 2), ("input_layer", (None, 5), 0, 3)]  # 0-based lines
