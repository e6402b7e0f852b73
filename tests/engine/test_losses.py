"""Targets against the model's output and the loss, as Keras 3 pairs them.

* ``loss_table.json`` is recorded from real ``model.fit`` runs in Keras 3.15.1
  (``scripts/record_loss_table.py``); ``losses.judge`` must give the same answer on every row:
  Keras raised <=> "error"; Keras ran and the loss function got targets and outputs of the same
  shape (after its own squeeze/expand of a trailing 1) <=> "fine"; ran on other shapes <=>
  "broadcast".
* every spelling of a loss the table knows resolves to the function Keras 3 runs.
* whole programs: what shapelens says, and what real Keras does with the same program (the
  oracle worker in snippet mode: ``fit`` really runs, in batches).
"""

from __future__ import annotations


import pytest

from shapelens import analyze
from shapelens.engine.keras import losses


TABLE = losses.table()
ROWS = TABLE.get("cases", [])


def test_table_is_recorded_from_keras_3():
    assert TABLE.get("keras", "").startswith("3."), "loss_table.json: run scripts/record_loss_table.py"
    recorded = {r[0] for r in ROWS}
    assert set(losses.FAMILY) <= recorded, f"losses without recorded cases: {set(losses.FAMILY) - recorded}"
    assert len(ROWS) > 1000


def _expected(row) -> str:
    loss, _out, _y, _b, res = row
    if res[0] == "raise":
        return "error"
    ys, ps = res[1], res[2]
    family = losses.FAMILY[loss]
    if family == "sparse":
        return "fine"
    if family == "sparse_onehot":
        return "fine" if ys == ps[:-1] else "broadcast"
    return "fine" if ys == ps else "broadcast"


def _by_loss():
    out = {}
    for r in ROWS:
        out.setdefault(r[0], []).append(r)
    return sorted(out.items())


@pytest.mark.parametrize("loss,rows", _by_loss(), ids=[k for k, _ in _by_loss()])
def test_judge_agrees_with_keras_on_every_recorded_fit(loss, rows):
    wrong = []
    for row in rows:
        _loss, out, y, b, res = row
        v = losses.judge(loss, tuple(y), tuple(out), {b})
        if loss not in losses.FAMILY:
            assert v.kind == "unknown"  # ctc, circle: not judged
            continue
        want = _expected(row)
        if v.kind != want:
            wrong.append(f"targets {tuple(y)} output {tuple(out)} batch {b}: Keras {res[0]}"
                         f"{' ' + str(res[1:]) if res[0] == 'ok' else ': ' + res[1][:120]} -> expected {want}, "
                         f"judge says {v.kind}")
            continue
        if res[0] == "ok" and losses.FAMILY[loss] in ("elementwise", "same"):
            seen = ([b if d == losses.B else d for d in v.y_seen], [b if d == losses.B else d for d in v.out_seen])
            if seen != (res[1], res[2]):
                wrong.append(f"targets {tuple(y)} output {tuple(out)}: the loss got {res[1]} and {res[2]}, "
                             f"judge says {seen}")
    assert not wrong, f"{loss}: {len(wrong)} of {len(rows)} rows disagree:\n" + "\n".join(wrong[:20])


def test_judge_with_unknown_batch():
    # (N,) against (None, 3) under mse: raises unless each batch holds 3 (or 1) samples
    v = losses.judge("mean_squared_error", (None,), (None, 3), None)
    assert v.kind == "depends"
    assert losses.judge("mean_squared_error", (10,), (None, 3), {10}).kind == "error"
    assert losses.judge("mean_squared_error", (3,), (None, 3), {3}).kind == "broadcast"
    # symbolic sizes stay unknown unless equal
    assert losses.judge("mean_squared_error", ("n", "k"), (None, "k"), None).kind == "fine"
    assert losses.judge("mean_squared_error", ("n", "k"), (None, "j"), None).kind == "unknown"
    assert losses.judge("binary_crossentropy", (None, None), (None, 3), None).kind == "unknown"
    assert losses.judge("ctc", (10, 4), (None, 7, 5), {10}).kind == "unknown"


def test_batch_sizes_as_fit_cuts_them():
    assert losses.batch_sizes(100, 32) == {32, 4}
    assert losses.batch_sizes(10, 32) == {10}
    assert losses.batch_sizes(64, 32) == {32}
    assert losses.batch_sizes(None, 32) is None


def test_every_recorded_spelling_resolves_as_keras_does():
    for key, entry in TABLE["spellings"].items():
        kind, name = key.split(":", 1)
        if kind == "str":
            spec = losses.from_string(name)
            if "canonical" in entry:
                assert spec is not None and spec.name == entry["canonical"], key
            elif entry.get("when") in ("fit", "compile"):
                assert spec is not None and spec.error and not spec.name, key
        elif kind == "fn" and "canonical" in entry:
            assert losses.from_function(name).name == entry["canonical"], key
        elif kind == "fn":
            # a function that needs more than the targets and the output (q=): Keras raises a
            # TypeError at fit; the engine does not judge it
            assert entry["error"].startswith("TypeError") and losses.from_function(name) is None, key
        elif kind == "cls" and "canonical" in entry:
            assert losses.from_class(name, {}, name + "()").name == entry["canonical"], key


def test_keras2_strings_have_their_keras3_name():
    for old, new in losses.KERAS2_STRINGS.items():
        assert TABLE["spellings"][f"str:{old}"].get("error"), old  # Keras 3 rejects the old name
        assert TABLE["spellings"][f"str:{new}"].get("canonical"), new  # and knows the new one


# -- whole programs --------------------------------------------------------------------------------

H = "import numpy as np\nimport keras\nfrom keras import layers\n"
TF = "import tensorflow as tf\n"


def seq(*layers_src, inp="(4,)"):
    return f"model = keras.Sequential([keras.Input({inp}), {', '.join(layers_src)}])\n"


def fit(y, loss, x="np.zeros((10, 4))", extra=""):
    return f"model.compile(optimizer='sgd', loss={loss})\nmodel.fit({x}, {y}, epochs=1, verbose=0{extra})\n"


TWO = ("inp = keras.Input((4,))\nprice = layers.Dense(1, name='price')(inp)\n"
       "kind = layers.Dense(3, activation='softmax', name='kind')(inp)\nmodel = keras.Model(inp, [price, kind])\n")

# (id, program, code shapelens gives or None, what Keras does: "raise" | "ok" | "either")
PROGRAMS = [
    ("mse_1d_targets_vs_3_units", H + seq("layers.Dense(3)") + fit("np.zeros((10,))", "'mse'"), "SL204", "raise"),
    ("mse_1d_targets_vs_1_unit", H + seq("layers.Dense(1)") + fit("np.zeros((10,))", "'mse'"), None, "ok"),
    ("mse_1d_targets_batch_equals_units", H + seq("layers.Dense(3)") + fit("np.zeros((3,))", "'mse'", "np.zeros((3, 4))"),
     "SL205", "ok"),
    ("mse_1d_targets_batches_of_32_vs_32_units",
     H + seq("layers.Dense(32)") + fit("np.zeros((64,))", "'mse'", "np.zeros((64, 4))", ", batch_size=32"), "SL205", "ok"),
    ("mse_n1_vs_sequence_output", H + seq("layers.LSTM(4, return_sequences=True)", "layers.Dense(1)", inp="(5, 2)")
     + fit("np.zeros((10, 1))", "'mse'", "np.zeros((10, 5, 2))"), "SL205", "ok"),
    ("mse_nT_vs_sequence_output_squeezed", H + seq("layers.LSTM(4, return_sequences=True)", "layers.Dense(1)", inp="(5, 2)")
     + fit("np.zeros((10, 5))", "'mse'", "np.zeros((10, 5, 2))"), None, "ok"),
    ("mse_1d_vs_sequence_output", H + seq("layers.LSTM(4, return_sequences=True)", "layers.Dense(1)", inp="(5, 2)")
     + fit("np.zeros((10,))", "'mse'", "np.zeros((10, 5, 2))"), "SL205", "ok"),
    ("mae_wider_targets_than_output", H + seq("layers.Dense(1)") + fit("np.zeros((10, 5))", "'mae'"), "SL205", "ok"),
    ("huber_n1_vs_4_units", H + seq("layers.Dense(4)") + fit("np.zeros((10, 1))", "'huber'"), "SL205", "ok"),
    ("poisson_1d_vs_3_units", H + seq("layers.Dense(3)") + fit("np.zeros((10,))", "'poisson'"), "SL204", "raise"),
    ("kld_matching", H + seq("layers.Dense(3, activation='softmax')") + fit("np.zeros((10, 3))", "'kld'"), None, "ok"),
    ("mse_function_object", H + seq("layers.Dense(1)") + fit("np.zeros((10, 5))", "keras.losses.mean_squared_error"),
     "SL205", "ok"),
    ("mse_instance", H + seq("layers.Dense(3)") + fit("np.zeros((10,))", "keras.losses.MeanSquaredError()"),
     "SL204", "raise"),
    ("bce_1d_vs_3_units", H + seq("layers.Dense(3, activation='sigmoid')") + fit("np.zeros((10,))", "'binary_crossentropy'"),
     "SL204", "raise"),
    ("bce_1d_vs_1_unit", H + seq("layers.Dense(1, activation='sigmoid')") + fit("np.zeros((10,))", "'binary_crossentropy'"),
     None, "ok"),
    ("cce_integer_labels", H + seq("layers.Dense(3, activation='softmax')")
     + fit("np.zeros((10,), dtype='int32')", "'categorical_crossentropy'"), "SL203", "raise"),
    ("cce_integer_labels_n1", H + seq("layers.Dense(3, activation='softmax')")
     + fit("np.zeros((10, 1), dtype='int32')", "'categorical_crossentropy'"), "SL203", "raise"),
    ("cce_class_count_differs", H + seq("layers.Dense(5, activation='softmax')")
     + fit("keras.utils.to_categorical(np.zeros(10), 10)", "'categorical_crossentropy'"), "SL204", "raise"),
    ("scce_one_hot_targets", H + seq("layers.Dense(3, activation='softmax')")
     + fit("keras.utils.to_categorical(np.zeros(10), 3)", "'sparse_categorical_crossentropy'"), "SL203", "raise"),
    ("scce_instance_one_hot", H + seq("layers.Dense(3)")
     + fit("np.eye(3)[np.zeros(10, dtype='int32')]", "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"),
     "SL203", "raise"),
    ("scce_labels", H + seq("layers.Dense(3, activation='softmax')")
     + fit("np.zeros((10,), dtype='int32')", "'sparse_categorical_crossentropy'"), None, "ok"),
    ("scce_labels_n1", H + seq("layers.Dense(3, activation='softmax')")
     + fit("np.zeros((10, 1), dtype='int32')", "'sparse_categorical_crossentropy'"), None, "ok"),
    ("scce_per_step_labels", H + seq("layers.LSTM(4, return_sequences=True)", "layers.Dense(3, activation='softmax')",
                                     inp="(5, 2)")
     + fit("np.zeros((10, 5))", "'sparse_categorical_crossentropy'", "np.zeros((10, 5, 2))"), None, "ok"),
    ("scce_wrong_steps", H + seq("layers.LSTM(4, return_sequences=True)", "layers.Dense(3, activation='softmax')",
                                 inp="(5, 2)")
     + fit("np.zeros((10, 4))", "'sparse_categorical_crossentropy'", "np.zeros((10, 5, 2))"), "SL204", "raise"),
    ("validation_targets_wrong", H + seq("layers.Dense(3, activation='softmax')")
     + fit("keras.utils.to_categorical(np.zeros(10), 3)", "'categorical_crossentropy'",
           extra=", validation_data=(np.zeros((6, 4)), keras.utils.to_categorical(np.zeros(6), 4))"), "SL204", "raise"),
    ("dataset_batches_unknown_size", H + TF + seq("layers.Dense(3)")
     + "ds = tf.data.Dataset.from_tensor_slices((np.zeros((10, 4)), np.zeros((10,)))).batch(4)\n"
       "model.compile(optimizer='sgd', loss='mse')\nmodel.fit(ds, epochs=1, verbose=0)\n", "SL205", "either"),
    ("two_outputs_lists", H + TWO
     + fit("[np.zeros((10, 1)), np.zeros((10,))]", "['mse', 'sparse_categorical_crossentropy']"), None, "ok"),
    ("two_outputs_one_hot_under_sparse", H + TWO
     + fit("[np.zeros((10, 1)), keras.utils.to_categorical(np.zeros(10), 3)]",
           "['mse', 'sparse_categorical_crossentropy']"), "SL203", "raise"),
    ("two_outputs_dicts", H + TWO
     + fit("{'price': np.zeros((10, 1)), 'kind': np.zeros((10, 5))}",
           "{'price': 'mse', 'kind': 'sparse_categorical_crossentropy'}"), "SL204", "raise"),
    ("two_outputs_dicts_ok", H + TWO
     + fit("{'price': np.zeros((10, 1)), 'kind': np.zeros((10,))}",
           "{'price': 'mse', 'kind': 'sparse_categorical_crossentropy'}"), None, "ok"),
    ("two_outputs_one_loss_broadcast", H + TWO + fit("[np.zeros((10, 1)), np.zeros((10, 1))]", "'mse'"), "SL205", "ok"),
    ("user_loss_function_is_not_judged", H + seq("layers.Dense(3)")
     + "def my_loss(t, p):\n    return keras.ops.mean(p)\n" + fit("np.zeros((10, 7))", "my_loss"), None, "ok"),
]


def _loud(a):
    return [d for d in a.diagnostics if d.severity in ("error", "warning")]


@pytest.mark.parametrize("name,src,code,_keras", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_program_in_shapelens(name, src, code, _keras):
    a = analyze(src)
    loud = _loud(a)
    shown = "\n".join(f"  {d.code} line {d.span.line + 1}: {d.message}" for d in a.diagnostics)
    if code is None:
        assert not loud, f"{name}: expected nothing, got\n{shown}"
    else:
        assert [d.code for d in loud] == [code], f"{name}: expected {code}, got\n{shown}"
        for d in loud:
            assert "@L" not in d.message and d.message[0].islower() or d.message[0].isupper()


_runs: dict = {}


def run_in_keras(oracle, src):
    if not _runs:
        srcs = sorted({p[1] for p in PROGRAMS})
        for s, r in zip(srcs, oracle.run([{"source": s, "mode": "snippet"} for s in srcs])):
            _runs[s] = r
    if src not in _runs:
        _runs[src] = oracle.run([{"source": src, "mode": "snippet"}])[0]
    return _runs[src]


@pytest.mark.parametrize("name,src,code,keras_does", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_program_in_keras(keras_oracle, name, src, code, keras_does):
    res = run_in_keras(keras_oracle, src)
    err = res.get("error")
    assert not err or err["type"] not in ("NameError", "SyntaxError", "ImportError", "Timeout", "Crash"), err
    if keras_does == "raise":
        assert not res["ok"], f"{name}: Keras ran it, but shapelens says {code}"
    elif keras_does == "ok":
        assert res["ok"], f"{name}: Keras raised {err}"


# -- labels whose classes the output cannot hold ----------------------------------------------------

MNIST = H + "(x, y), _ = keras.datasets.mnist.load_data()\n"  # labels 0..9, every class present
SMALL_HEAD = "model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(5, activation='softmax')])\n"


def test_labels_beyond_the_output_classes():
    a = analyze(MNIST + SMALL_HEAD + fit("y", "'sparse_categorical_crossentropy'", "x"))
    [d] = _loud(a)
    assert d.code == "SL204" and "0 to 9" in d.message and "10 units" in d.message
    ok = analyze(MNIST + SMALL_HEAD.replace("Dense(5", "Dense(10") + fit("y", "'sparse_categorical_crossentropy'", "x"))
    assert not _loud(ok)


def test_labels_beyond_the_output_classes_in_keras(keras_oracle):
    # the same labels made here (keras.datasets needs the network): Keras raises in fit
    src = (H + "x = np.zeros((40, 28, 28))\ny = np.arange(40) % 10\n" + SMALL_HEAD
           + fit("y", "'sparse_categorical_crossentropy'", "x"))
    res = keras_oracle.run([{"source": src, "mode": "snippet"}])[0]
    assert not res["ok"] and res["error"]["type"] == "InvalidArgumentError", res
    assert "SparseSoftmaxCrossEntropy" in res["error"]["message"], res
