"""Keras 1/2 spellings Keras 3 removed or renamed: shapelens says what Keras 3 raises, offers the
Keras 3 spelling as a fix, and follows the shapes as if it were written.

Each program runs three times: in shapelens (the codes it gives), in real Keras 3 (the oracle
worker in snippet mode: fit really runs; the error Keras raises must be the one shapelens
names), and, with shapelens' fix applied, in Keras again (it must run, or raise the shape error
shapelens still reports) and in shapelens (no SL120 left)."""

from __future__ import annotations

import inspect

import pytest

from shapelens import analyze
from shapelens.catalog import RULES, legacy
from shapelens.edits import apply_edits


H = "import numpy as np\nimport keras\nfrom keras import layers\n"
SEQ = "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\nmodel.compile(optimizer='sgd', loss='mse')\n"
GEN = "def gen():\n    while True:\n        yield np.zeros((4, 4)), np.zeros((4, 1))\n\n\n"
SOFT = "model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
SIG = "model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation='sigmoid')])\n"

# (id, program, codes shapelens gives, (exception type, a piece of its message) Keras raises,
#  what the program does in Keras once the SL120 fix is applied: None = runs, else the code of the
#  shape error behind the old spelling, which shapelens must still report)
PROGRAMS = [
    ("fit_generator", H + GEN + SEQ + "model.fit_generator(gen(), steps_per_epoch=2, epochs=1, verbose=0)\n",
     {"SL120"}, ("AttributeError", "has no attribute 'fit_generator'"), None),
    ("fit_generator_workers", H + GEN + SEQ
     + "model.fit_generator(gen(), steps_per_epoch=2, epochs=1, verbose=0, workers=2, use_multiprocessing=False)\n",
     {"SL120"}, ("AttributeError", "fit_generator"), None),
    ("evaluate_generator", H + GEN + SEQ + "loss = model.evaluate_generator(gen(), steps=1, verbose=0)\n",
     {"SL120"}, ("AttributeError", "evaluate_generator"), None),
    ("predict_generator", H + SEQ + "def xs():\n    while True:\n        yield (np.zeros((4, 4)),)\n\n\n"
     "p = model.predict_generator(xs(), steps=1, verbose=0)\n", {"SL120"}, ("AttributeError", "predict_generator"), None),
    ("predict_classes_softmax", H + SOFT + "labels = model.predict_classes(np.zeros((5, 4)))\n"
     "assert labels.shape == (5,)\n", {"SL120"}, ("AttributeError", "predict_classes"), None),
    ("predict_classes_sigmoid", H + SIG + "labels = model.predict_classes(np.zeros((5, 4)))\n"
     "assert labels.shape == (5, 1)\n", {"SL120"}, ("AttributeError", "predict_classes"), None),
    ("predict_proba", H + SOFT + "p = model.predict_proba(np.zeros((5, 4)))\n", {"SL120"},
     ("AttributeError", "predict_proba"), None),
    ("nb_epoch", H + SEQ + "model.fit(np.zeros((8, 4)), np.zeros((8, 1)), nb_epoch=2, verbose=0)\n", {"SL120"},
     ("TypeError", "unexpected keyword argument 'nb_epoch'"), None),
    ("adam_lr", H + "opt = keras.optimizers.Adam(lr=0.01)\n", {"SL120"}, ("ValueError", "not recognized"), None),
    ("sgd_lr_momentum", H + "opt = keras.optimizers.SGD(lr=0.01, momentum=0.9, nesterov=True)\n", {"SL120"},
     ("ValueError", "not recognized"), None),
    ("legacy_optimizer", H + "opt = keras.optimizers.legacy.Adam()\n", {"SL120"}, ("ImportError", "legacy"), None),
    ("convolution2d_keras1", H + "model = keras.Sequential([keras.Input((28, 28, 1)), "
     "layers.Convolution2D(8, 3, 3, border_mode='same'), layers.Flatten(), layers.Dense(1)])\n"
     "assert model.output_shape == (None, 1)\n", {"SL120"}, ("ValueError", "Unrecognized keyword arguments"), None),
    ("dense_output_dim_init", H + "x = keras.Input((4,))\ny = layers.Dense(output_dim=10, init='uniform')(x)\n",
     {"SL120"}, ("TypeError", "required positional argument"), None),
    ("dense_w_regularizer", H + "x = keras.Input((4,))\n"
     "y = layers.Dense(10, W_regularizer=keras.regularizers.l2(0.01), bias=False)(x)\n", {"SL120"},
     ("ValueError", "W_regularizer"), None),
    ("lstm_keras1", H + "model = keras.Sequential([layers.LSTM(8, input_dim=3, input_length=10, dropout_W=0.2, "
     "dropout_U=0.2), layers.Dense(1)])\nmodel.compile(optimizer='sgd', loss='mse')\n"
     "model.fit(np.zeros((8, 10, 3)), np.zeros((8, 1)), epochs=1, verbose=0)\n", {"SL120"},
     ("ValueError", "Unrecognized keyword arguments"), None),
    ("conv1d_keras1", H + "x = keras.Input((20, 3))\n"
     "c = layers.Conv1D(nb_filter=8, filter_length=3, border_mode='same', subsample_length=2)(x)\n"
     "assert c.shape == (None, 10, 8)\n", {"SL120"}, ("TypeError", "required positional argument"), None),
    ("pooling1d_keras1", H + "x = keras.Input((20, 3))\np = layers.MaxPooling1D(pool_length=2, stride=2)(x)\n"
     "assert p.shape == (None, 10, 3)\n", {"SL120"}, ("ValueError", "pool_length"), None),
    ("dropout_p", H + "x = keras.Input((4,))\ny = layers.Dropout(p=0.5)(x)\n", {"SL120"},
     ("TypeError", "required positional argument"), None),
    ("dim_ordering_tf", H + "x = keras.Input((28, 28, 1))\ny = layers.Conv2D(8, (3, 3), dim_ordering='tf')(x)\n",
     {"SL120"}, ("ValueError", "dim_ordering"), None),
    ("cudnn_lstm", H + "x = keras.Input((10, 3))\ny = layers.CuDNNLSTM(8)(x)\n", {"SL120"},
     ("AttributeError", "CuDNNLSTM"), None),
    ("cudnn_gru_return_sequences", H + "x = keras.Input((10, 3))\ny = layers.CuDNNGRU(8, return_sequences=True)(x)\n"
     "z = layers.LSTM(4)(y)\n", {"SL120"}, ("AttributeError", "CuDNNGRU"), None),
    ("merge_concat", H + "a = keras.Input((4,))\nb = keras.Input((6,))\n"
     "c = layers.merge([a, b], mode='concat', concat_axis=-1)\nd = layers.Dense(1)(c)\n", {"SL120"},
     ("AttributeError", "merge"), None),
    ("merge_sum", H + "a = keras.Input((4,))\nb = keras.Input((4,))\nc = layers.merge([a, b], mode='sum')\n", {"SL120"},
     ("AttributeError", "merge"), None),
    ("convolution3d_positional", H + "x = keras.Input((8, 8, 8, 1))\ny = layers.Convolution3D(4, 3, 3, 3)(x)\n",
     {"SL120"}, ("AttributeError", "lower"), None),
    # imports of modules Keras 3 removed
    ("np_utils_module", H + "from keras.utils import np_utils\ny = np_utils.to_categorical(np.zeros(8), 3)\n"
     "assert y.shape == (8, 3)\n", {"SL120"}, ("ImportError", "cannot import name 'np_utils'"), None),
    ("np_utils_module_aliased", H + "from keras.utils import np_utils as nu\ny = nu.to_categorical(np.zeros(8), 3)\n",
     {"SL120"}, ("ImportError", "np_utils"), None),
    ("np_utils_to_categorical", H + "from keras.utils.np_utils import to_categorical\n"
     "y = to_categorical(np.zeros(8), 3)\n", {"SL120"}, ("ModuleNotFoundError", "keras.utils.np_utils"), None),
    ("layers_core", H + "from keras.layers.core import Dense, Dropout, Flatten\n"
     "model = keras.Sequential([keras.Input((4, 2)), Flatten(), Dropout(0.5), Dense(1)])\n"
     "assert model.output_shape == (None, 1)\n", {"SL120"}, ("ModuleNotFoundError", "keras.layers.core"), None),
    ("layers_recurrent", H + "from keras.layers.recurrent import LSTM, GRU\nx = keras.Input((10, 3))\n"
     "y = GRU(4)(LSTM(8, return_sequences=True)(x))\n", {"SL120"}, ("ModuleNotFoundError", "keras.layers.recurrent"),
     None),
    ("layers_merge_module", H + "from keras.layers.merge import concatenate\na = keras.Input((4,))\n"
     "b = keras.Input((6,))\nc = concatenate([a, b])\nassert c.shape == (None, 10)\n", {"SL120"},
     ("ModuleNotFoundError", "keras.layers.merge"), None),
    ("image_data_generator_from_keras", H + "from keras.preprocessing.image import ImageDataGenerator\n"
     "batches = ImageDataGenerator(rescale=1 / 255).flow(np.zeros((4, 8, 8, 3)), np.zeros(4), batch_size=2)\n"
     "assert next(iter(batches))[0].shape == (2, 8, 8, 3)\n", {"SL120"},
     ("ImportError", "cannot import name 'ImageDataGenerator'"), None),
    ("timeseries_generator_from_keras", H + "from keras.preprocessing.sequence import TimeseriesGenerator\n"
     "windows = TimeseriesGenerator(np.zeros((20, 2)), np.zeros(20), length=5, batch_size=4)\n"
     "assert windows[0][0].shape == (4, 5, 2)\n", {"SL120"}, ("ImportError", "TimeseriesGenerator"), None),
    # the shape bug behind an old spelling is still found
    ("old_import_hides_conv_rank_bug", H + "from keras.layers.convolutional import Convolution2D\n"
     "model = keras.Sequential([keras.Input((28, 28)), Convolution2D(8, (3, 3)), layers.Flatten(), layers.Dense(1)])\n",
     {"SL120", "SL101"}, ("ModuleNotFoundError", "keras.layers.convolutional"), "SL101"),
    ("np_utils_hides_class_count_bug", H + "from keras.utils import np_utils\n" + SOFT
     + "model.compile(optimizer='sgd', loss='categorical_crossentropy')\n"
       "model.fit(np.zeros((8, 4)), np_utils.to_categorical(np.zeros(8), 5), epochs=1, verbose=0)\n",
     {"SL120", "SL204"}, ("ImportError", "np_utils"), "SL204"),
    ("old_conv_on_3d_input", H + "model = keras.Sequential([keras.Input((28, 28)), "
     "layers.Convolution2D(8, 3, 3, border_mode='same'), layers.Flatten(), layers.Dense(1)])\n",
     {"SL120", "SL101"}, ("ValueError", "Unrecognized keyword arguments"), "SL101"),
    ("old_lstm_stack_without_sequences", H + "model = keras.Sequential([keras.Input((10, 3)), "
     "layers.LSTM(8, dropout_W=0.2), layers.LSTM(4), layers.Dense(1)])\n",
     {"SL120", "SL102"}, ("ValueError", "Unrecognized keyword arguments"), "SL102"),
    ("old_fit_kwarg_hides_target_bug", H + SOFT + "model.compile(optimizer='sgd', loss='categorical_crossentropy')\n"
     "model.fit(np.zeros((8, 4)), np.zeros((8,)), nb_epoch=1, verbose=0)\n",
     {"SL120", "SL203"}, ("TypeError", "nb_epoch"), "SL203"),
]


def _loud(a):
    return [d for d in a.diagnostics if d.severity in ("error", "warning")]


@pytest.mark.parametrize("name,src,codes,_raises,_after", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_program_in_shapelens(name, src, codes, _raises, _after):
    a = analyze(src)
    got = {d.code for d in a.diagnostics if d.severity != "hint"}
    shown = "\n".join(f"  {d.code} line {d.span.line + 1}: {d.message}" for d in a.diagnostics)
    assert got == codes, f"{name}: expected {sorted(codes)}, got\n{shown}"
    legacy_diags = [d for d in a.diagnostics if d.code == "SL120"]
    assert len(legacy_diags) == 1 and legacy_diags[0].fixes, f"{name}: one SL120 with a fix expected\n{shown}"


def _fixed(src):
    a = analyze(src)
    d = next(d for d in a.diagnostics if d.code == "SL120")
    return apply_edits(src, d.fixes[0].edits)


@pytest.mark.parametrize("name,src,_codes,_raises,after", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_fixed_program_in_shapelens(name, src, _codes, _raises, after):
    fixed = _fixed(src)
    a = analyze(fixed)
    errors = {d.code for d in a.diagnostics if d.severity == "error"}
    assert "SL120" not in errors, fixed
    assert errors == ({after} if after else set()), f"{name}: after the fix\n{fixed}\n{[d.message for d in a.diagnostics]}"


def test_positional_strides_warning():
    src = H + "x = keras.Input((28, 28, 1))\ny = layers.Convolution2D(8, 3, 3)(x)\n"
    a = analyze(src)
    [d] = _loud(a)
    assert d.code == "SL308" and d.severity == "warning" and "strides" in d.message
    # the shapes are what Keras 3 computes (strides=3), not what Keras 1 meant
    assert [f.output_shape for f in a.layers if f.layer == "Conv2D"] == [(None, 9, 9, 8)]
    fixed = apply_edits(src, d.fixes[0].edits)
    assert "Convolution2D(8, (3, 3))" in fixed and not _loud(analyze(fixed))
    # Conv2D is Keras 2's name: its third positional argument was always strides
    for conv in ("layers.Conv2D(8, 3, 3)", "layers.Conv2D(8, 5, 3)", "layers.SeparableConv2D(8, 3, 2)"):
        assert not _loud(analyze(H + f"x = keras.Input((28, 28, 1))\ny = {conv}(x)\n")), conv


def test_table_names_only_keras3_targets():
    """Every Keras 3 name the table translates to exists in some layer's Keras 3 signature (or
    is a layer the catalog knows)."""
    params = set()
    for rule in RULES.values():
        params |= set(rule.sig().parameters)
    for old, new in legacy.RENAMED_KWARGS.items():
        assert new in params, (old, new)
    for old, new in legacy.REMOVED_LAYERS.items():
        assert new is None or new in RULES, (old, new)


_runs: dict = {}


def _run(oracle, src):
    if not _runs:
        srcs = sorted({p[1] for p in PROGRAMS} | {_fixed(p[1]) for p in PROGRAMS} | {SIGNATURES})
        for s, r in zip(srcs, oracle.run([{"source": s, "mode": "snippet"} for s in srcs])):
            _runs[s] = r
    if src not in _runs:
        _runs[src] = oracle.run([{"source": src, "mode": "snippet"}])[0]
    return _runs[src]


@pytest.mark.parametrize("name,src,_codes,raises,_after", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_program_in_keras(keras_oracle, name, src, _codes, raises, _after):
    res = _run(keras_oracle, src)
    assert not res["ok"], f"{name}: Keras 3 ran the old spelling"
    kind, piece = raises
    assert res["error"]["type"] == kind and piece in res["error"]["message"], (name, res["error"])


@pytest.mark.parametrize("name,src,_codes,_raises,after", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_fixed_program_in_keras(keras_oracle, name, src, _codes, _raises, after):
    fixed = _fixed(src)
    res = _run(keras_oracle, fixed)
    if after is None:
        assert res["ok"], f"{name}: the fixed program fails in Keras: {res['error']}\n{fixed}"
    else:
        assert not res["ok"] and res["error"]["type"] == "ValueError", (name, res["error"])


SIGNATURES = ("import inspect\nimport keras\n" + "".join(
    f"assert tuple(inspect.signature(keras.Model.{m}).parameters)[1:len({p!r}) + 1] == {p!r}, "
    f"inspect.signature(keras.Model.{m})\n" for m, p in legacy.METHOD_PARAMS.items()))


def test_method_signatures_are_keras_3s(keras_oracle):
    res = _run(keras_oracle, SIGNATURES)
    assert res["ok"], res["error"]


# modules with no Keras 3 counterpart: the error, no fix
NO_FIX = [
    ("engine_topology", "from keras.engine.topology import Layer\n", "ModuleNotFoundError", "'keras.engine'"),
    ("wrappers_scikit_learn", "from keras.wrappers.scikit_learn import KerasClassifier\n", "ModuleNotFoundError",
     "keras.wrappers.scikit_learn"),
    ("preprocessing_text", "from keras.preprocessing.text import Tokenizer\n", "ModuleNotFoundError",
     "keras.preprocessing.text"),
]


@pytest.mark.parametrize("name,src,_kind,piece", NO_FIX, ids=[p[0] for p in NO_FIX])
def test_removed_module_without_counterpart(name, src, _kind, piece):
    [d] = _loud(analyze(H + src))
    assert d.code == "SL120" and not d.fixes and piece in d.message, d.message


@pytest.mark.parametrize("name,src,kind,piece", NO_FIX, ids=[p[0] for p in NO_FIX])
def test_removed_module_without_counterpart_in_keras(keras_oracle, name, src, kind, piece):
    res = _run(keras_oracle, H + src)
    assert not res["ok"] and res["error"]["type"] == kind and piece in res["error"]["message"], res


REMOVED_MODULES_IN_KERAS = ("import importlib\nimport keras\n" + "".join(
    f"try:\n    importlib.import_module({m!r})\nexcept ModuleNotFoundError as e:\n"
    f"    assert e.name == {legacy.MISSING_MODULE.get(m, m)!r}, e\nelse:\n    raise AssertionError({m!r})\n"
    for m in legacy.REMOVED_MODULES)
    + "".join(f"assert hasattr(keras.utils, {n!r})\n" for n in sorted(legacy.UTILS_NAMES)))


def test_removed_modules_table_is_keras_3s(keras_oracle):
    # every module the table calls removed is missing from Keras 3 (under the name the message
    # gives), and keras.utils has every name a fix imports from it
    res = _run(keras_oracle, REMOVED_MODULES_IN_KERAS)
    assert res["ok"], res["error"]


def test_method_params_table_is_plain():
    for m, p in legacy.METHOD_PARAMS.items():
        assert p[0] == "x" and len(set(p)) == len(p), m
    assert inspect.isfunction(legacy.translate_kwarg)


def test_imports_under_if_or_try_are_not_judged():
    # code that supports both Keras 2 and 3 tries the old module first: whether that line runs
    # under Keras 3 is not known, so nothing is said
    src = ("import keras\ntry:\n    from keras.layers.core import Dense\nexcept ImportError:\n"
           "    from keras.layers import Dense\nif keras.__version__ < '3':\n    from keras.utils import np_utils\n")
    assert not _loud(analyze(src))
