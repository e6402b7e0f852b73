"""Legal code that is certainly wrong: shapelens warns (SL3xx), and real Keras runs the same
program without an error -- each program carries, for Keras only, an assertion that shows what
Keras silently does (a softmax over one unit gives 1.0 everywhere, the categorical loss of one
unit is 0, ...).  The VALID programs get no warning, and are clean in Keras too."""

from __future__ import annotations


import pytest

from shapelens import analyze


H = "import numpy as np\nimport keras\nfrom keras import layers\n"
TF = "import tensorflow as tf\n"
ONES = "assert np.allclose(model.predict(np.random.rand(5, {n}), verbose=0), 1.0)\n"
ONES_FN = ("model = keras.Model(x, y)\nassert np.allclose(model.predict(np.random.rand(5, {shape}), verbose=0), 1.0)\n")


def seq(*layers_src, inp="(4,)"):
    return f"model = keras.Sequential([keras.Input({inp}), {', '.join(layers_src)}])\n"


def fit(y, loss, x="np.zeros((10, 4))"):
    return f"model.compile(optimizer='sgd', loss={loss})\nhist = model.fit({x}, {y}, epochs=1, verbose=0)\n"


# (id, program, code shapelens gives or None, what only Keras runs after the program: an assertion)
PROGRAMS = [
    # a softmax over one unit, in every spelling
    ("dense_softmax_1", H + seq("layers.Dense(1, activation='softmax')"), "SL302", ONES.format(n=4)),
    ("activation_layer_softmax_1", H + seq("layers.Dense(1)", "layers.Activation('softmax')"), "SL302",
     ONES.format(n=4)),
    ("softmax_layer_1", H + seq("layers.Dense(1)", "layers.Softmax()"), "SL302", ONES.format(n=4)),
    ("keras_activations_softmax_1", H + "x = keras.Input((4,))\ny = layers.Dense(1, activation=keras.activations.softmax)(x)\n",
     "SL302", ONES_FN.format(shape="4")),
    ("tf_nn_softmax_1", H + TF + "x = keras.Input((4,))\ny = layers.Dense(1, activation=tf.nn.softmax)(x)\n", "SL302",
     ONES_FN.format(shape="4")),
    ("time_distributed_softmax_1", H + "x = keras.Input((5, 4))\n"
     "y = layers.TimeDistributed(layers.Dense(1, activation='softmax'))(x)\n", "SL302", ONES_FN.format(shape="5, 4")),
    ("conv_mask_softmax_1", H + "x = keras.Input((8, 8, 3))\ny = layers.Conv2D(1, 3, padding='same', activation='softmax')(x)\n",
     "SL302", ONES_FN.format(shape="8, 8, 3")),
    ("softmax_with_classes", H + seq("layers.Dense(3, activation='softmax')"), None, ""),
    ("sigmoid_1", H + seq("layers.Dense(1, activation='sigmoid')"), None, ""),
    ("softmax_over_steps_axis_1", H + "x = keras.Input((5, 1))\ny = layers.Softmax(axis=1)(x)\n", None, ""),
    # the output activation against the cross-entropy
    ("one_sigmoid_unit_cce", H + seq("layers.Dense(1, activation='sigmoid')")
     + fit("np.ones((10, 1))", "'categorical_crossentropy'"), "SL303", "assert hist.history['loss'][0] == 0.0\n"),
    ("one_unit_scce", H + seq("layers.Dense(1, activation='sigmoid')")
     + fit("np.zeros((10,), dtype='int32')", "'sparse_categorical_crossentropy'"), "SL303",
     "assert hist.history['loss'][0] == 0.0\n"),
    ("linear_cce", H + seq("layers.Dense(3)") + fit("keras.utils.to_categorical(np.zeros(10), 3)", "'categorical_crossentropy'"),
     "SL303", ""),
    ("linear_scce_instance_default", H + seq("layers.Dense(3)")
     + fit("np.zeros((10,), dtype='int32')", "keras.losses.SparseCategoricalCrossentropy()"), "SL303", ""),
    ("linear_scce_from_logits", H + seq("layers.Dense(3)")
     + fit("np.zeros((10,), dtype='int32')", "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"), None, ""),
    ("linear_cce_from_logits", H + seq("layers.Dense(3)")
     + fit("keras.utils.to_categorical(np.zeros(10), 3)", "keras.losses.CategoricalCrossentropy(from_logits=True)"),
     None, ""),
    ("linear_activation_layer_after_softmax", H + "x = keras.Input((4,))\n"
     "y = layers.Activation('softmax')(layers.Dense(3)(x))\ny = layers.Activation('linear', dtype='float32')(y)\n"
     "model = keras.Model(x, y)\n"
     + fit("np.zeros((10,), dtype='int32')", "'sparse_categorical_crossentropy'"), None,
     "assert np.allclose(model.predict(np.random.rand(5, 4), verbose=0).sum(axis=-1), 1.0, atol=1e-5)\n"),
    ("sigmoid_units_cce", H + seq("layers.Dense(3, activation='sigmoid')")
     + fit("keras.utils.to_categorical(np.zeros(10), 3)", "'categorical_crossentropy'"), "SL303", ""),
    ("softmax_cce", H + seq("layers.Dense(3, activation='softmax')")
     + fit("keras.utils.to_categorical(np.zeros(10), 3)", "'categorical_crossentropy'"), None, ""),
    ("activation_unknown", H + "def build(act):\n    return keras.Sequential([keras.Input((4,)), layers.Dense(3, activation=act)])\n"
     "model = build(ACT)\n" + fit("keras.utils.to_categorical(np.zeros(10), 3)", "'categorical_crossentropy'"),
     None, ""),
    # binary cross-entropy on more than two classes
    ("bce_softmax_4", H + seq("layers.Dense(4, activation='softmax')")
     + fit("keras.utils.to_categorical(np.zeros(10), 4)", "'binary_crossentropy'"), "SL304", ""),
    ("bce_softmax_2", H + seq("layers.Dense(2, activation='softmax')")
     + fit("keras.utils.to_categorical(np.zeros(10), 2)", "'binary_crossentropy'"), None, ""),
    ("bce_sigmoid_multilabel", H + seq("layers.Dense(4, activation='sigmoid')")
     + fit("np.zeros((10, 4))", "'binary_crossentropy'"), None, ""),
    # a Sequential's data with other timesteps
    ("sequential_other_timesteps", H + seq("layers.LSTM(4)", "layers.Dense(1)", inp="(10, 3)")
     + fit("np.zeros((8, 1))", "'mse'", "np.zeros((8, 20, 3))"), "SL306", ""),
    ("sequential_same_timesteps", H + seq("layers.LSTM(4)", "layers.Dense(1)", inp="(10, 3)")
     + fit("np.zeros((8, 1))", "'mse'", "np.zeros((8, 10, 3))"), None, ""),
    ("sequential_free_timesteps", H + seq("layers.LSTM(4)", "layers.Dense(1)", inp="(None, 3)")
     + fit("np.zeros((8, 1))", "'mse'", "np.zeros((8, 20, 3))"), None, ""),
    # return_state=True at the end of a Sequential
    ("return_state_argmax", H + seq("layers.LSTM(4, return_state=True)", inp="(10, 3)")
     + "labels = np.argmax(model.predict(np.zeros((8, 10, 3)), verbose=0), axis=-1)\n", "SL305",
     "assert labels.shape == (3, 8)\n"),
    ("return_state_unpacked", H + seq("layers.LSTM(4, return_state=True)", inp="(10, 3)")
     + "out, h, c = model.predict(np.zeros((8, 10, 3)), verbose=0)\n", None, "assert out.shape == (8, 4)\n"),
    ("functional_return_state_as_outputs", H + "x = keras.Input((10, 3))\nouts = layers.GRU(4, return_state=True)(x)\n"
     "model = keras.Model(x, outs)\nfeats = np.array(model.predict(np.zeros((8, 10, 3)), verbose=0))\n", "SL305",
     "assert feats.shape == (2, 8, 4)\n"),
    ("functional_return_state_unpacked", H + "x = keras.Input((10, 3))\nouts = layers.GRU(4, return_state=True)(x)\n"
     "model = keras.Model(x, outs)\nfeats, state = model.predict(np.zeros((8, 10, 3)), verbose=0)\n", None,
     "assert feats.shape == (8, 4)\n"),
    ("functional_outputs_list_built_by_the_code", H + "x = keras.Input((10, 3))\n"
     "o, h = layers.GRU(4, return_state=True)(x)\nmodel = keras.Model(x, [o, h])\n"
     "both = np.array(model.predict(np.zeros((8, 10, 3)), verbose=0))\n", None, "assert both.shape == (2, 8, 4)\n"),
    ("return_state_first", H + seq("layers.GRU(4, return_state=True)", inp="(10, 3)")
     + "out = model.predict(np.zeros((8, 10, 3)), verbose=0)[0]\n", None, "assert out.shape == (8, 4)\n"),
]


def _loud(a):
    return [d for d in a.diagnostics if d.severity in ("error", "warning")]


@pytest.mark.parametrize("name,src,code,_after", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_program_in_shapelens(name, src, code, _after):
    src = src.replace("model = build(ACT)", "ACT = input()\nmodel = build(ACT)")
    a = analyze(src)
    loud = _loud(a)
    shown = "\n".join(f"  {d.code} {d.severity} line {d.span.line + 1}: {d.message}" for d in a.diagnostics)
    if code is None:
        assert not loud, f"{name}: expected nothing, got\n{shown}"
    else:
        assert [(d.code, d.severity) for d in loud] == [(code, "warning")], f"{name}: expected {code}, got\n{shown}"


def _keras_source(src, after):
    return src.replace("model = build(ACT)", "ACT = 'softmax'\nmodel = build(ACT)") + after


_runs: dict = {}


@pytest.mark.parametrize("name,src,code,after", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_program_runs_in_keras(keras_oracle, name, src, code, after):
    if not _runs:
        srcs = sorted({_keras_source(p[1], p[3]) for p in PROGRAMS})
        for s, r in zip(srcs, keras_oracle.run([{"source": s, "mode": "snippet"} for s in srcs])):
            _runs[s] = r
    res = _runs[_keras_source(src, after)]
    assert res["ok"], f"{name}: Keras must run it (shapelens only warns), but: {res['error']}"


def test_binary_crossentropy_on_ten_labels():
    src = (H + "(x, y), _ = keras.datasets.mnist.load_data()\n"
           + seq("layers.Flatten()", "layers.Dense(1, activation='sigmoid')", inp="(28, 28)")
           + fit("y", "'binary_crossentropy'", "x"))
    [d] = _loud(analyze(src))
    assert d.code == "SL304" and d.severity == "warning" and "0 to 9" in d.message


def test_binary_crossentropy_on_ten_labels_runs_in_keras(keras_oracle):
    # the same labels made here (keras.datasets needs the network): Keras trains without an error,
    # and the loss it minimises goes below 0 once the output leans to 'yes' (here: 0.9 for every
    # sample gives a mean below 0), so it says nothing about the classes
    src = (H + "x = np.random.rand(40, 28, 28)\ny = np.arange(40) % 10\n"
           + seq("layers.Flatten()", "layers.Dense(1, activation='sigmoid')", inp="(28, 28)")
           + fit("y", "'binary_crossentropy'", "x") + "assert np.isfinite(hist.history['loss'][0])\n"
           + "lean = keras.losses.binary_crossentropy(y[:, None].astype('float32'), np.full((40, 1), 0.9, 'float32'))\n"
           + "assert float(np.mean(keras.ops.convert_to_numpy(lean))) < 0\n")
    res = keras_oracle.run([{"source": src, "mode": "snippet"}])[0]
    assert res["ok"], res


def test_other_timesteps_through_flatten_is_not_called_harmless():
    # Keras raises here (the Dense after Flatten gets 20 * 4 values, not 10 * 4): no SL306 claim
    # that the model runs
    src = (H + seq("layers.LSTM(4, return_sequences=True)", "layers.Flatten()", "layers.Dense(1)", inp="(10, 3)")
           + fit("np.zeros((8, 1))", "'mse'", "np.zeros((8, 20, 3))"))
    assert "SL306" not in {d.code for d in analyze(src).diagnostics}


def test_other_timesteps_with_features_not_known_is_not_called_harmless():
    # the data's feature count is not known (it may differ from the Input's 3, and then Keras
    # raises): no SL306 claim that the model runs
    src = (H + "k = int(input())\n" + seq("layers.LSTM(4)", "layers.Dense(1)", inp="(10, 3)")
           + fit("np.zeros((8, 1))", "'mse'", "np.zeros((8, 20, k))"))
    assert "SL306" not in {d.code for d in analyze(src).diagnostics}
    # ... and with 3 features it is said
    src3 = src.replace("np.zeros((8, 20, k))", "np.zeros((8, 20, 3))")
    assert "SL306" in {d.code for d in analyze(src3).diagnostics}
