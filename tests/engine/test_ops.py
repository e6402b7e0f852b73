"""keras.ops on Keras tensors and TensorFlow functions given them (SL118), without Keras: the
shapes (as Keras' compute_output_spec gives them; the oracle families in
tests/oracle/families/ops.py check them against Keras), the errors, what stays Unknown, the
SL118 fixes, and silence inside a Lambda or a layer's call."""

import pytest
from shapelens import analyze
from shapelens.edits import apply_edits

K = "import keras\nfrom keras import layers, ops\n"
TF = "import tensorflow as tf\n"


def _shape(src, var="y"):
    a = analyze(src)
    facts = [s for s in a.symbols if s.text == var and s.kind == "tensor"]
    assert facts, f"no tensor named {var}:\n{src}"
    return facts[-1].shape


def _errors(src):
    return [d for d in analyze(src).diagnostics if d.severity == "error"]


SHAPES = [
    ("x = keras.Input((3, 4))\ny = ops.mean(x, axis=1)", (None, 4)),
    ("x = keras.Input((3, 4))\ny = ops.sum(x, axis=(1, 2), keepdims=True)", (None, 1, 1)),
    ("x = keras.Input((3, 4))\ny = ops.max(x)", ()),
    ("x = keras.Input((3, 4))\ny = ops.argmax(x, -1)", (None, 3)),
    ("x = keras.Input((3, 4))\ny = ops.norm(x, axis=-1, keepdims=True)", (None, 3, 1)),
    ("a = keras.Input((3, 4))\nb = keras.Input((3, 2))\ny = ops.concatenate([a, b], axis=-1)", (None, 3, 6)),
    ("a = keras.Input((None, 4))\nb = keras.Input((3, 2))\ny = ops.concatenate([a, b], axis=-1)", (None, None, 6)),
    ("a = keras.Input((3, 4))\ny = ops.stack([a, a], axis=1)", (None, 2, 3, 4)),
    ("x = keras.Input((3, 4))\ny = ops.reshape(x, (-1, 12))", (None, 12)),
    ("x = keras.Input((3, 4), batch_size=2)\ny = ops.reshape(x, (-1, 6))", (4, 6)),
    ("x = keras.Input((3, 4))\ny = ops.expand_dims(x, -1)", (None, 3, 4, 1)),
    ("x = keras.Input((3, 1))\ny = ops.squeeze(x, -1)", (None, 3)),
    ("x = keras.Input((3, 1))\ny = ops.squeeze(x)", (None, 3)),
    ("x = keras.Input((3, 4))\ny = ops.transpose(x, (0, 2, 1))", (None, 4, 3)),
    ("x = keras.Input((3, 4))\ny = ops.transpose(x)", (4, 3, None)),
    ("x = keras.Input((3, 4))\ny = ops.swapaxes(x, 1, 2)", (None, 4, 3)),
    ("x = keras.Input((2, 3, 4))\ny = ops.moveaxis(x, 1, -1)", (None, 3, 4, 2)),
    ("a = keras.Input((3, 4))\nb = keras.Input((4, 5))\ny = ops.matmul(a, b)", (None, 3, 5)),
    ("a = keras.Input((3, 4))\nb = keras.Input((5, 4))\ny = ops.einsum('bij,bkj->bik', a, b)", (None, 3, 5)),
    ("x = keras.Input((3, 4))\ny = ops.tile(x, (1, 2, 3))", (None, 6, 12)),
    ("x = keras.Input((3, 4))\ny = ops.repeat(x, 2, axis=1)", (None, 6, 4)),
    ("x = keras.Input((3,))\ny = ops.one_hot(x, 5)", (None, 3, 5)),
    ("x = keras.Input((3, 4))\ny = ops.cast(x, 'int32')", (None, 3, 4)),
    ("x = keras.Input((3, 4))\ny = ops.add(x, keras.Input((1, 4)))", (None, 3, 4)),
    ("x = keras.Input((3, 1))\ny = ops.multiply(x, keras.Input((5,)))", (None, 3, 5)),
    ("x = keras.Input((3, 4))\ny = ops.where(ops.greater(x, 0.0), x, 0.0)", (None, 3, 4)),
    ("x = keras.Input((3, 4))\ny = ops.cumsum(x)", (None,)),
    ("x = keras.Input((3, 4))\ny = ops.cumsum(x, axis=1)", (None, 3, 4)),
    ("x = keras.Input((3, 4))\ny = ops.pad(x, [(0, 0), (1, 1), (2, 0)])", (None, 5, 6)),
    ("x = keras.Input((4,))\ny = ops.broadcast_to(x, (2, 3, 4))", (2, 3, 4)),
    ("x = keras.Input((3, 4))\ny = ops.take(x, [0, 2], axis=-1)", (None, 3, 2)),
    ("x = keras.Input((3, 4))\ny = ops.ravel(x)", (None,)),
    ("x = keras.Input((3, 4))\ny = ops.softmax(x, axis=1)", (None, 3, 4)),
    ("x = keras.Input((3, 4))\ny = ops.relu(x)", (None, 3, 4)),
    ("x = keras.Input((8, 8, 3))\ny = ops.image.resize(x, (4, 2))", (None, 4, 2, 3)),
    ("x = keras.Input((3, 8, 8))\ny = ops.image.resize(x, (4, 2), data_format='channels_first')", (None, 3, 4, 2)),
    ("x = keras.Input((3, 4))\ny = keras.ops.numpy.mean(x, axis=-1)", (None, 3)),
    ("x = keras.Input((3, 4))\ny = ops.zeros_like(x)", (None, 3, 4)),
]


@pytest.mark.parametrize("body,shape", SHAPES, ids=[b.splitlines()[-1][4:40] for b, _ in SHAPES])
def test_op_shape(body, shape):
    src = K + body + "\nz = layers.Activation('linear')(y)\n"
    assert _shape(src) == shape
    assert not _errors(src)


def test_several_results():
    src = K + "x = keras.Input((3, 4))\na, b = ops.split(x, 2, axis=-1)\nc, d = ops.split(x, [1], axis=1)\n" \
              "v, i = ops.top_k(x, 2)\nu = ops.unstack(x, axis=1)\nw = u[2]\n"
    assert _shape(src, "a") == (None, 3, 2) and _shape(src, "b") == (None, 3, 2)
    assert _shape(src, "c") == (None, 1, 4) and _shape(src, "d") == (None, 2, 4)
    assert _shape(src, "v") == (None, 3, 2) and _shape(src, "i") == (None, 3, 2)
    assert _shape(src, "w") == (None, 4)


def test_ops_shape_is_a_tuple_of_dims():
    src = K + "x = keras.Input((3, 4))\ns = ops.shape(x)\ny = layers.Dense(s[-1])(x)\n"
    a = analyze(src)
    assert [f.params for f in a.layers if f.layer == "Dense"] == [20]


ERRORS = [
    ("a = keras.Input((3, 4))\nb = keras.Input((5, 2))\ny = ops.concatenate([a, b], axis=-1)", "SL110",
     ["(None, 3, 4)", "(None, 5, 2)"]),
    ("a = keras.Input((3, 4))\nb = keras.Input((4,))\ny = ops.stack([a, b])", "SL110", ["(None, 4)"]),
    ("a = keras.Input((3, 4))\nb = keras.Input((5,))\ny = ops.add(a, b)", "SL110", ["4", "5"]),
    ("a = keras.Input((3, 4))\nb = keras.Input((5, 2))\ny = ops.matmul(a, b)", "SL116", ["4 and 5"]),
    ("a = keras.Input((3,))\nb = keras.Input((4,))\ny = ops.einsum('bi,bi->bi', a, b)", "SL116", []),
    ("x = keras.Input((3, 4))\ny = ops.einsum('ij->ji', x)", "SL101", []),
    ("x = keras.Input((3, 4), batch_size=2)\ny = ops.reshape(x, (5, 5))", "SL111", ["24", "25"]),
    ("x = keras.Input((3, 4))\ny = ops.reshape(x, (-1, -1))", "SL114", []),
    ("x = keras.Input((3, 4))\ny = ops.mean(x, axis=3)", "SL114", ["axis 3", "[-3, 3)"]),
    ("x = keras.Input((3, 4))\ny = ops.expand_dims(x, 4)", "SL114", []),
    ("x = keras.Input((3, 4))\ny = ops.squeeze(x, 1)", "SL114", ["size is 3"]),
    ("x = keras.Input((3, 4))\ny = ops.squeeze(x, 0)", "SL114", ["unknown until the model runs"]),
    ("x = keras.Input((3, 4))\ny = ops.transpose(x, (0, 1))", "SL114", []),
    ("x = keras.Input((3, 4))\ny = ops.split(x, 3, axis=-1)", "SL114", ["size 4", "3 equal parts"]),
    ("x = keras.Input((3, 4))\ny = ops.split(x, [3, 1], axis=-1)", "SL114", ["negative"]),
    ("x = keras.Input((None, 4))\ny = ops.unstack(x, axis=1)", "SL114", ["num"]),
    ("x = keras.Input((3, 4))\ny = ops.one_hot(x, 5, axis=3)", "SL114", []),
    ("x = keras.Input((3, 4))\ny = ops.pad(x, [(1, 1), (1, 1)])", "SL114", []),
    ("x = keras.Input((3, 4))\ny = ops.repeat(x, [1, 2], axis=1)", "SL114", []),
    ("x = keras.Input((3, 4))\ny = ops.broadcast_to(x, (2, 5, 4))", "SL114", []),
    ("x = keras.Input((4,))\ny = ops.image.resize(x, (2, 2))", "SL101", ["Invalid images rank"]),
    ("x = keras.Input((3, 4))\ny = ops.mean(x, axis=1, keepdim=True)", "SL114", ["keepdim"]),
    ("x = keras.Input((3, 4))\ny = ops.norm(x, ord='fro', axis=-1)", "SL114", []),
    ("x = keras.Input((3, 4))\ny = ops.concatenate([x, x], axis=None)", "SL114", []),
]


@pytest.mark.parametrize("body,code,words", ERRORS, ids=[b.splitlines()[-1][4:44] for b, _, _ in ERRORS])
def test_op_error(body, code, words):
    errs = _errors(K + body + "\n")
    assert [d.code for d in errs] == [code], [d.message for d in errs]
    assert errs[0].span.line == body.count("\n") + 2
    for w in words:
        assert w in errs[0].message, errs[0].message


UNKNOWN = [
    # a size the engine does not know: no error, the shape partly or not at all known
    "import numpy as np\nX = np.load('x.npy')\nx = keras.Input((X.shape[1], 4))\ny = ops.concatenate([x, keras.Input((5, 4))], axis=-1)",
    "import numpy as np\nX = np.load('x.npy')\nx = keras.Input((X.shape[1],))\ny = ops.reshape(x, (-1, 7))",
    "import numpy as np\nX = np.load('x.npy')\nx = keras.Input((X.shape[1], 4))\ny = ops.squeeze(x, 1)",
    "import numpy as np\nX = np.load('x.npy')\nx = keras.Input((3, X.shape[1]))\ny = ops.matmul(x, keras.Input((4, 2)))",
    "import random\nx = keras.Input((3, 4))\ny = ops.mean(x, axis=random.randint(0, 9))",
    "def f(axis):\n    x = keras.Input((3, 4))\n    return ops.mean(x, axis=axis)\n",
]


@pytest.mark.parametrize("body", UNKNOWN)
def test_unknown_is_silent(body):
    assert not _errors(K + body + "\n")


def test_unknown_dims_are_kept_where_known():
    src = K + "import numpy as np\nX = np.load('x.npy')\nx = keras.Input((X.shape[1], 4))\n" \
              "y = ops.concatenate([x, keras.Input((5, 4))], axis=-1)\n"
    assert _shape(src) == (None, "X.shape[1]", 8)
    src = K + "import numpy as np\nX = np.load('x.npy')\nx = keras.Input((X.shape[1], 4))\ny = ops.mean(x, axis=-1)\n"
    assert _shape(src) == (None, "X.shape[1]")


def test_ops_on_eager_tensors_are_not_judged_as_symbolic():
    src = K + TF + "import numpy as np\nm = keras.Sequential([keras.Input((10,)), layers.Dense(3)])\n" \
                   "p = m(np.zeros((32, 10)))\ny = ops.concatenate([p, p], axis=0)\nc = tf.argmax(p, axis=1)\n"
    assert _shape(src) == (64, 3)
    assert not _errors(src)


# -- SL118 ------------------------------------------------------------------------------------------

FIXES = [
    (K + TF, "x = keras.Input((10, 8))\ny = tf.reduce_mean(x, axis=1)\n", "y = ops.mean(x, axis=1)\n", (None, 8)),
    ("import keras\n" + TF, "a = keras.Input((4,))\ny = tf.concat([a, a], axis=-1)\n",
     "y = keras.ops.concatenate([a, a], axis=-1)\n", (None, 8)),
    (TF, "x = tf.keras.Input((10,))\ny = tf.expand_dims(x, -1)\n", "y = tf.keras.ops.expand_dims(x, -1)\n", (None, 10, 1)),
    (TF, "x = tf.keras.Input((6,))\ny = tf.reshape(x, [-1, 3, 2], name='r')\n", "y = tf.keras.ops.reshape(x, [-1, 3, 2])\n",
     (None, 3, 2)),
    (TF, "x = tf.keras.Input((6, 4))\ny = tf.argmax(x)\n", "y = tf.keras.ops.argmax(x, axis=0)\n", (6, 4)),
    (TF, "x = tf.keras.Input((6, 4))\ny = tf.gather(x, [0, 1], axis=-1)\n", "y = tf.keras.ops.take(x, [0, 1], axis=-1)\n",
     (None, 6, 2)),
    (TF, "x = tf.keras.Input((6, 4))\ny = tf.split(x, [1, 3], axis=-1)[1]\n",
     "y = tf.keras.ops.split(x, [1], axis=-1)[1]\n", (None, 6, 3)),
    (TF, "q = tf.keras.Input((5, 8))\nk = tf.keras.Input((7, 8))\ny = tf.matmul(q, k, transpose_b=True)\n",
     "y = tf.keras.ops.matmul(q, tf.keras.ops.swapaxes(k, -1, -2))\n", (None, 5, 7)),
    (TF, "x = tf.keras.Input((6, 4))\ny = tf.nn.softmax(x)\n", "y = tf.keras.ops.softmax(x)\n", (None, 6, 4)),
    (TF, "x = tf.keras.Input((6, 4))\ny = tf.cumsum(x)\n", "y = tf.keras.ops.cumsum(x, axis=0)\n", (None, 6, 4)),
    (TF, "x = tf.keras.Input((6, 4))\ny = tf.pad(x, [[0, 0], [1, 1], [0, 0]], mode='REFLECT')\n",
     "y = tf.keras.ops.pad(x, [[0, 0], [1, 1], [0, 0]], mode='reflect')\n", (None, 8, 4)),
]


@pytest.mark.parametrize("imports,body,fixed,shape", FIXES, ids=[b.split("= ")[2].split("(")[0] for _, b, _, _ in FIXES])
def test_sl118_fix(imports, body, fixed, shape):
    src = imports + body
    a = analyze(src)
    [d] = [d for d in a.diagnostics if d.code == "SL118"]
    assert d.severity == "error"
    name = body.splitlines()[-1].split("= ", 1)[1].split("(")[0]
    assert f"{name}()" in d.message and "KerasTensor cannot be used as input to a TensorFlow function" in d.message
    assert d.fixes and d.fixes[0].preferred
    after = apply_edits(src, d.fixes[0].edits)
    assert after == imports + body.rsplit("\n", 2)[0] + "\n" + fixed if body.count("\n") > 1 else after == imports + fixed
    # the value is the keras.ops equivalent's, before and after the fix
    assert _shape(src) == shape
    assert _shape(after) == shape
    assert not _errors(after)


def test_sl118_later_layers_keep_their_shapes():
    src = K + TF + "x = keras.Input((10, 8))\nh = tf.reduce_mean(x, axis=1)\ny = layers.Dense(4)(h)\n"
    a = analyze(src)
    assert [d.code for d in a.diagnostics if d.severity == "error"] == ["SL118"]
    [dense] = [f for f in a.layers if f.layer == "Dense"]
    assert dense.output_shape == (None, 4) and dense.params == 36


def test_sl118_without_keras_ops_equivalent_offers_a_lambda():
    src = K + TF + "x = keras.Input((8, 8, 3))\ny = tf.image.flip_left_right(x)\n"
    [d] = [d for d in analyze(src).diagnostics if d.code == "SL118"]
    assert "Lambda" in d.message
    after = apply_edits(src, d.fixes[0].edits)
    assert after.endswith("y = layers.Lambda(lambda t: tf.image.flip_left_right(t))(x)\n")
    assert not _errors(after)


def test_sl118_without_fix_when_arguments_have_no_equivalent():
    src = TF + "x = tf.keras.Input((6, 4))\ny = tf.one_hot(x, 3, on_value=2.0)\n"
    [d] = [d for d in analyze(src).diagnostics if d.code == "SL118"]
    assert "Lambda" in d.message


def test_sl118_tensors_inside_lists_and_nested_calls():
    src = TF + "a = tf.keras.Input((4,))\nb = tf.keras.Input((4,))\ny = tf.add_n([a, b])\n"
    assert [d.code for d in _errors(src)] == ["SL118"]


@pytest.mark.parametrize("src", [
    K + TF + "x = keras.Input((10, 8))\ny = layers.Lambda(lambda t: tf.reduce_mean(t, axis=1))(x)\nz = layers.Dense(4)(y)\n",
    K + TF + "def pool(t):\n    return tf.concat([t, t], axis=-1)\n\n\nx = keras.Input((10, 8))\ny = layers.Lambda(pool)(x)\n",
    K + TF + "class Pool(layers.Layer):\n    def call(self, inputs):\n        return tf.reduce_mean(inputs, axis=1)\n\n\n"
             "x = keras.Input((10, 8))\ny = Pool()(x)\n",
    K + TF + "import numpy as np\ndata = tf.reduce_mean(tf.zeros((4, 10, 8)), axis=1)\ne = tf.concat([np.zeros((2, 3)), np.ones((2, 3))], 0)\n",
    K + TF + "def block(t):\n    return tf.nn.relu(t)\n",
    K + TF + "x = keras.Input((10, 8))\nn = tf.keras.ops.mean(x, axis=1)\n",
])
def test_sl118_silent(src):
    assert not [d for d in analyze(src).diagnostics if d.severity in ("error", "warning")]


def test_tf_inside_lambda_gives_the_lambda_its_shape():
    src = K + TF + "x = keras.Input((10, 8))\ny = layers.Lambda(lambda t: tf.reduce_mean(t, axis=1))(x)\n"
    assert _shape(src) == (None, 8)
    # TensorFlow's own rule inside the function: a known size wins over None on the other axes
    src = K + TF + "a = keras.Input((None, 4))\nb = keras.Input((3, 2))\ny = layers.Lambda(lambda ts: tf.concat(ts, -1))([a, b])\n"
    assert _shape(src) == (None, 3, 6)
    # a TensorFlow function that checks dtypes the engine does not follow: unknown
    src = K + TF + "x = keras.Input((10,))\ny = layers.Lambda(lambda t: tf.one_hot(t, 4))(x)\n"
    assert _shape(src) is None


def test_sl118_in_a_function_called_with_a_tensor():
    src = K + TF + "def block(t):\n    return tf.nn.relu(t)\n\n\nx = keras.Input((4,))\ny = block(x)\n"
    errs = _errors(src)
    assert [d.code for d in errs] == ["SL118"]


def test_sl118_lambda_fix_keeps_the_other_arguments():
    src = TF + "x = tf.keras.Input((6, 4))\ny = tf.nn.dropout(x, 0.5, seed=3)\n"
    [d] = [d for d in analyze(src).diagnostics if d.code == "SL118"]
    after = apply_edits(src, d.fixes[0].edits)
    assert after.endswith("y = tf.keras.layers.Lambda(lambda t: tf.nn.dropout(t, 0.5, seed=3))(x)\n")


def test_sl118_when_the_arguments_do_not_fit_tensorflow_either():
    src = TF + "x = tf.keras.Input((6, 4))\ny = tf.reduce_mean(x, axis=1, keep_dims=True)\n"
    [d] = [d for d in analyze(src).diagnostics if d.code == "SL118"]
    assert "TypeError" in d.message and not d.fixes


def test_tf_shape_fix_is_offered_but_not_preferred():
    src = TF + "x = tf.keras.Input((6, 4))\nn = tf.shape(x)[-1]\ny = tf.keras.layers.Dense(n)(x)\n"
    [d] = [d for d in analyze(src).diagnostics if d.code == "SL118"]
    assert d.fixes and not d.fixes[0].preferred and "None" in d.message
    after = apply_edits(src, d.fixes[0].edits)
    assert "n = tf.keras.ops.shape(x)[-1]" in after and not _errors(after)


def test_ops_that_give_no_single_tensor_are_unknown():
    src = K + "x = keras.Input((3, 4))\nm, v = ops.moments(x, [1])\ny = layers.Dense(ops.ndim(x))(x)\n"
    assert not _errors(src)
