"""tf.data datasets (engine/libraries/tfdata.py) against TensorFlow itself.

Each program below ends with a dataset named ``ds``.  shapelens analyses the program (without
TensorFlow); TensorFlow runs it on small data; the element structures are compared: the same
tuples and dicts, the same rank for every leaf, and every dim shapelens states is the one in
TensorFlow's ``element_spec`` (a ``None`` means "varies" in both).  Then what a dataset gives
``fit``/``predict``/``evaluate``: the errors Keras raises on it (checked by running Keras on
the same programs), and silence where Keras trains.
"""

from __future__ import annotations

import os

import pytest
from shapelens import analyze
from shapelens.engine.libraries.arrays import RunDim
from shapelens.engine.libraries.tfdata import DatasetV
from shapelens.engine.session import Session
from shapelens.engine.values import UNKNOWN, ArrayV, DictV

H = "import numpy as np\nimport tensorflow as tf\n"
X = "x = np.zeros((20, 6, 4), dtype='float32')\ny = np.zeros((20,), dtype='int64')\n"

PROGRAMS = {
    "slices_array": H + X + "ds = tf.data.Dataset.from_tensor_slices(x)",
    "slices_tuple": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y))",
    "slices_dict": H + X + "ds = tf.data.Dataset.from_tensor_slices(({'seq': x, 'id': y}, y))",
    "slices_list_is_a_tensor": H + X + "ds = tf.data.Dataset.from_tensor_slices([x, x])",
    "slices_literal": H + "ds = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4], [5, 6]])",
    "from_tensors": H + X + "ds = tf.data.Dataset.from_tensors((x, y))",
    "range": H + "ds = tf.data.Dataset.range(10).map(lambda i: i * 2)",
    "batch": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(20).batch(4)",
    "batch_drop": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4, drop_remainder=True)",
    "batch_twice": H + X + "ds = tf.data.Dataset.from_tensor_slices(x).batch(4).batch(2)",
    "unbatch": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4).unbatch()",
    "rebatch": H + X + "ds = tf.data.Dataset.from_tensor_slices(x).batch(8).rebatch(4)",
    "padded_batch": H + X + "ds = tf.data.Dataset.from_tensor_slices(x).padded_batch(4)",
    "same_shape_ops": H + X + "ds = (tf.data.Dataset.from_tensor_slices((x, y)).cache().shuffle(20).repeat(2).take(12)"
                              ".skip(2).filter(lambda a, b: b >= 0).prefetch(tf.data.AUTOTUNE))",
    "map_reshape": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (tf.reshape(a, (24,)), b))",
    "map_cast_scale": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (tf.cast(a, tf.float64) "
                              "/ 255.0, tf.cast(b, tf.int32)))",
    "map_expand_one_hot": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: "
                                  "(tf.expand_dims(a, -1), tf.one_hot(b, 5)))",
    "map_repack_dict": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: ({'seq': a}, b))",
    "map_def": H + X + "def prep(a, b):\n    a = tf.reshape(a, [-1])\n    return a, tf.one_hot(b, 3)\n"
                       "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(5).map(prep)",
    "map_batched_reshape": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(5).map(lambda a, b: "
                                   "(tf.reshape(a, (-1, 24)), b))",
    "map_index": H + X + "ds = tf.data.Dataset.from_tensor_slices(x).map(lambda a: (a[:-1], a[-1]))",
    "map_newaxis": H + X + "ds = tf.data.Dataset.from_tensor_slices(x).map(lambda a: a[..., None])",
    "window_flat_map": H + "s = np.zeros((50, 3), dtype='float32')\n"
                           "ds = tf.data.Dataset.from_tensor_slices(s).window(8, shift=1, drop_remainder=True)"
                           ".flat_map(lambda w: w.batch(8))",
    "window_recipe": H + "s = np.zeros((50, 3), dtype='float32')\n"
                         "ds = tf.data.Dataset.from_tensor_slices(s)\n"
                         "ds = ds.window(9, shift=1, drop_remainder=True)\n"
                         "ds = ds.flat_map(lambda w: w.batch(9, drop_remainder=True))\n"
                         "ds = ds.map(lambda w: (w[:-1], w[-1:, 0]))\n"
                         "ds = ds.shuffle(100).batch(16).prefetch(1)",
    "window_tuple": H + X + "ds = tf.data.Dataset.from_tensor_slices((x, y)).window(3).flat_map("
                            "lambda a, b: tf.data.Dataset.zip((a.batch(3), b.batch(3))))",
    "zip_tuple": H + X + "ds = tf.data.Dataset.zip((tf.data.Dataset.from_tensor_slices(x), "
                         "tf.data.Dataset.from_tensor_slices(y)))",
    "zip_args": H + X + "ds = tf.data.Dataset.zip(tf.data.Dataset.from_tensor_slices(x), "
                        "tf.data.Dataset.from_tensor_slices(y)).batch(2)",
    "zip_dict": H + X + "ds = tf.data.Dataset.zip({'a': tf.data.Dataset.from_tensor_slices(x), "
                        "'b': tf.data.Dataset.range(3)})",
    "concatenate": H + X + "a = tf.data.Dataset.from_tensor_slices(x)\n"
                           "ds = a.concatenate(tf.data.Dataset.from_tensor_slices(np.zeros((3, 6, 4), dtype='float32')))",
    "enumerate": H + X + "ds = tf.data.Dataset.from_tensor_slices(y).enumerate()",
    "from_generator": H + "def gen():\n    yield np.zeros((5, 2)), 1\n"
                          "ds = tf.data.Dataset.from_generator(gen, output_signature=(tf.TensorSpec(shape=(None, 2), "
                          "dtype=tf.float32), tf.TensorSpec(shape=(), dtype=tf.int32)))",
    "timeseries": H + "import keras\n"
                      "ds = keras.utils.timeseries_dataset_from_array(np.zeros((40, 3), dtype='float32'), "
                      "np.zeros((40,), dtype='float32'), sequence_length=5, batch_size=8)",
    "timeseries_no_targets": H + "import keras\n"
                                 "ds = keras.utils.timeseries_dataset_from_array(np.zeros((40, 3), dtype='float32'), None, "
                                 "sequence_length=5)",
    "timeseries_unbatched": H + "import keras\n"
                                "ds = keras.utils.timeseries_dataset_from_array(np.zeros((40,), dtype='float32'), "
                                "np.zeros((40, 2), dtype='int32'), 5, batch_size=None)",
    "image_ops": H + "imgs = np.zeros((6, 40, 30, 3), dtype='uint8')\n"
                     "def prep(img):\n    img = tf.image.resize(img, (16, 12))\n"
                     "    img = tf.image.random_flip_left_right(img)\n    return tf.image.rgb_to_grayscale(img)\n"
                     "ds = tf.data.Dataset.from_tensor_slices(imgs).map(prep)",
    "decode": H + "def load(path):\n    img = tf.io.decode_jpeg(tf.io.read_file(path), channels=3)\n"
                  "    return tf.image.resize(img, [32, 32]) / 255.0\n"
                  "ds = tf.data.Dataset.from_tensor_slices(np.array(['a.jpg', 'b.jpg'])).map(load)",
    "text_vectorization_adapted_on_dataset": H + "import keras\n"
        "raw = tf.data.Dataset.from_tensor_slices((['a b c', 'd e', 'f g h i'], [0, 1, 0])).batch(2)\n"
        "vec = keras.layers.TextVectorization(max_tokens=20, output_sequence_length=5)\n"
        "vec.adapt(raw.map(lambda text, label: text))\n"
        "ds = raw.map(lambda text, label: (vec(text), label))",
}

# what shapelens does not follow in these programs (each leaf UNKNOWN or of unknown rank is listed)
NOT_FOLLOWED = {
    "decode": "np.array of strings: the file names' dataset is not known",
}


def _tf():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return pytest.importorskip("tensorflow")


def _real_spec(src):
    tf = _tf()
    ns: dict = {}
    exec(compile(src, "<program>", "exec"), ns)  # noqa: S102 - the real library is the oracle
    ds = ns["ds"]
    assert isinstance(ds, tf.data.Dataset)
    return ds.element_spec


def _ours(src):
    s = Session()
    s.run(src)
    return s.env["ds"]


def _category(dtype) -> str | None:
    name = dtype.name
    if name.startswith(("int", "uint")):
        return "int"
    if name.startswith(("float", "bfloat", "half", "double")):
        return "float"
    if name == "bool":
        return "bool"
    return None


def compare(ours, spec, path="element"):
    """Our element structure against TensorFlow's element_spec; returns the problems found."""
    tf = _tf()
    if ours is UNKNOWN:
        return [f"{path}: not followed"]
    if isinstance(spec, tuple):
        if not isinstance(ours, tuple) or len(ours) != len(spec):
            return [f"{path}: {ours!r} is not a tuple of {len(spec)}"]
        return [p for k, (o, s) in enumerate(zip(ours, spec)) for p in compare(o, s, f"{path}[{k}]")]
    if isinstance(spec, dict):
        if not isinstance(ours, DictV) or set(ours.keys()) != set(spec):
            return [f"{path}: {ours!r} does not have the keys {sorted(spec)}"]
        return [p for key in spec for p in compare(ours.get(key), spec[key], f"{path}[{key!r}]")]
    if isinstance(spec, tf.data.DatasetSpec):
        if not isinstance(ours, DatasetV):
            return [f"{path}: {ours!r} is not a dataset"]
        return compare(ours.element, spec.element_spec, path + ".element")
    assert isinstance(spec, tf.TensorSpec), spec
    if not isinstance(ours, ArrayV) or ours.shape is None:
        return [f"{path}: shape not followed ({ours!r})"]
    real = tuple(spec.shape.as_list())
    if len(ours.shape) != len(real):
        return [f"{path}: rank {len(ours.shape)} {ours.shape}, TensorFlow has {real}"]
    problems = []
    for k, (a, b) in enumerate(zip(ours.shape, real)):
        if isinstance(a, RunDim):
            continue  # a size shapelens knows is fixed but not its number: says nothing
        if a != b:
            problems.append(f"{path}: axis {k} is {a}, TensorFlow has {b} ({ours.shape} vs {real})")
    if ours.dtype is not None and ours.dtype != _category(spec.dtype):
        problems.append(f"{path}: dtype {ours.dtype}, TensorFlow has {spec.dtype.name}")
    return problems


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_element_spec_as_tensorflow(name):
    src = PROGRAMS[name]
    spec = _real_spec(src)
    ours = _ours(src)
    assert isinstance(ours, DatasetV), ours
    problems = compare(ours.element, spec)
    if name in NOT_FOLLOWED:
        assert all("not followed" in p for p in problems), problems
        return
    assert not problems, "\n".join(problems)


def test_batched_flags():
    src = H + X + ("a = tf.data.Dataset.from_tensor_slices((x, y))\nb = a.batch(4)\nc = b.unbatch()\n"
                   "d = a.map(lambda p, q: (tf.reshape(p, (-1,)), q))\ne = tf.data.Dataset.from_tensors(x)\n")
    s = Session()
    s.run(src)
    assert [s.env[k].batched for k in "abcde"] == [False, True, False, None, None]


def test_unfollowed_functions_give_unknown_elements():
    src = H + X + ("import random\n"
                   "a = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda p, q: tf.py_function(f, [p], tf.float32))\n"
                   "b = tf.data.Dataset.from_tensor_slices(unknown_thing).batch(3)\n"
                   "c = tf.data.Dataset.from_tensor_slices((x, y)).map(helper_from_elsewhere)\n"
                   "d = tf.data.Dataset.from_tensor_slices(x).padded_batch(2, padded_shapes=(None, 4))\n")
    s = Session()
    s.run(src)
    assert s.env["a"].element == (UNKNOWN,) or s.env["a"].element is UNKNOWN
    assert s.env["b"].element is UNKNOWN
    assert s.env["c"].element is UNKNOWN
    assert s.env["d"].element is UNKNOWN


def test_map_function_errors_are_not_reported():
    # a function run on an element is analysed with diagnostics off: what it does to data the
    # engine only partly follows is not reported from there
    src = H + X + "import keras\nnorm = keras.layers.LSTM(4)\n" \
                  "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (norm(a), b))\n"
    assert not [d for d in analyze(src).diagnostics if d.severity == "error"]


# -- into fit / predict / evaluate ------------------------------------------------------------------

K = H + "import keras\nfrom keras import layers\n"
DENSE = ("inputs = keras.Input((24,))\nmodel = keras.Model(inputs, layers.Dense(3, activation='softmax')(inputs))\n"
         "model.compile('adam', 'sparse_categorical_crossentropy')\n")
SEQ = ("model = keras.Sequential([keras.Input((24,)), layers.Dense(8), layers.Dense(3, activation='softmax')])\n"
       "model.compile('adam', 'sparse_categorical_crossentropy')\n")
DATA = "x = np.zeros((20, 24), dtype='float32')\ny = np.zeros((20,), dtype='int64')\n"

TEXT = ("raw = tf.data.Dataset.from_tensor_slices((['good film', 'bad plot and acting', 'fine'], [1, 0, 1])).batch(2)\n"
        "vec = layers.TextVectorization(max_tokens=30, output_sequence_length=6)\n"
        "vec.adapt(raw.map(lambda text, label: text))\n"
        "ds = raw.map(lambda text, label: (vec(text), label)).cache().prefetch(2)\n")
TEXT_MODEL = ("h = layers.Flatten()(layers.Embedding(30, 4)(inputs))\n"
              "model = keras.Model(inputs, layers.Dense(1, activation='sigmoid')(h))\n"
              "model.compile('adam', 'binary_crossentropy')\nmodel.fit(ds, epochs=1, verbose=0)\n")

# (program, the error code shapelens gives or None, what Keras 3.15.1 does) -- every program
# was run in Keras (test_fit_programs_in_keras runs them again)
FIT = {
    "batched_fits": (K + DATA + DENSE + "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)\n"
                     "model.fit(ds, epochs=1, verbose=0)\np = model.predict(ds.map(lambda a, b: a), verbose=0)\n"
                     "model.evaluate(ds, verbose=0)\n", None),
    "unbatched_functional": (K + DATA + DENSE + "ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
                             "model.fit(ds, epochs=1, verbose=0)\n", "SL201"),
    "unbatched_sequential": (K + DATA + SEQ + "ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(20)\n"
                             "model.fit(ds, epochs=1, verbose=0)\n", "SL201"),
    "unbatched_predict": (K + DATA + DENSE + "model.predict(tf.data.Dataset.from_tensor_slices(x), verbose=0)\n",
                          "SL201"),
    "wrong_features": (K + "x = np.zeros((20, 30), dtype='float32')\ny = np.zeros((20,), dtype='int64')\n" + DENSE
                       + "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(4), epochs=1, verbose=0)\n",
                       "SL201"),
    "wrong_rank_after_map": (K + DATA + DENSE + "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: "
                             "(tf.reshape(a, (4, 6)), b)).batch(4)\nmodel.fit(ds, epochs=1, verbose=0)\n", "SL201"),
    "validation_dataset_wrong": (K + DATA + DENSE + "val = tf.data.Dataset.from_tensor_slices((np.zeros((8, 30), "
                                 "'float32'), np.zeros((8,), dtype='int64'))).batch(4)\n"
                                 "model.fit(x, y, validation_data=val, epochs=1, verbose=0)\n", "SL201"),
    "validation_dataset_ok": (K + DATA + DENSE + "val = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)\n"
                              "model.fit(x, y, validation_data=val, epochs=1, verbose=0)\n", None),
    "validation_arrays_wrong": (K + DATA + DENSE + "model.fit(x, y, validation_data=(np.zeros((8, 30)), y[:8]), epochs=1, "
                                "verbose=0)\n", "SL201"),
    "validation_arrays_lengths": (K + DATA + DENSE + "model.fit(x, y, validation_data=(x[:5], y[:6]), epochs=1, verbose=0)\n",
                                  "SL202"),
    "validation_arrays_ok": (K + DATA + DENSE + "model.fit(x, y, validation_data=(x[:5], y[:5]), epochs=1, verbose=0)\n",
                             None),
    "one_hot_under_sparse": (K + DATA + DENSE + "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: "
                             "(a, tf.one_hot(b, 3))).batch(4)\nmodel.fit(ds, epochs=1, verbose=0)\n", "SL203"),
    "windows_into_lstm": (K + "s = np.zeros((60, 3), dtype='float32')\n"
                          "ds = tf.data.Dataset.from_tensor_slices(s).window(11, shift=1, drop_remainder=True)\n"
                          "ds = ds.flat_map(lambda w: w.batch(11)).map(lambda w: (w[:-1], w[-1, :1]))\n"
                          "ds = ds.batch(8)\n"
                          "inputs = keras.Input((10, 3))\n"
                          "model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))\n"
                          "model.compile('adam', 'mse')\nmodel.fit(ds, epochs=1, verbose=0)\n", None),
    "windows_unbatched_into_lstm": (K + "s = np.zeros((60, 3), dtype='float32')\n"
                                    "ds = tf.data.Dataset.from_tensor_slices(s).window(11, shift=1, "
                                    "drop_remainder=True)\n"
                                    "ds = ds.flat_map(lambda w: w.batch(11)).map(lambda w: (w[:-1], w[-1, :1]))\n"
                                    "inputs = keras.Input((10, 3))\n"
                                    "model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))\n"
                                    "model.compile('adam', 'mse')\nmodel.fit(ds, epochs=1, verbose=0)\n", "SL201"),
    "timeseries_other_steps_trains": (K + "ds = keras.utils.timeseries_dataset_from_array(np.zeros((60, 3), "
                                      "'float32'), np.zeros((60,), dtype='float32'), sequence_length=10, batch_size=8)\n"
                                      "inputs = keras.Input((20, 3))\n"
                                      "model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))\n"
                                      "model.compile('adam', 'mse')\nmodel.fit(ds, epochs=1, verbose=0)\n", None),
    "vectorized_text_fits": (K + TEXT + "inputs = keras.Input((6,), dtype='int64')\n" + TEXT_MODEL, None),
    "vectorized_text_other_length": (K + TEXT + "inputs = keras.Input((8,), dtype='int64')\n" + TEXT_MODEL, "SL201"),
    "timeseries_wrong_features": (K + "ds = keras.utils.timeseries_dataset_from_array(np.zeros((60, 3), "
                                  "'float32'), np.zeros((60,), dtype='float32'), sequence_length=10, batch_size=8)\n"
                                  "inputs = keras.Input((10, 4))\n"
                                  "model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))\n"
                                  "model.compile('adam', 'mse')\nmodel.fit(ds, epochs=1, verbose=0)\n", "SL201"),
}


def _codes(src):
    return {d.code for d in analyze(src).diagnostics if d.severity in ("error", "warning")}


@pytest.mark.parametrize("name", sorted(FIT))
def test_fit_with_datasets(name):
    src, code = FIT[name]
    codes = _codes(src)
    if code is None:
        assert not codes, codes
    else:
        assert code in codes, codes


@pytest.mark.parametrize("name", sorted(FIT))
def test_fit_programs_in_keras(name):
    """The verdicts above are Keras' own: an error where shapelens gives one, none elsewhere."""
    _tf()
    src, code = FIT[name]
    try:
        exec(compile(src, "<program>", "exec"), {})  # noqa: S102
        raised = None
    except Exception as exc:  # noqa: BLE001
        raised = exc
    assert (raised is not None) == (code is not None), raised


def test_unbatched_message_says_batch():
    src = FIT["unbatched_functional"][0]
    msg = next(d.message for d in analyze(src).diagnostics if d.code == "SL201")
    assert "yields single samples of shape (24,)" in msg and "ds.batch(32)" in msg


def test_no_reshape_fix_on_a_dataset():
    src = K + DATA + DENSE.replace("(24,)", "(6, 4)") + \
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(4), epochs=1, verbose=0)\n"
    a = analyze(src)
    errs = [d for d in a.diagnostics if d.code == "SL201"]
    assert errs and not any(d.fixes for d in errs)


def test_predict_on_a_dataset_has_unknown_rows():
    src = K + DATA + DENSE + "p = model.predict(tf.data.Dataset.from_tensor_slices(x).batch(4, drop_remainder=True))\n"
    s = Session()
    s.run(src)
    assert s.env["p"].shape == (None, 3)


def test_sequential_without_input_is_built_from_the_dataset():
    src = K + DATA + "model = keras.Sequential([layers.Dense(8), layers.Dense(3)])\nmodel.compile('adam', 'mse')\n" \
        "model.fit(tf.data.Dataset.from_tensor_slices((x, np.zeros((20, 3)))).batch(4))\n"
    a = analyze(src)
    assert a.models and tuple(a.models[-1].inputs) == ((None, 24),) and tuple(a.models[-1].outputs) == ((None, 3),)


def test_never_crashes_on_odd_arguments():
    odd = [
        "tf.data.Dataset.from_tensor_slices()", "tf.data.Dataset.from_tensor_slices(3)",
        "tf.data.Dataset.from_tensor_slices(x).batch()", "tf.data.Dataset.from_tensor_slices(x).map()",
        "tf.data.Dataset.from_tensor_slices(x).map(5)", "tf.data.Dataset.from_tensor_slices(x).window()",
        "tf.data.Dataset.from_tensor_slices(x).flat_map(lambda w: 3)", "tf.data.Dataset.zip()",
        "tf.data.Dataset.zip(1, 2)", "tf.data.Dataset.from_tensor_slices(x).unbatch().unbatch().unbatch()",
        "tf.data.Dataset.from_tensor_slices(x).concatenate(4)", "tf.data.Dataset.from_tensors()",
        "tf.data.Dataset.from_generator(None, output_signature=5)", "tf.TensorSpec()",
        "tf.data.Dataset.from_tensor_slices({1: x})", "tf.data.Dataset.from_tensor_slices(x).rebatch(2).element_spec",
    ]
    for expr in odd:
        analyze(H + X + f"ds = {expr}\nfor a in ds:\n    print(a)\n")


# -- tutorial pipelines: silent, and Keras trains on them ----------------------------------------

FOLDER = ("import os\nimport tempfile\n"
          "root = tempfile.mkdtemp()\n"
          "for c in ['cats', 'dogs']:\n"
          "    os.makedirs(os.path.join(root, c))\n"
          "    for k in range(4):\n"
          "        tf.io.write_file(os.path.join(root, c, f'{k}.jpg'), "
          "tf.io.encode_jpeg(np.zeros((40, 50, 3), dtype='uint8')))\n")

TUTORIALS = {
    # keras.io "image classification from scratch": augmentation in map, a builder, binary output
    "image_classification_from_scratch": K + FOLDER + """
image_size = (32, 32)
train_ds, val_ds = keras.utils.image_dataset_from_directory(
    root, validation_split=0.25, subset="both", seed=1337, image_size=image_size, batch_size=4)
augmentation_layers = [layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)]

def augment(images):
    for layer in augmentation_layers:
        images = layer(images)
    return images

train_ds = train_ds.map(lambda img, label: (augment(img), label), num_parallel_calls=tf.data.AUTOTUNE)
train_ds = train_ds.prefetch(tf.data.AUTOTUNE)

def make_model(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    units = 1 if num_classes == 2 else num_classes
    return keras.Model(inputs, layers.Dense(units)(x))

model = make_model(input_shape=image_size + (3,), num_classes=2)
model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
model.fit(train_ds, epochs=1, validation_data=val_ds, verbose=0)
""",
    # tensorflow.org "load images": list_files, decode, resize, label from the path
    "load_images_with_tf_data": K + FOLDER + """
class_names = np.array(["cats", "dogs"])
list_ds = tf.data.Dataset.list_files(root + "/*/*", shuffle=False)

def get_label(file_path):
    parts = tf.strings.split(file_path, os.path.sep)
    return tf.argmax(tf.cast(parts[-2] == class_names, tf.int32))

def process_path(file_path):
    img = tf.io.decode_jpeg(tf.io.read_file(file_path), channels=3)
    return tf.image.resize(img, [24, 24]), get_label(file_path)

train_ds = list_ds.map(process_path).batch(4).prefetch(1)
model = keras.Sequential([layers.Rescaling(1.0 / 255), layers.Conv2D(4, 3, activation="relu"),
                          layers.Flatten(), layers.Dense(2)])
model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(train_ds, epochs=1, verbose=0)
""",
    # tensorflow.org time series forecasting, the dataset part
    "timeseries_dataset_into_dense_and_lstm": K + """
data = np.random.rand(200, 5).astype("float32")
ds = keras.utils.timeseries_dataset_from_array(data[:-6], data[6:, 1], sequence_length=6, batch_size=16)
dense = keras.Sequential([layers.Flatten(), layers.Dense(1)])
lstm = keras.Sequential([layers.LSTM(8), layers.Dense(1)])
lstm.compile("adam", "mse")
lstm.fit(ds, epochs=1, verbose=0)
preds = lstm.predict(ds, verbose=0)
""",
    # structured data: a dict of feature columns into a functional model with named inputs
    "dict_features": K + """
features = {"age": np.random.rand(40, 1).astype("float32"), "fare": np.random.rand(40, 1).astype("float32")}
labels = np.random.randint(0, 2, size=(40, 1))
ds = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(40).batch(8)
inputs = {name: keras.Input(shape=(1,), name=name) for name in ("age", "fare")}
x = layers.concatenate(list(inputs.values()))
model = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))
model.compile("adam", "binary_crossentropy")
model.fit(ds, epochs=1, verbose=0)
""",
    # from_generator with an output_signature, then padded batches of sequences
    "generator_padded": K + """
def gen():
    for k in range(10):
        yield np.ones(k % 4 + 1, dtype="int32"), k % 2

ds = tf.data.Dataset.from_generator(gen, output_signature=(tf.TensorSpec(shape=(None,), dtype=tf.int32),
                                                           tf.TensorSpec(shape=(), dtype=tf.int32)))
ds = ds.padded_batch(4)
model = keras.Sequential([layers.Embedding(10, 4), layers.GlobalAveragePooling1D(), layers.Dense(1)])
model.compile("adam", "mse")
model.fit(ds, epochs=1, verbose=0)
""",
}


@pytest.mark.parametrize("name", sorted(TUTORIALS))
def test_tutorial_pipelines_are_silent(name):
    a = analyze(TUTORIALS[name])
    assert not [d for d in a.diagnostics if d.severity in ("error", "warning")], a.diagnostics


@pytest.mark.parametrize("name", sorted(TUTORIALS))
def test_tutorial_pipelines_train_in_keras(name):
    _tf()
    exec(compile(TUTORIALS[name], "<program>", "exec"), {})  # noqa: S102


# -- element_spec read by the program ---------------------------------------------------------------

SPEC_READS = {
    "features_shape": "s = ds.element_spec[0].shape[1:]",
    "label_shape": "s = ds.element_spec[1].shape",
    "rank": "s = len(ds.element_spec[0].shape)",
    "last_axis": "s = ds.element_spec[0].shape[-1]",
}
SPEC_DATA = H + X + "ds = tf.data.Dataset.from_tensor_slices((x, tf.one_hot(y, 5))).batch(4)\n"


@pytest.mark.parametrize("name", sorted(SPEC_READS))
def test_element_spec_read_as_tensorflow(name):
    _tf()
    src = SPEC_DATA + SPEC_READS[name] + "\n"
    ns: dict = {}
    exec(compile(src, "<program>", "exec"), ns)  # noqa: S102
    real = ns["s"]
    real = tuple(real.as_list()) if hasattr(real, "as_list") else real
    ours = _ours_value(src, "s")
    if isinstance(real, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(real), (ours, real)
        for a, b in zip(ours, real):
            assert a == b if b is not None else not isinstance(a, int), (ours, real)
    else:
        assert ours == real, (ours, real)


def _ours_value(src, name):
    s = Session()
    s.run(src)
    return s.env[name]


def test_element_spec_builds_the_model_input():
    src = K + SPEC_DATA + ("inputs = keras.Input(shape=ds.element_spec[0].shape[1:])\n"
                           "h = layers.Flatten()(inputs)\nmodel = keras.Model(inputs, layers.Dense(5, activation='softmax')(h))\n"
                           "model.compile('adam', 'categorical_crossentropy')\nmodel.fit(ds, epochs=1, verbose=0)\n")
    a = analyze(src)
    assert not [d for d in a.diagnostics if d.severity in ("error", "warning")], a.diagnostics
    assert tuple(a.models[-1].inputs) == ((None, 6, 4),)
    _tf()
    exec(compile(src, "<program>", "exec"), {})  # noqa: S102


def test_generators_have_no_element_spec():
    env = _ours_value("import numpy as np\nfrom tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
                      "g = ImageDataGenerator().flow(np.zeros((4, 8, 8, 3)))\ns = g.element_spec\n", "s")
    assert env is UNKNOWN


# -- one sample without its batch axis ----------------------------------------------------------------

ONE = {
    "sequential_image": (K + "model = keras.Sequential([keras.Input((16, 16, 3)), layers.Conv2D(4, 3), layers.Flatten(), "
                         "layers.Dense(2, activation='softmax')])\nimage = np.random.rand(16, 16, 3)\n"
                         "probs = model.predict(image, verbose=0)\n", "image"),
    "functional_vector": (K + "inputs = keras.Input((12,))\nmodel = keras.Model(inputs, layers.Dense(1)(inputs))\n"
                          "row = np.zeros((40, 12))[0]\nvalue = model.predict(row, verbose=0)\n", "row"),
    "from_a_batch": (K + "inputs = keras.Input((5, 2))\nmodel = keras.Model(inputs, layers.Dense(1)(layers.LSTM(3)(inputs)))\n"
                     "windows = np.zeros((30, 5, 2))\nvalue = model.predict(windows[3], verbose=0)\n", "windows[3]"),
}


@pytest.mark.parametrize("name", sorted(ONE))
def test_one_sample_without_batch_axis(name):
    from shapelens.edits import apply_edits

    src, arg = ONE[name]
    errs = [d for d in analyze(src).diagnostics if d.severity == "error"]
    assert [d.code for d in errs] == ["SL201"], errs
    assert "without a batch axis" in errs[0].message and f"{arg}[None]" in errs[0].message
    fixed = apply_edits(src, errs[0].fixes[0].edits)
    assert f"predict({arg}[None]" in fixed
    assert not [d for d in analyze(fixed).diagnostics if d.severity in ("error", "warning")]
    _tf()
    with pytest.raises(ValueError, match="Invalid input shape|incompatible"):
        exec(compile(src, "<program>", "exec"), {})  # noqa: S102
    ns: dict = {}
    exec(compile(fixed, "<program>", "exec"), ns)  # noqa: S102
    assert ns["probs" if "probs" in ns else "value"].shape[0] == 1


def test_one_sample_where_keras_adds_the_axis_is_silent():
    # an Input ending in 1 takes data one rank short: Keras adds the axis (here (10,) -> (10, 1),
    # ten samples of one feature), so nothing is reported
    src = K + "inputs = keras.Input((1,))\nmodel = keras.Model(inputs, layers.Dense(1)(inputs))\n" \
              "p = model.predict(np.zeros((10,)), verbose=0)\n"
    assert not [d for d in analyze(src).diagnostics if d.severity in ("error", "warning")]
    _tf()
    exec(compile(src, "<program>", "exec"), {})  # noqa: S102


def test_validation_arrays_are_reported_where_they_are():
    src = FIT["validation_arrays_wrong"][0]
    err = next(d for d in analyze(src).diagnostics if d.code == "SL201")
    line = src.splitlines()[err.span.line]
    assert line[err.span.col:err.span.end_col] == "np.zeros((8, 30))"


# -- a for loop over a dataset: each batch as the body sees it ------------------------------------

LOOPS = {
    "batched_pairs": ("batch", "for a, b in ds.take(1):\n    got_a = a\n    got_b = b\n"),
    "windows": ("window_recipe", "for a, b in ds.take(1):\n    got_a = a\n    got_b = b\n"),
    "dict_features": ("slices_dict", "for a, b in ds:\n    got_a = a['seq']\n    got_b = b\n"),
    "timeseries": ("timeseries", "for a, b in ds.as_numpy_iterator():\n    got_a = a\n    got_b = b\n"),
    "single_arrays": ("slices_array", "for a in ds.batch(3).take(2):\n    got_a = a\n"),
    "next_of_iter": ("map_def", "got_a, got_b = next(iter(ds))\n"),
    "next_of_numpy_iterator": ("window_tuple", "got_a, got_b = next(ds.as_numpy_iterator())\n"),
}


@pytest.mark.parametrize("name", sorted(LOOPS))
def test_loop_over_a_dataset_as_tensorflow(name):
    program, loop = LOOPS[name]
    src = PROGRAMS[program] + "\n" + loop
    _tf()
    ns: dict = {}
    exec(compile(src, "<program>", "exec"), ns)  # noqa: S102
    shapes = {s.text: s.shape for s in analyze(src).symbols if s.kind == "array"}
    for var in ("got_a", "got_b"):
        if var not in ns:
            continue
        real = tuple(ns[var].shape)
        ours = shapes.get(var)
        assert ours is not None and len(ours) == len(real), (var, ours, real)
        assert all(a is None or isinstance(a, RunDim) or a == b for a, b in zip(ours, real)), (var, ours, real)


def test_a_batch_from_the_loop_into_predict():
    src = K + DATA + DENSE + ("ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)\n"
                              "for features, labels in ds.take(1):\n"
                              "    whole = model.predict(features, verbose=0)\n"
                              "    first = model.predict(features[0], verbose=0)\n")
    errs = [d for d in analyze(src).diagnostics if d.severity == "error"]
    assert [d.code for d in errs] == ["SL201"] and "features[0]" in errs[0].message
    assert errs[0].span.line == src.splitlines().index("    first = model.predict(features[0], verbose=0)")
    _tf()
    # (a tensor, not a NumPy array: Keras' ValueError says 'as_list() is not defined on an unknown
    # TensorShape')
    with pytest.raises(ValueError):
        exec(compile(src, "<program>", "exec"), {})  # noqa: S102
