"""Regression cases from running ``shapelens check`` over public Keras code (Keras 3 examples,
book notebooks, tutorial repositories).  Each case is a small program written here, in our own
words, with the construct that produced a false alarm or an engine exception; each was run in
Keras 3.15 and builds (and runs forward) without error.  The engine runs with
SHAPELENS_STRICT=1 (tests/conftest.py), so an engine exception fails the test too.

Assert: no error and no warning (hints about deprecated style are fine).
"""

from __future__ import annotations

import textwrap

import pytest

from shapelens.analysis import analyze

CASES = {
    # Keras 3 still accepts LeakyReLU's old keyword (it warns that `alpha` is deprecated).
    "leaky_relu_alpha": """
        import keras

        model = keras.Sequential([
            keras.Input((16,)),
            keras.layers.Dense(32),
            keras.layers.LeakyReLU(alpha=0.1),
            keras.layers.Dense(1),
        ])
    """,
    # A Lambda layer may take a list of tensors: the function gets the list (the usual VAE
    # sampling step).
    "lambda_on_a_list": """
        import keras
        from keras import layers, ops

        def draw(pair):
            mu, log_var = pair
            return mu + ops.exp(0.5 * log_var) * keras.random.normal(ops.shape(mu))

        x = keras.Input((20,))
        mu = layers.Dense(3)(x)
        log_var = layers.Dense(3)(x)
        z = layers.Lambda(draw, output_shape=(3,))([mu, log_var])
        encoder = keras.Model(x, [mu, log_var, z])
    """,
    # A user-defined Layer subclass used inside Sequential (engine exception in seq_add).
    "custom_layer_in_sequential": """
        import keras

        class Scale(keras.layers.Layer):
            def __init__(self, factor=2.0, **kwargs):
                super().__init__(**kwargs)
                self.factor = factor

            def call(self, inputs):
                return inputs * self.factor

        model = keras.Sequential([keras.Input((8,)), Scale(), keras.layers.Dense(4), Scale(0.5)])
    """,
    # keras.layers.RNN over a user-defined cell (engine exception: the cell has no 'units').
    "rnn_with_custom_cell": """
        import keras

        class RunningSum(keras.layers.Layer):
            def __init__(self, width, **kwargs):
                super().__init__(**kwargs)
                self.state_size = width
                self.output_size = width

            def call(self, inputs, states):
                total = states[0] + inputs
                return total, [total]

        model = keras.Sequential([
            keras.Input((None, 6)),
            keras.layers.RNN(RunningSum(6), return_sequences=True),
            keras.layers.Dense(2),
        ])
    """,
    # Inputs named after loop variables whose values are unknown, in two loops (engine
    # exception when numbering layer names).
    "inputs_named_in_loops": """
        import keras

        for col in numeric_columns:
            num_input = keras.Input(shape=(1,), name=col)
        for col in text_columns:
            text_input = keras.Input(shape=(1,), name=col, dtype="string")
    """,
    # Unpacking an unknown iterable into a list display (engine exception _Unknowable).
    "starred_unknown_in_a_list": """
        ticks = [*reversed(labels)]
        pair = (*labels, "extra")
    """,
    # TF_USE_LEGACY_KERAS=1 before TensorFlow is imported makes tf.keras the Keras 2 package
    # (tf_keras): there TensorFlow functions on symbolic tensors become layers, and Keras 2
    # keywords are accepted.  Checked with tf_keras 2.21 (builds and runs forward); Keras 3's
    # rules do not apply to this file's tf.keras.
    "tf_keras_legacy_switch": """
        import os
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tensorflow as tf

        ids = tf.keras.Input(shape=(None,), dtype="int32")
        keep = tf.math.not_equal(ids, 0)
        vectors = tf.keras.layers.Embedding(50, 8)(ids)
        width = tf.shape(vectors)[1]
        pooled = tf.reduce_mean(vectors * tf.expand_dims(tf.cast(keep, "float32"), -1), axis=1)
        model = tf.keras.Model(ids, tf.keras.layers.Dense(2)(pooled))
        stateful = tf.keras.Sequential([
            tf.keras.layers.Embedding(50, 8, batch_input_shape=[4, None]),
            tf.keras.layers.GRU(6, stateful=True),
        ])
    """,
    # Code written for both Keras 2 and 3 tries the old spelling and falls back (or the other way
    # round): under Keras 3 the ValueError/ImportError is caught, nothing escapes.
    "legacy_spelling_in_try": """
        import keras

        try:
            sgd = keras.optimizers.SGD(lr=0.05, momentum=0.9)
        except (TypeError, ValueError):
            sgd = keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)
        try:
            adam = keras.optimizers.Adam(learning_rate=3e-4)
        except ValueError:
            adam = keras.optimizers.Adam(lr=3e-4)
        try:
            slow = keras.optimizers.legacy.RMSprop(learning_rate=1e-3)
        except ImportError:
            slow = keras.optimizers.RMSprop(learning_rate=1e-3)
        net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3)])
        net.compile(optimizer=adam, loss="mse")
    """,
    # hasattr on a removed model method: Keras 3 takes the fit() branch.
    "removed_method_behind_hasattr": """
        import numpy as np
        import keras

        net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3)])
        net.compile(optimizer="sgd", loss="mse")

        def pairs():
            while True:
                yield np.ones((8, 6), "float32"), np.zeros((8, 3), "float32")

        if hasattr(net, "fit_generator"):
            net.fit_generator(pairs(), steps_per_epoch=3, epochs=1, verbose=0)
        else:
            net.fit(pairs(), steps_per_epoch=3, epochs=1, verbose=0)
    """,
    # A branch on the installed version (directly, or through a name set from __version__).
    "legacy_spelling_behind_version_check": """
        import tensorflow as tf
        import keras

        if keras.__version__.startswith("2."):
            opt = keras.optimizers.Adam(lr=0.01)
        else:
            opt = keras.optimizers.Adam(learning_rate=0.01)
        tf_minor = int(tf.__version__.split(".")[1])
        if tf_minor < 11:
            opt2 = tf.keras.optimizers.legacy.Adam(learning_rate=0.01)
        else:
            opt2 = tf.keras.optimizers.Adam(learning_rate=0.01)
        net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3)])
        net.compile(optimizer=opt, loss="mse")
    """,
    # A long but ordinary string concatenation: valid Python, must not be a syntax error.
    "long_plus_chain": "text = " + " + ".join(f'"part{i} "' for i in range(400)) + "\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_error_or_warning(name):
    text = textwrap.dedent(CASES[name]).lstrip("\n")
    compile(text, f"{name}.py", "exec")  # the case itself is valid Python
    result = analyze(text)
    loud = [(d.code, d.severity, d.span.line + 1, d.message) for d in result.diagnostics
            if d.severity in ("error", "warning")]
    assert not loud, f"{name}: false alarm(s) on correct Keras code: {loud}"
