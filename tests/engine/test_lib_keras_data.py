"""Keras' own data (engine/libraries/keras_data.py) against Keras itself.

* ``keras.datasets``: the data cannot be downloaded here, so the shapes of mnist, fashion_mnist
  and cifar are read from the asserts in Keras' own docstrings, and the loaders that split or
  filter (boston_housing, california_housing, reuters, imdb) are run for real on stand-in files
  of the documented sizes (506, 20,640, 11,228 and 25,000 + 25,000 samples).
* the dataset utilities and the legacy generators are run on a tiny image folder, text folder
  and arrays made here, and their element_spec or first batch compared with what shapelens says.
* the errors: each program shapelens reports is run in Keras, which raises too.
"""

from __future__ import annotations

import inspect
import os
import re

import numpy as np
import pytest
from shapelens import analyze
from shapelens.engine.libraries.arrays import RunDim
from shapelens.engine.libraries.tfdata import DatasetV
from shapelens.engine.session import Session
from shapelens.engine.values import UNKNOWN, ArrayV, ListV


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    pytest.importorskip("tensorflow")
    return pytest.importorskip("keras")


def _env(src):
    s = Session()
    s.run(src)
    return s.env


def _cat(dtype) -> str | None:
    name = getattr(dtype, "name", str(dtype))
    if name.startswith(("int", "uint")):
        return "int"
    if name.startswith(("float", "double", "half")):
        return "float"
    if name == "object":
        return "object"
    return None


def _same_array(ours, real, batch=False):
    """ours (an ArrayV) against a real array/tensor; with ``batch`` the first axis is any size."""
    assert isinstance(ours, ArrayV) and ours.shape is not None, ours
    shape = tuple(real.shape)
    assert len(ours.shape) == len(shape), (ours.shape, shape)
    for k, (a, b) in enumerate(zip(ours.shape, shape)):
        if batch and k == 0:
            assert a is None, ours.shape
        elif a is not None or b is not None:
            assert a == b, (ours.shape, shape)
    if ours.dtype is not None:
        assert ours.dtype == _cat(real.dtype), (ours.dtype, real.dtype)


# -- keras.datasets ---------------------------------------------------------------------------------


def _asserted_shapes(module) -> dict:
    """name -> shape from the ``assert x_train.shape == (...)`` lines of a loader's docstring."""
    doc = inspect.getsource(module)
    return {m.group(1): tuple(int(d) for d in m.group(2).split(",") if d.strip())
            for m in re.finditer(r"assert (\w+)\.shape == \(([\d, ]+)\)", doc)}


@pytest.mark.parametrize("name", ["mnist", "fashion_mnist", "cifar10", "cifar100"])
def test_image_datasets_as_keras_documents_them(keras, name):
    import importlib

    module = importlib.import_module(f"keras.src.datasets.{name}")
    want = _asserted_shapes(module)
    assert set(want) == {"x_train", "x_test", "y_train", "y_test"}
    assert "uint8" in inspect.getsource(module)
    env = _env(f"from tensorflow.keras.datasets import {name}\n(x_train, y_train), (x_test, y_test) = {name}.load_data()\n")
    for var, shape in want.items():
        assert env[var].shape == shape, (var, env[var].shape, shape)
        assert env[var].dtype == "int"


def test_cifar_follows_the_image_data_format():
    env = _env("import keras\nkeras.config.set_image_data_format('channels_first')\n"
               "(x, y), _ = keras.datasets.cifar10.load_data()\n")
    assert env["x"].shape == (50000, 3, 32, 32) and env["y"].shape == (50000, 1)
    env = _env("import keras\n(x, y), _ = keras.datasets.cifar100.load_data(label_mode='coarse')\n")
    assert env["x"].shape == (50000, 32, 32, 3)


def test_the_distinct_labels_of_a_dataset_are_its_classes():
    """Every class 0 .. classes-1 occurs in each split of these datasets: ``len(np.unique(y))``
    is the class count (what real code sizes its softmax with); of a slice of the labels it is
    not known.  ``np.amax(y) + 1`` is a NumPy integer, which Keras 3.15.1's Dense rejects
    ('expected a positive integer'): Unknown, and silent."""
    a = analyze(
        "import numpy as np\nimport keras\nfrom keras import layers\n"
        "(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()\n"
        "h = layers.Flatten()(keras.Input((32, 32, 3)))\n"
        "b = layers.Dense(len(np.unique(y_test)))(h)\n"
        "d = layers.Dense(len(np.unique(y_train[:100])))(h)\n"
        "e = layers.Dense(np.amax(y_train) + 1)(h)\n")
    shapes = {s.text: s.shape for s in a.symbols}
    assert shapes["b"] == (None, 10)
    assert shapes["d"] == (None, "?") and shapes["e"] == (None, "?")
    assert not a.diagnostics


def _fake_loader(monkeypatch, module, arrays):
    """Run a Keras loader on stand-in data: its file is not downloaded, its arrays are ours."""
    monkeypatch.setattr(module, "get_file", lambda *a, **k: "stand-in.npz")
    if hasattr(module, "npz_utils"):
        monkeypatch.setattr(module.npz_utils, "load_npz", lambda path: arrays)
    else:
        class _Npz(dict):
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False
        monkeypatch.setattr(module.np, "load", lambda *a, **k: _Npz(arrays))


def _ragged(n, rng):
    out = np.empty(n, dtype=object)
    for k in range(n):
        out[k] = list(rng.integers(1, 50, size=int(rng.integers(3, 40))))
    return out


TABULAR = [
    ("boston_housing", "", {"x": (506, 13)}),
    ("boston_housing", "test_split=0.1", {"x": (506, 13)}),
    ("california_housing", "", {"x": (20640, 8)}),
    ("california_housing", "version='small', test_split=0.25", {"x": (20640, 8)}),
]


@pytest.mark.parametrize("name,call,sizes", TABULAR, ids=[f"{n}({c})" for n, c, _ in TABULAR])
def test_tabular_datasets_split_as_keras(keras, monkeypatch, name, call, sizes):
    import importlib

    module = importlib.import_module(f"keras.src.datasets.{name}")
    n, f = sizes["x"]
    _fake_loader(monkeypatch, module, {"x": np.zeros((n, f)), "y": np.zeros((n,))})
    kwargs = eval(f"dict({call})")
    (x_train, y_train), (x_test, y_test) = module.load_data(**kwargs)
    env = _env(f"import keras\n(x_train, y_train), (x_test, y_test) = keras.datasets.{name}.load_data({call})\n")
    for var, real in [("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)]:
        _same_array(env[var], real)


@pytest.mark.parametrize("call", ["", "num_words=10000", "test_split=0.3"])
def test_reuters_as_keras(keras, monkeypatch, call):
    from keras.src.datasets import reuters

    rng = np.random.default_rng(0)
    _fake_loader(monkeypatch, reuters, {"x": _ragged(11228, rng), "y": rng.integers(0, 46, size=11228)})
    (x_train, y_train), (x_test, y_test) = reuters.load_data(**eval(f"dict({call})"))
    env = _env(f"from keras.datasets import reuters\n(x_train, y_train), (x_test, y_test) = reuters.load_data({call})\n")
    for var, real in [("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)]:
        _same_array(env[var], real)
    assert x_train.dtype == object and getattr(env["x_train"], "ragged", False)


def test_imdb_as_keras(keras, monkeypatch):
    from keras.src.datasets import imdb

    rng = np.random.default_rng(0)
    _fake_loader(monkeypatch, imdb, {"x_train": _ragged(25000, rng), "y_train": rng.integers(0, 2, size=25000),
                                     "x_test": _ragged(25000, rng), "y_test": rng.integers(0, 2, size=25000)})
    (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=5000)
    env = _env("from keras.datasets import imdb\n(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=5000)\n"
               "(a, b), (c, d) = imdb.load_data(maxlen=20)\n")
    for var, real in [("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)]:
        _same_array(env[var], real)
    # maxlen drops the longer reviews: how many are left is not known
    assert env["a"].shape == (None,) and env["b"].shape == (None,)


# -- pad_sequences, to_categorical, Tokenizer -----------------------------------------------------

PAD = [
    "[[1, 2], [3, 4, 5]]", "[[1, 2], [3, 4, 5]], maxlen=10", "np.zeros((5, 7), dtype='int64')",
    "np.zeros((5, 7), dtype='int64'), maxlen=3, padding='post', truncating='post'",
    "np.zeros((5, 7, 2)), maxlen=4, dtype='float32'", "[np.zeros((3, 2)), np.zeros((5, 2))], maxlen=4",
]


@pytest.mark.parametrize("call", PAD)
def test_pad_sequences_as_keras(keras, call):
    src = f"import numpy as np\nfrom keras.utils import pad_sequences\np = pad_sequences({call})\n"
    ns: dict = {}
    exec(src, ns)  # noqa: S102
    _same_array(_env(src)["p"], ns["p"])


def test_pad_sequences_of_loaded_and_tokenized_sequences():
    env = _env("from tensorflow.keras.datasets import imdb\nfrom tensorflow.keras.preprocessing.sequence import "
               "pad_sequences\nfrom tensorflow.keras.preprocessing.text import Tokenizer\n"
               "(x_train, y_train), _ = imdb.load_data(num_words=10000)\n"
               "a = pad_sequences(x_train, maxlen=200)\nb = pad_sequences(x_train)\n"
               "tok = Tokenizer(num_words=500)\ntexts = ['a b c', 'd e', 'f']\ntok.fit_on_texts(texts)\n"
               "c = pad_sequences(tok.texts_to_sequences(texts), maxlen=8, padding='post')\n"
               "m = tok.texts_to_matrix(texts, mode='binary')\nd = pad_sequences(unknown_thing, maxlen=8)\n")
    assert env["a"].shape == (25000, 200) and env["a"].dtype == "int"
    assert env["b"].shape[0] == 25000 and isinstance(env["b"].shape[1], RunDim)  # the longest review: fixed, not known
    assert env["c"].shape == (3, 8)
    assert env["m"].shape == (3, 500)
    assert env["d"] is UNKNOWN  # its rows could hold vectors: not even the rank is known


def test_tokenizer_as_keras(keras):
    src = ("from tensorflow.keras.preprocessing.text import Tokenizer\nfrom tensorflow.keras.preprocessing.sequence "
           "import pad_sequences\ntexts = ['a b c', 'd e', 'f']\ntok = Tokenizer(num_words=500)\ntok.fit_on_texts(texts)\n"
           "c = pad_sequences(tok.texts_to_sequences(texts), maxlen=8, padding='post')\n"
           "m = tok.texts_to_matrix(texts, mode='binary')\n")
    ns: dict = {}
    exec(src, ns)  # noqa: S102
    env = _env(src)
    _same_array(env["c"], ns["c"])
    _same_array(env["m"], ns["m"])


@pytest.mark.parametrize("call", ["np.array([0, 1, 2])", "np.zeros((4, 1)), 5", "np.zeros((4, 3)), 5",
                                  "np.zeros((6,), dtype='int64'), num_classes=3"])
def test_to_categorical_as_keras(keras, call):
    src = f"import numpy as np\nimport keras\np = keras.utils.to_categorical({call})\n"
    ns: dict = {}
    exec(src, ns)  # noqa: S102
    ours = _env(src)["p"]
    real = ns["p"]
    assert len(ours.shape) == real.ndim
    assert all(isinstance(a, RunDim) or a == b for a, b in zip(ours.shape, real.shape)), (ours.shape, real.shape)
    assert ours.shape[:-1] == real.shape[:-1]


# -- datasets from directories ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    pil = pytest.importorskip("PIL.Image")
    images = tmp_path_factory.mktemp("images")
    texts = tmp_path_factory.mktemp("texts")
    for c in ("cat", "dog"):
        (images / c).mkdir()
        (texts / c).mkdir()
        for k in range(3):
            pil.fromarray(np.zeros((40, 30, 3), "uint8")).save(images / c / f"{k}.png")
            (texts / c / f"{k}.txt").write_text("a few words")
    return str(images), str(texts)


DIRS = [
    "image_dataset_from_directory(IMG)",
    ("image_dataset_from_directory(IMG, label_mode='categorical', color_mode='grayscale', image_size=(64, 48), "
     "batch_size=4)"),
    "image_dataset_from_directory(IMG, color_mode='rgba', label_mode='binary')",
    "image_dataset_from_directory(IMG, label_mode=None, image_size=20)",
    "image_dataset_from_directory(IMG, labels=None)",
    "image_dataset_from_directory(IMG, batch_size=None, class_names=['dog', 'cat'], label_mode='categorical')",
    "image_dataset_from_directory(IMG, data_format='channels_first', image_size=(8, 8))",
    "image_dataset_from_directory(IMG, validation_split=0.5, subset='training', seed=1).map(lambda x, y: (x / 255.0, y))",
    "text_dataset_from_directory(TXT)",
    "text_dataset_from_directory(TXT, label_mode='binary', batch_size=2)",
    "text_dataset_from_directory(TXT, label_mode='categorical', batch_size=None)",
    "text_dataset_from_directory(TXT, label_mode=None)",
]


@pytest.mark.parametrize("call", DIRS)
def test_directory_datasets_as_keras(keras, folders, call):
    from test_lib_tfdata import compare

    src = (f"import keras\nIMG = {folders[0]!r}\nTXT = {folders[1]!r}\n"
           f"ds = keras.utils.{call}\n")
    ns: dict = {}
    exec(src, ns)  # noqa: S102
    ours = _env(src)["ds"]
    assert isinstance(ours, DatasetV)
    problems = compare(ours.element, ns["ds"].element_spec)
    assert not problems, problems


def test_both_subsets(keras, folders):
    env = _env(f"import keras\ntrain_ds, val_ds = keras.utils.image_dataset_from_directory({folders[0]!r}, "
               f"validation_split=0.2, subset='both', seed=1, image_size=(32, 32))\n")
    for name in ("train_ds", "val_ds"):
        assert isinstance(env[name], DatasetV) and env[name].element[0].shape == (None, 32, 32, 3)


# -- legacy generators -------------------------------------------------------------------------------

GEN = [
    ("ImageDataGenerator(rescale=1/255.).flow(np.zeros((10, 8, 8, 3), dtype='uint8'), np.zeros((10,), dtype='int64'), "
     "batch_size=4)"),
    "ImageDataGenerator().flow(np.zeros((10, 8, 8, 1)), batch_size=4)",
    "ImageDataGenerator().flow(np.zeros((10, 8, 8, 1)), np.zeros((10, 3)), sample_weight=np.ones((10,)))",
    "ImageDataGenerator(validation_split=0.2).flow_from_directory(IMG, target_size=(20, 24), batch_size=5)",
    "ImageDataGenerator().flow_from_directory(IMG, class_mode='binary', color_mode='grayscale')",
    "ImageDataGenerator().flow_from_directory(IMG, class_mode='sparse', color_mode='rgba', target_size=(9, 9))",
    "ImageDataGenerator().flow_from_directory(IMG, class_mode='input', target_size=(9, 9))",
    "ImageDataGenerator().flow_from_directory(IMG, class_mode=None, target_size=(9, 9))",
    "ImageDataGenerator().flow_from_directory(IMG, classes=['cat', 'dog'], target_size=(9, 9))",
    "ImageDataGenerator(data_format='channels_first').flow_from_directory(IMG, target_size=(9, 7))",
    ("ImageDataGenerator().flow_from_dataframe(DF, IMG, x_col='filename', y_col='class', target_size=(16, 16), "
     "batch_size=4)"),
    "ImageDataGenerator().flow_from_dataframe(DF, IMG, y_col='v', class_mode='raw', target_size=(16, 16))",
    "ImageDataGenerator().flow_from_dataframe(DF, IMG, y_col=['v', 'v'], class_mode='raw', target_size=(16, 16))",
    "ImageDataGenerator().flow_from_dataframe(DF, IMG, class_mode='sparse', target_size=(16, 16))",
    "TimeseriesGenerator(np.zeros((50, 3)), np.zeros((50,)), length=10, batch_size=8)",
    "TimeseriesGenerator(np.zeros((50,)), np.zeros((50, 2)), length=6, sampling_rate=4, batch_size=4)",
    "TimeseriesGenerator(np.zeros((50, 3)), np.zeros((50, 3)), length=10, stride=3, reverse=True)",
]


@pytest.mark.parametrize("call", GEN)
def test_generators_as_keras(keras, folders, call):
    pytest.importorskip("pandas")
    src = ("import numpy as np\nimport pandas as pd\n"
           "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
           "from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator\n"
           f"IMG = {folders[0]!r}\n"
           "DF = pd.DataFrame({'filename': [f'{c}/{k}.png' for c in ('cat', 'dog') for k in range(3)], "
           "'class': ['cat', 'dog'] * 3, 'v': [1.0] * 6})\n"
           f"gen = {call}\n")
    ns: dict = {}
    exec(src, ns)  # noqa: S102
    batch = ns["gen"][0]
    ours = _env(src)["gen"]
    assert isinstance(ours, DatasetV) and ours.batched and ours.kind == "keras"
    element = ours.element
    if not isinstance(batch, tuple):
        batch, element = (batch,), (element,)
    assert isinstance(element, tuple) and len(element) == len(batch), (element, batch)
    for a, b in zip(element, batch):
        if isinstance(a, ArrayV) and a.shape and isinstance(a.shape[-1], RunDim):
            # categorical labels: one column per class found on disk (a size fixed at run time)
            assert a.shape[:-1] == (None,) and b.ndim == 2
            continue
        _same_array(a, b, batch=True)


def test_next_batch_of_a_generator(keras):
    src = ("import numpy as np\nfrom tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
           "from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator\n"
           "images, labels = next(ImageDataGenerator().flow(np.zeros((10, 8, 6, 3)), np.zeros((10, 4)), batch_size=4))\n"
           "windows, targets = next(iter(TimeseriesGenerator(np.zeros((30, 2)), np.zeros((30,)), length=5, "
           "batch_size=4)))\n")
    ns: dict = {}
    exec(src, ns)  # noqa: S102
    env = _env(src)
    for name in ("images", "labels", "windows", "targets"):
        _same_array(env[name], ns[name], batch=True)


def test_generator_attributes():
    env = _env("from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
               "g = ImageDataGenerator().flow_from_directory('d', target_size=(64, 48), color_mode='grayscale', "
               "batch_size=16)\nshape = g.image_shape\nbs = g.batch_size\nn = g.num_classes\n")
    assert env["shape"] == (64, 48, 1) and env["bs"] == 16 and env["n"] is UNKNOWN


# -- into fit and the errors Keras raises ---------------------------------------------------------

IMPORTS = ("import numpy as np\nimport keras\nfrom keras import layers\n"
           "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
           "from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator\n")
CNN = ("inputs = keras.Input((8, 8, 1))\nh = layers.Flatten()(layers.Conv2D(2, 3)(inputs))\n"
       "model = keras.Model(inputs, layers.Dense(3, activation='softmax')(h))\n"
       "model.compile('adam', 'categorical_crossentropy')\n")

# (program, the code shapelens reports or None); each is run in Keras by test_programs_in_keras
PROGRAMS = {
    "flow_fits": (IMPORTS + CNN + "gen = ImageDataGenerator(rotation_range=10)\n"
                  "model.fit(gen.flow(np.zeros((12, 8, 8, 1)), np.zeros((12, 3)), batch_size=4), epochs=1, verbose=0)\n",
                  None),
    "flow_rank_3": (IMPORTS + CNN + "x = np.zeros((12, 8, 8))\ngen = ImageDataGenerator()\n"
                    "it = gen.flow(x, np.zeros((12, 3)), batch_size=4)\n", "SL201"),
    "flow_lengths": (IMPORTS + "gen = ImageDataGenerator()\n"
                     "it = gen.flow(np.zeros((12, 8, 8, 1)), np.zeros((10, 3)))\n", "SL202"),
    "datagen_fit_rank": (IMPORTS + "gen = ImageDataGenerator(featurewise_center=True)\n"
                         "gen.fit(np.zeros((12, 8, 8)))\n", "SL201"),
    "flow_wrong_image_size": (IMPORTS + CNN + "gen = ImageDataGenerator()\n"
                              "model.fit(gen.flow(np.zeros((12, 9, 8, 1)), np.zeros((12, 3)), batch_size=4), "
                              "epochs=1, verbose=0)\n", "SL201"),
    "flow_int_labels_categorical": (IMPORTS + CNN + "gen = ImageDataGenerator()\n"
                                    "model.fit(gen.flow(np.zeros((12, 8, 8, 1)), np.zeros((12,)), batch_size=4), "
                                    "epochs=1, verbose=0)\n", "SL203"),
    "timeseries_generator_lengths": (IMPORTS + "g = TimeseriesGenerator(np.zeros((50, 3)), np.zeros((40,)), length=5)\n",
                                     "SL202"),
    "timeseries_generator_into_lstm": (IMPORTS + "g = TimeseriesGenerator(np.zeros((50, 3)), np.zeros((50,)), "
                                       "length=10, batch_size=8)\ninputs = keras.Input((10, 3))\n"
                                       "model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))\n"
                                       "model.compile('adam', 'mse')\nmodel.fit(g, epochs=1, verbose=0)\n", None),
    "timeseries_generator_wrong_steps": (IMPORTS + "g = TimeseriesGenerator(np.zeros((50, 3)), np.zeros((50,)), "
                                         "length=10, sampling_rate=2, batch_size=8)\ninputs = keras.Input((10, 3))\n"
                                         "model = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))\n"
                                         "model.compile('adam', 'mse')\nmodel.fit(g, epochs=1, verbose=0)\n", "SL201"),
    "unpadded_sequences": (IMPORTS + "x = np.empty(4, dtype=object)\n" + "".join(
        f"x[{k}] = list(range({k + 2}))\n" for k in range(4)) + "x_train = x\n"
        "model = keras.Sequential([keras.Input((10,)), layers.Embedding(100, 4), layers.GlobalAveragePooling1D(), "
        "layers.Dense(1)])\nmodel.compile('adam', 'mse')\nmodel.fit(x_train, np.zeros(4), verbose=0)\n", "SL201"),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_programs(name):
    src, code = PROGRAMS[name]
    codes = {d.code for d in analyze(src).diagnostics if d.severity in ("error", "warning")}
    if code is None:
        assert not codes, codes
    else:
        assert code in codes, codes


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_programs_in_keras(keras, name):
    src, code = PROGRAMS[name]
    try:
        exec(compile(src, "<program>", "exec"), {})  # noqa: S102
        raised = None
    except Exception as exc:  # noqa: BLE001
        raised = exc
    if name == "unpadded_sequences":
        # an object array of lists of different lengths, what imdb and reuters give: Keras raises
        # 'Invalid dtype: object' (test_imdb_unpadded_into_fit)
        assert "object" in str(raised)
    assert (raised is not None) == (code is not None), raised


def test_imdb_unpadded_into_fit():
    src = ("import numpy as np\nimport keras\nfrom keras import layers\n"
           "(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=1000)\n"
           "model = keras.Sequential([keras.Input((200,)), layers.Embedding(1000, 8), layers.GlobalAveragePooling1D(), "
           "layers.Dense(1, activation='sigmoid')])\nmodel.compile('adam', 'binary_crossentropy')\n"
           "model.fit(x_train, y_train)\n")
    errs = [d for d in analyze(src).diagnostics if d.severity == "error"]
    assert [d.code for d in errs] == ["SL201"] and "pad_sequences(x_train, maxlen=" in errs[0].message
    fixed = src.replace("model.fit(x_train, y_train)", "x_train = keras.utils.pad_sequences(x_train, maxlen=200)\n"
                        "model.fit(x_train, y_train)")
    assert not [d for d in analyze(fixed).diagnostics if d.severity in ("error", "warning")]
    # another length: a Sequential does not check it, and Embedding takes any length (Keras trains)
    other = src.replace("model.fit(x_train, y_train)", "x_train = keras.utils.pad_sequences(x_train, maxlen=100)\n"
                        "model.fit(x_train, y_train)")
    assert not [d for d in analyze(other).diagnostics if d.severity in ("error", "warning")]


def test_mnist_into_models():
    base = ("import keras\nfrom keras import layers\n(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n")
    conv = ("model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(), "
            "layers.Dense(10, activation='softmax')])\nmodel.compile('adam', 'sparse_categorical_crossentropy')\n")
    # (N, 28, 28) for (28, 28, 1): Keras adds the channel axis itself
    assert not [d for d in analyze(base + conv + "model.fit(x_train, y_train)\n").diagnostics if d.severity == "error"]
    dense = ("model = keras.Sequential([keras.Input((784,)), layers.Dense(10, activation='softmax')])\n"
             "model.compile('adam', 'sparse_categorical_crossentropy')\n")
    a = analyze(base + dense + "model.fit(x_train, y_train)\n")
    assert [d.code for d in a.diagnostics if d.severity == "error"] == ["SL201"]
    a = analyze(base + dense + "model.fit(x_train.reshape(-1, 784), y_train, validation_data=(x_test.reshape(-1, 784), "
                               "y_test))\n")
    assert not [d for d in a.diagnostics if d.severity == "error"]
    cat = dense.replace("sparse_categorical_crossentropy", "categorical_crossentropy")
    a = analyze(base + cat + "model.fit(x_train.reshape(-1, 784), y_train)\n")
    assert "SL203" in {d.code for d in a.diagnostics}


def test_image_folder_into_a_model():
    src = ("import keras\nfrom keras import layers\n"
           "train = keras.utils.image_dataset_from_directory('photos', image_size=(180, 180), batch_size=32)\n"
           "inputs = keras.Input((224, 224, 3))\nx = layers.Rescaling(1 / 255)(inputs)\n"
           "x = layers.GlobalAveragePooling2D()(layers.Conv2D(8, 3)(x))\n"
           "model = keras.Model(inputs, layers.Dense(5, activation='softmax')(x))\n"
           "model.compile('adam', 'sparse_categorical_crossentropy')\nmodel.fit(train, epochs=3)\n")
    errs = [d for d in analyze(src).diagnostics if d.severity == "error"]
    assert [d.code for d in errs] == ["SL201"] and "(None, 180, 180, 3)" in errs[0].message
    assert not [d for d in analyze(src.replace("(224, 224, 3)", "(180, 180, 3)")).diagnostics if d.severity == "error"]


def test_never_crashes_on_odd_arguments():
    odd = [
        "keras.datasets.mnist.load_data(1, 2, 3)", "keras.datasets.cifar100.load_data('other')",
        "keras.datasets.imdb.load_data(maxlen='x')", "keras.datasets.boston_housing.load_data(test_split=2)",
        "keras.datasets.california_housing.load_data(version=3)", "keras.utils.image_dataset_from_directory()",
        "keras.utils.image_dataset_from_directory('d', image_size=(1, 2, 3), color_mode=5)",
        "keras.utils.image_dataset_from_directory('d', subset=3)", "keras.utils.text_dataset_from_directory()",
        "keras.utils.timeseries_dataset_from_array()", "keras.utils.timeseries_dataset_from_array(3, 4, 5)",
        "keras.utils.pad_sequences()", "keras.utils.pad_sequences([], maxlen=3)", "keras.utils.pad_sequences([[]])",
        "keras.utils.pad_sequences([[1], 2])", "keras.utils.pad_sequences([[1]], padding='middle')",
        "ImageDataGenerator(data_format=5).flow()", "ImageDataGenerator().flow_from_directory()",
        "ImageDataGenerator().flow_from_dataframe(target_size=3)", "ImageDataGenerator().fit()",
        "TimeseriesGenerator()", "TimeseriesGenerator(np.zeros(3), np.zeros(3), length=0, sampling_rate=0)",
        "Tokenizer().texts_to_sequences()", "Tokenizer().texts_to_matrix()",
    ]
    for expr in odd:
        analyze("import numpy as np\nimport keras\nfrom tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
                "from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator\n"
                "from tensorflow.keras.preprocessing.text import Tokenizer\n"
                f"v = {expr}\nv.flow(1)\nfor a in v:\n    print(a)\n")


def test_both_spellings_of_the_legacy_generators():
    for spelling in ("from tensorflow.keras.preprocessing.image import ImageDataGenerator",
                     "from keras.src.legacy.preprocessing.image import ImageDataGenerator",
                     "import tensorflow as tf\nImageDataGenerator = tf.keras.preprocessing.image.ImageDataGenerator"):
        env = _env("import numpy as np\n" + spelling + "\ng = ImageDataGenerator().flow(np.zeros((4, 8, 8, 3)))\n")
        assert isinstance(env["g"], DatasetV) and env["g"].element.shape == (None, 8, 8, 3)
    assert isinstance(_env("import keras\nl = keras.utils.image_dataset_from_directory('d', subset='both', "
                           "validation_split=0.2, seed=1)\n")["l"], ListV)


def test_to_categorical_of_dataset_labels_and_literals():
    env = _env("import keras\nfrom keras.utils import to_categorical\n"
               "(x, y), (xt, yt) = keras.datasets.mnist.load_data()\n(a, b), _ = keras.datasets.cifar100.load_data()\n"
               "(c, d), _ = keras.datasets.cifar100.load_data(label_mode='coarse')\n"
               "p = to_categorical(y)\nq = to_categorical(yt)\nr = to_categorical(b)\ns = to_categorical(d)\n"
               "t = to_categorical([0, 2, 1, 2])\nu = to_categorical(y[:100])\n")
    assert env["p"].shape == (60000, 10) and env["q"].shape == (10000, 10)
    assert env["r"].shape == (50000, 100) and env["s"].shape == (50000, 20)
    assert env["t"].shape == (4, 3)
    assert isinstance(env["u"].shape[-1], RunDim)  # a slice may miss classes: their count is not known


def test_from_tensor_slices_errors_as_tensorflow(keras):
    import tensorflow as tf

    lst = "import numpy as np\nimport tensorflow as tf\nf = np.zeros((40, 3))\nl = np.zeros((40,))\n" \
          "ds = tf.data.Dataset.from_tensor_slices([f, l]).batch(8)\n"
    a = analyze(lst)
    errs = [d for d in a.diagnostics if d.severity == "error"]
    assert [d.code for d in errs] == ["SL201"] and errs[0].fixes
    with pytest.raises(ValueError, match="non-rectangular"):
        exec(lst, {})  # noqa: S102
    from shapelens.edits import apply_edits

    fixed = apply_edits(lst, errs[0].fixes[0].edits)
    assert "from_tensor_slices((f, l))" in fixed and not analyze(fixed).diagnostics
    ns: dict = {}
    exec(fixed, ns)  # noqa: S102
    assert isinstance(ns["ds"], tf.data.Dataset)
    lengths = "import numpy as np\nimport tensorflow as tf\n" \
              "ds = tf.data.Dataset.from_tensor_slices((np.zeros((40, 3)), np.zeros((30,))))\n"
    assert [d.code for d in analyze(lengths).diagnostics if d.severity == "error"] == ["SL202"]
    with pytest.raises(ValueError, match="not compatible"):
        exec(lengths, {})  # noqa: S102
    same = "import numpy as np\nimport tensorflow as tf\nds = tf.data.Dataset.from_tensor_slices([np.zeros((4, 3)), " \
           "np.zeros((4, 3))])\n"
    assert not analyze(same).diagnostics


def test_padded_to_the_longest_is_a_size_not_a_varying_axis():
    # pad_sequences without maxlen makes a real array: a Flatten + Dense after it trains in Keras
    # (no 'undefined weight dim' as for an axis that varies)
    src = ("import keras\nfrom keras import layers\n(x, y), _ = keras.datasets.imdb.load_data(num_words=100)\n"
           "x = keras.utils.pad_sequences(x)\n"
           "model = keras.Sequential([layers.Embedding(100, 4), layers.Flatten(), layers.Dense(1)])\n"
           "model.compile('adam', 'mse')\nmodel.fit(x, y)\n")
    assert not [d for d in analyze(src).diagnostics if d.severity in ("error", "warning")]


# -- a Sequential given data of another size: a later layer's weights do not fit ----------------------

SEQ = "import numpy as np\nimport keras\nfrom keras import layers\n"
# (layers, the data's shape, the layer shapelens names or None when Keras trains); each is run in
# Keras by test_sequential_other_size_in_keras
OTHER_SIZE = {
    "flatten_dense": ("keras.Input((32, 32, 3)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(2)",
                      (8, 24, 24, 3), "Dense"),
    "pooled_dense_trains": (("keras.Input((32, 32, 3)), layers.Conv2D(4, 3), layers.GlobalAveragePooling2D(), "
                            "layers.Dense(2)"), (8, 24, 24, 3), None),
    "channels_after_rescaling": (("keras.Input((8, 8, 3)), layers.Rescaling(1 / 255), layers.Conv2D(4, 3), "
                                 "layers.GlobalAveragePooling2D(), layers.Dense(2)"), (8, 8, 8, 1), "Conv2D"),
    "flattened_steps": ("keras.Input((10, 3)), layers.Flatten(), layers.Dense(2)", (8, 12, 3), "Dense"),
    "features_into_lstm": ("keras.Input((10, 4)), layers.Dropout(0.1), layers.LSTM(3), layers.Dense(2)",
                           (8, 10, 5), "LSTM"),
    "features_into_gru": ("keras.Input((10, 4)), layers.Dropout(0.1), layers.GRU(3), layers.Dense(2)",
                          (8, 10, 5), "GRU"),
    "conv1d_channels": (("keras.Input((10, 4)), layers.Dropout(0.1), layers.Conv1D(3, 2), layers.Flatten(), "
                        "layers.Dense(2)"), (8, 10, 5), "Conv1D"),
    "other_steps_pooled_trains": (("keras.Input((10, 4)), layers.Conv1D(3, 2), layers.GlobalMaxPooling1D(), "
                                  "layers.Dense(2)"), (8, 14, 4), None),
}


def _other_size_program(name):
    body, shape, _ = OTHER_SIZE[name]
    return (SEQ + f"model = keras.Sequential([{body}])\nmodel.compile('adam', 'mse')\n"
            f"model.fit(np.zeros({shape}), np.zeros(({shape[0]}, 2)), epochs=1, verbose=0)\n")


@pytest.mark.parametrize("name", sorted(OTHER_SIZE))
def test_sequential_other_size(name):
    layer = OTHER_SIZE[name][2]
    a = analyze(_other_size_program(name))
    errs = [d for d in a.diagnostics if d.severity == "error"]
    if layer is None:
        assert not errs, errs  # (other timesteps may have a warning, SL306: Keras trains on them)
        return
    assert [d.code for d in errs] == ["SL201"], errs
    assert f"but the {layer} on line" in errs[0].message and "was built for input" in errs[0].message
    # the layer is pointed at
    assert errs[0].related or "line" in errs[0].message


@pytest.mark.parametrize("name", sorted(OTHER_SIZE))
def test_sequential_other_size_in_keras(keras, name):
    try:
        exec(compile(_other_size_program(name), "<program>", "exec"), {})  # noqa: S102
        raised = None
    except Exception as exc:  # noqa: BLE001
        raised = exc
    assert (raised is not None) == (OTHER_SIZE[name][2] is not None), raised


def test_sequential_other_size_leaves_the_model_as_it_was():
    # following the layers on the data's shape records nothing: the summary keeps the built sizes
    a = analyze(_other_size_program("flatten_dense"))
    dense = [r for r in a.models[-1].rows if r.layer == "Dense"]
    assert dense and dense[0].params == 30 * 30 * 4 * 2 + 2 and dense[0].output_shape == (None, 2)
    flat = [f for f in a.layers if f.layer == "Flatten"]
    assert flat and all(f.output_shape == (None, 3600) for f in flat)


# -- images resized by a generator or image_dataset_from_directory ------------------------------------

RESIZED = {
    # (the data line, the model, what shapelens reports or None)
    "generator_target_size": (("gen = ImageDataGenerator(rescale=1 / 255).flow_from_directory(IMG, target_size=(24, 24), "
                              "batch_size=2, class_mode='binary')"), "seq", "target_size=(32, 32)"),
    "generator_default_size": ("gen = ImageDataGenerator().flow_from_directory(IMG, batch_size=2, class_mode='binary')",
                               "seq", "target_size=(32, 32)"),
    "dataframe_target_size": (("gen = ImageDataGenerator().flow_from_dataframe(DF, IMG, target_size=(20, 20), "
                              "class_mode='binary', batch_size=2)"), "functional", "target_size=(32, 32)"),
    "directory_dataset_default": (("gen = keras.utils.image_dataset_from_directory(IMG, batch_size=2, "
                                  "label_mode='binary').cache().prefetch(1)"), "functional", "image_size=(32, 32)"),
    "directory_dataset_right_size": (("gen = keras.utils.image_dataset_from_directory(IMG, image_size=(32, 32), "
                                     "batch_size=2, label_mode='binary')"), "seq", None),
    "generator_right_size": (("gen = ImageDataGenerator().flow_from_directory(IMG, target_size=(32, 32), batch_size=2, "
                             "class_mode='binary')"), "functional", None),
}
MODELS = {
    "seq": ("model = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(4, 3, activation='relu'), "
            "layers.Flatten(), layers.Dense(1, activation='sigmoid')])\n"),
    "functional": ("inputs = keras.Input((32, 32, 3))\nh = layers.GlobalAveragePooling2D()(layers.Conv2D(4, 3)(inputs))\n"
                   "model = keras.Model(inputs, layers.Dense(1, activation='sigmoid')(h))\n"),
}


def _resized_program(folders, name):
    data, model, _ = RESIZED[name]
    return (IMPORTS + "import pandas as pd\n"
            f"IMG = {folders[0]!r}\n"
            "DF = pd.DataFrame({'filename': [f'{c}/{k}.png' for c in ('cat', 'dog') for k in range(3)], "
            "'class': ['cat', 'dog'] * 3})\n"
            + data + "\n" + MODELS[model]
            + "model.compile('adam', 'binary_crossentropy')\nmodel.fit(gen, epochs=1, verbose=0)\n")


@pytest.mark.parametrize("name", sorted(RESIZED))
def test_resized_images_into_a_model(keras, folders, name):
    from shapelens.edits import apply_edits

    src = _resized_program(folders, name)
    want = RESIZED[name][2]
    errs = [d for d in analyze(src).diagnostics if d.severity in ("error", "warning")]
    try:
        exec(compile(src, "<program>", "exec"), {})  # noqa: S102
        raised = None
    except Exception as exc:  # noqa: BLE001
        raised = exc
    if want is None:
        assert not errs and raised is None, (errs, raised)
        return
    assert raised is not None
    assert [d.code for d in errs] == ["SL201"] and f"pass {want}" in errs[0].message, errs
    fixed = apply_edits(src, errs[0].fixes[-1].edits)
    assert want in fixed
    assert not [d for d in analyze(fixed).diagnostics if d.severity in ("error", "warning")]
    exec(compile(fixed, "<program>", "exec"), {})  # noqa: S102  (Keras trains on the fixed program)
