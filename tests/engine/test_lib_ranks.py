"""Rank is enough when sizes are unknown: data read when the program runs (a CSV through pandas,
np.loadtxt/genfromtxt, np.load, OpenCV and Pillow images) has a known rank, followed through
reshape, indexing, np.array of a list of arrays, stack/concatenate/hstack/vstack/dstack,
expand_dims/squeeze and transposes.  Each snippet also runs with the real libraries on small
files, and every size shapelens gives is the real one (libdata.compare).

Then the checks that rest on a rank alone: 2-D data into an LSTM and a 3-D image into a Conv2D
model are errors (confirmed in Keras by the oracle worker, tests/oracle/keras_worker.py), while
the same data reshaped right, or of a rank Keras adjusts itself, stays silent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from libdata import codes, compare, loud, make_files  # noqa: E402

from shapelens import analyze  # noqa: E402

np_ = pytest.importorskip("numpy")
pd_ = pytest.importorskip("pandas")

NP = "import numpy as np\n"
PD = "import pandas as pd\n"

RANKS = [
    # what is read
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\n", {"a": (None, "?")}),
    (NP + "a = np.genfromtxt('{txt}', delimiter=',')\n", {"a": (None, "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',', usecols=[0, 2])\n", {"a": (None, 2)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',', usecols=1)\n", {"a": (None,)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',', ndmin=2)\n", {"a": (None, "?")}),
    (NP + "a = np.load('{npy}')\nb = a.reshape(-1, 28, 28)\n", {"a": None, "b": (None, 28, 28)}),
    (NP + PD + "v = pd.read_csv('{csv}').values\n", {"v": (None, "?")}),
    (NP + PD + "v = pd.read_csv('{csv}', usecols=['Open', 'Close']).to_numpy()\n", {"v": (None, 2)}),
    # indexing and slicing
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a[:, 1:]\ny = a[:, 0]\n", {"X": (None, "?"), "y": (None,)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a[:, :3]\nz = a[5:10]\n", {"X": (None, "?"), "z": (None, "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a[..., None]\nZ = a[:, :, np.newaxis]\n",
     {"X": (None, "?", 1), "Z": (None, "?", 1)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a[:, [0, 2]]\nR = a[[1, 2, 3]]\n", {"X": (None, 2), "R": (3, "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nm = a[a[:, 0] > 0.5]\n", {"m": (None, "?")}),
    # reshapes
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a.reshape(a.shape[0], a.shape[1], 1)\n", {"X": (None, "?", 1)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a.reshape((a.shape[0], 1, a.shape[1]))\n", {"X": (None, 1, "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a.reshape(-1, 1)\nf = a.flatten()\n", {"X": (None, 1), "f": (None,)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = np.reshape(a, (5, -1))\n", {"X": (5, "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a.astype('float32')\nY = np.asarray(a, dtype='float32')\n",
     {"X": (None, "?"), "Y": (None, "?")}),
    # adding and removing axes, transposes
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = np.expand_dims(a, axis=-1)\nY = np.expand_dims(a, 0)\n",
     {"X": (None, "?", 1), "Y": (1, "?", "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = np.expand_dims(a, (0, -1))\n", {"X": (1, "?", "?", 1)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = np.expand_dims(a, -1)\nY = np.squeeze(X, axis=-1)\n"
          "Z = X.squeeze(-1)\n", {"Y": (None, "?"), "Z": (None, "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a.squeeze()\n", {"X": None}),  # a size may be 1
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = a.T\nY = np.transpose(a)\n", {"X": ("?", "?"), "Y": ("?", "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',').reshape(-1, 5, 4)\nX = np.transpose(a, (0, 2, 1))\n"
          "Y = a.transpose(0, 2, 1)\nZ = np.swapaxes(a, 1, 2)\nW = np.moveaxis(a, -1, 1)\n",
     {"X": (None, 4, 5), "Y": (None, 4, 5), "Z": (None, 4, 5), "W": (None, 4, 5)}),
    # element by element
    (NP + PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\nl = np.log(df)\nv = l.values\n"
               "s = np.log1p(df['Open'])\nc = np.clip(df.values, 0, 1)\nm = np.isnan(c)\n",
     {"l": (None, 2), "v": (None, 2), "s": (None,), "c": (None, 2), "m": (None, 2)}),
    # joining
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = np.stack([a, a], axis=-1)\nY = np.stack([a, a])\n",
     {"X": (None, "?", 2), "Y": (2, "?", "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = np.concatenate([a, a], axis=1)\nY = np.concatenate([a, a])\n",
     {"X": (None, "?"), "Y": (None, "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = np.hstack([a, a])\nY = np.vstack([a, a])\nZ = np.dstack([a, a])\n",
     {"X": (None, "?"), "Y": (None, "?"), "Z": (None, "?", 2)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',', usecols=1)\nX = np.vstack([a, a])\nY = np.column_stack([a, a, a])\n",
     {"X": (2, "?"), "Y": (None, 3)}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nrows = [a[0], a[1], a[2]]\nX = np.array(rows)\n", {"X": (3, "?")}),
    (NP + "a = np.loadtxt('{txt}', delimiter=',')\nX = np.array([a, a])\n", {"X": (2, "?", "?")}),
]


@pytest.mark.parametrize("src,expect", RANKS, ids=[f"rank-{k}" for k in range(len(RANKS))])
def test_ranks_against_numpy(src, expect, tmp_path):
    compare(src, expect, tmp_path)


IMAGES = [
    (NP + "import cv2\nimg = cv2.imread('{png}')\n", {"img": ("?", "?", 3)}),
    (NP + "import cv2\nimg = cv2.imread('{png}', 0)\ng = cv2.imread('{png}', cv2.IMREAD_GRAYSCALE)\n",
     {"img": ("?", "?"), "g": ("?", "?")}),
    (NP + "import cv2\nimg = cv2.imread('{png}', cv2.IMREAD_UNCHANGED)\n", {"img": None}),
    (NP + "import cv2\nimg = cv2.resize(cv2.imread('{png}'), (64, 48))\nbatch = np.expand_dims(img, 0)\n",
     {"img": (48, 64, 3), "batch": (1, 48, 64, 3)}),
    (NP + "import cv2\nimg = cv2.cvtColor(cv2.imread('{png}'), cv2.COLOR_BGR2GRAY)\n"
          "rgb = cv2.cvtColor(cv2.imread('{png}'), cv2.COLOR_BGR2RGB)\n", {"img": ("?", "?"), "rgb": ("?", "?", 3)}),
    (NP + "import cv2\nimg = cv2.resize(np.zeros((24, 32, 1), dtype='uint8'), (16, 8))\n", {"img": (8, 16)}),
    (NP + "import cv2\nimgs = [cv2.resize(cv2.imread('{png}'), (32, 32)) for _ in range(3)]\nX = np.array(imgs) / 255.0\n",
     {"X": (3, 32, 32, 3)}),
    (NP + "from PIL import Image\nimg = np.array(Image.open('{png}'))\n", {"img": None}),
    (NP + "from PIL import Image\nimg = np.array(Image.open('{png}').convert('RGB'))\n"
          "g = np.asarray(Image.open('{png}').convert('L'))\n", {"img": ("?", "?", 3), "g": ("?", "?")}),
    (NP + "from PIL import Image\nim = Image.open('{png}').convert('RGB').resize((40, 30))\nx = np.array(im)\n",
     {"x": (30, 40, 3)}),
    (NP + "from PIL import Image\nx = np.array(Image.open('{png}').convert('RGBA').crop((0, 0, 10, 5)))\n",
     {"x": (5, 10, 4)}),
]


@pytest.mark.parametrize("src,expect", IMAGES, ids=[f"image-{k}" for k in range(len(IMAGES))])
def test_images_against_opencv_and_pillow(src, expect, tmp_path):
    if "cv2" in src:
        pytest.importorskip("cv2")
    pytest.importorskip("PIL")
    compare(src, expect, tmp_path)


def test_never_invents_a_size():
    """Sizes that depend on the data stay unknown, whatever is done with them."""
    src = (NP + "a = np.loadtxt('t.txt', delimiter=',')\nb = a[2:, 1:]\nc = np.concatenate([b, b], axis=1)\n"
           "d = c.reshape(c.shape[0], -1, 2)\ne = d[:, ::2]\n")
    a = analyze(src)
    for s in a.symbols:
        if s.kind == "array" and s.text in "abcde" and s.shape is not None:
            assert all(not isinstance(d, int) or d == 2 for d in s.shape), (s.text, s.shape)


def test_unknown_feature_sizes_are_never_none():
    """A size of data that is not known is a named size, never None (which Keras reads as a
    size that varies: a Dense or an LSTM sized by it raises SL117)."""
    src = (NP + "import keras\nfrom keras import layers\n"
           "a = np.loadtxt('t.txt', delimiter=',')\nX = a[:, 1:]\ny = a[:, 0]\n"
           "model = keras.Sequential([layers.Dense(8), layers.Dense(1)])\nmodel.compile(loss='mse')\nmodel.fit(X, y)\n"
           "W = X.reshape(-1, 5, X.shape[1] // 5)\n"
           "rnn = keras.Sequential([layers.LSTM(4), layers.Dense(1)])\nrnn.compile(loss='mse')\nrnn.fit(W, y)\n")
    a = analyze(src)
    assert not loud(a), [d.message for d in a.diagnostics]


# -- what a rank alone decides (each verdict confirmed in Keras below) -------------------------------

K = "import keras\nfrom keras import layers\n"
LSTM = ("model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n")
CONV = ("model = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(2)])\n"
        "model.compile(optimizer='adam', loss='mse')\n")

VERDICTS = [
    # (name, source, the code shapelens gives or None, whether Keras raises)
    ("csv 2-D into LSTM", NP + PD + K + LSTM + "data = pd.read_csv('{csv}')[['Open', 'High', 'Close']].values\n"
     "model.fit(data, data[:, :1], epochs=1)\n", "SL201", True),
    ("loadtxt 2-D into LSTM", NP + K + LSTM + "data = np.loadtxt('{txt}', delimiter=',')\n"
     "model.fit(data, data[:, 0], epochs=1)\n", "SL201", True),
    ("csv 2-D into an LSTM model built from the data", NP + PD + K
     + "model = keras.Sequential([layers.LSTM(8), layers.Dense(1)])\nmodel.compile(optimizer='adam', loss='mse')\n"
     "data = pd.read_csv('{csv}').drop(columns=['Date']).values\nmodel.fit(data, data[:, :1], epochs=1)\n", "SL101", True),
    ("windows into LSTM", NP + K + LSTM + "data = np.loadtxt('{txt}', delimiter=',', usecols=[0, 1, 2])[:20]\n"
     "X = data.reshape(-1, 10, 3)\nmodel.fit(X, X[:, -1, :1], epochs=1)\n", None, False),
    ("one feature, Keras adds the axis", NP + K
     + "model = keras.Sequential([keras.Input((5, 1)), layers.LSTM(4), layers.Dense(1)])\nmodel.compile(loss='mse')\n"
     "a = np.loadtxt('{txt}', delimiter=',')\nX = np.concatenate([a, a[:, :1]], axis=1)\nmodel.fit(X, a[:, 0], epochs=1)\n",
     None, False),
    ("image without a batch axis", NP + K + CONV + "import cv2\nimg = cv2.resize(cv2.imread('{png}'), (32, 32))\n"
     "pred = model.predict(img)\n", "SL201", True),
    ("image with a batch axis", NP + K + CONV + "import cv2\nimg = cv2.resize(cv2.imread('{png}'), (32, 32))\n"
     "pred = model.predict(np.expand_dims(img, axis=0))\n", None, False),
    ("grey image of unknown size into a colour model", NP + K + CONV
     + "from PIL import Image\nimg = np.array(Image.open('{png}').convert('L'))\npred = model.predict(img[None])\n",
     "SL201", True),
    ("DataFrame columns into Dense", NP + PD + K
     + "model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])\nmodel.compile(loss='mse')\n"
     "df = pd.read_csv('{csv}')\nmodel.fit(df[['Open', 'High', 'Low']], df['Close'], epochs=1)\n", None, False),
    ("two DataFrame columns into Input((3,))", NP + PD + K
     + "model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])\nmodel.compile(loss='mse')\n"
     "df = pd.read_csv('{csv}')\nmodel.fit(df[['Open', 'High']].values, df['Close'].values, epochs=1)\n", "SL201", True),
    ("scaled windows from a DataFrame", NP + PD + K + LSTM
     + "from sklearn.preprocessing import MinMaxScaler\ndf = pd.read_csv('{csv}', usecols=['Open', 'High', 'Close'])\n"
     "scaled = MinMaxScaler().fit_transform(df)\nX = scaled[:30].reshape(-1, 10, 3)\nmodel.fit(X, X[:, -1, :1], epochs=1)\n",
     None, False),
    ("a last size that may be 1 is squeezed by Keras", NP + K
     + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\nmodel.compile(loss='mse')\n"
     "a = np.loadtxt('{txt}', delimiter=',')\nX = a.reshape(a.shape[0], a.shape[1], -1)\nmodel.fit(X, a[:, 0], epochs=1)\n",
     None, False),
]


KERAS_IMAGES = [
    # (source, {name: shapelens shape}); the same source runs in Keras with the real shapes asserted
    (NP + "import keras\nimg = keras.utils.load_img('{png}', target_size=(20, 30))\nx = keras.utils.img_to_array(img)\n"
          "batch = np.expand_dims(x, 0)\n", {"x": (20, 30, 3), "batch": (1, 20, 30, 3)}),
    (NP + "from keras.preprocessing import image\nimg = image.load_img('{png}', color_mode='grayscale')\n"
          "x = image.img_to_array(img)\ng = np.array(img)\n", {"x": ("?", "?", 1), "g": ("?", "?")}),
    (NP + "import keras\nx = keras.utils.img_to_array(keras.utils.load_img('{png}', color_mode='rgba'))\n",
     {"x": ("?", "?", 4)}),
]


@pytest.mark.parametrize("src,expect", KERAS_IMAGES, ids=[f"keras-image-{k}" for k in range(len(KERAS_IMAGES))])
def test_keras_images(src, expect, tmp_path, oracle):
    from libdata import lens_shapes, norm

    src = src.format(**make_files(tmp_path))
    lens, _ = lens_shapes(src)
    assert {k: norm(lens.get(k)) for k in expect} == expect
    checks = "".join(f"assert len({k}.shape) == {len(v)} and all(a == b for a, b in zip({k}.shape, {v!r}) "
                     f"if isinstance(b, int)), {k}.shape\n" for k, v in expect.items())
    r = oracle.run([{"id": "img", "source": src + checks, "mode": "script"}])[0]
    assert r["error"] is None, r["error"]


@pytest.fixture(scope="module")
def oracle():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "oracle"))
    try:
        from keras_worker import KerasOracle, OracleUnavailable
    except ImportError:  # pragma: no cover
        pytest.skip("no Keras oracle")
    try:
        o = KerasOracle(timeout=120)
        o.__enter__()
    except OracleUnavailable as e:  # pragma: no cover
        pytest.skip(f"no Keras oracle: {e}")
    yield o
    o.__exit__(None, None, None)


@pytest.mark.parametrize("name,src,code,raises", VERDICTS, ids=[v[0] for v in VERDICTS])
def test_rank_verdicts(name, src, code, raises, tmp_path):
    if "cv2" in src:
        pytest.importorskip("cv2")
    src = src.format(**make_files(tmp_path))
    a = analyze(src)
    assert codes(a) == ([code] if code else []), [(d.code, d.message) for d in a.diagnostics]


@pytest.mark.parametrize("name,src,code,raises", VERDICTS, ids=[v[0] for v in VERDICTS])
def test_rank_verdicts_in_keras(name, src, code, raises, tmp_path, oracle):
    if "cv2" in src:
        pytest.importorskip("cv2")
    src = src.format(**make_files(tmp_path))
    r = oracle.run([{"id": name, "source": src, "mode": "script"}])[0]
    if raises:
        assert r["error"] is not None and r["error"]["phase"] == "fit", r["error"]
    else:
        assert r["error"] is None, r["error"]


def test_advice_never_writes_an_unknown_size_as_a_number():
    """The repair advice for 2-D data of unknown width into an LSTM names the time steps in words
    (the width is only known when the program runs)."""
    a = analyze(NP + PD + K + "model = keras.Sequential([layers.LSTM(8), layers.Dense(1)])\nmodel.compile(loss='mse')\n"
                "data = pd.read_csv('p.csv').values\nmodel.fit(data, data[:, 0])\n")
    msgs = [d.message for d in a.diagnostics if d.code == "SL101"]
    assert len(msgs) == 1 and "shape=(timesteps, 1)" in msgs[0] and "n_columns, 1" not in msgs[0], msgs


def test_data_changed_in_place_is_never_stale():
    """``X.shape = ...`` and ``X.resize(...)``: the name holds the new shape; other names holding
    the same array see an unknown one, never the old."""
    a = analyze(NP + "X = np.zeros((10, 6))\nY = X\nX.shape = (10, 3, 2)\nZ = np.zeros((4, 4))\nW = Z\nZ.resize((2, 8))\n"
                     "x = X\ny = Y\nz = Z\nw = W\n")
    shapes = {s.text: s.shape for s in a.symbols if s.kind == "array"}
    assert shapes["x"] == (10, 3, 2) and shapes["y"] is None
    assert shapes["z"] == (2, 8) and shapes["w"] is None


# -- correct programs stay silent (each also runs in Keras without an error) -------------------------

SK = "from sklearn.preprocessing import MinMaxScaler, StandardScaler, LabelEncoder\n" \
     "from sklearn.model_selection import train_test_split\n"
CORRECT = [
    ("inverse through a table of all the columns", NP + PD + K + SK
     + "df = pd.read_csv('{csv}', usecols=['Open', 'High', 'Low', 'Close'])\nscaler = MinMaxScaler()\n"
       "scaled = scaler.fit_transform(df)\nX = scaled[:30].reshape(-1, 10, 4)\n"
       "model = keras.Sequential([keras.Input((10, 4)), layers.LSTM(8), layers.Dense(1)])\nmodel.compile(loss='mse')\n"
       "model.fit(X, X[:, -1, 3:], epochs=1)\npred = model.predict(X)\nfull = np.zeros((pred.shape[0], 4))\n"
       "full[:, -1] = pred[:, 0]\nback = scaler.inverse_transform(full)[:, -1]\n"),
    ("a scaler for the target alone", NP + PD + K + SK
     + "df = pd.read_csv('{csv}')\nX = df[['Open', 'High', 'Low']].values\ny = df['Close'].values.reshape(-1, 1)\n"
       "sx, sy = StandardScaler(), StandardScaler()\nX = sx.fit_transform(X)\ny = sy.fit_transform(y)\n"
       "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, shuffle=False)\n"
       "model = keras.Sequential([keras.Input((X.shape[1],)), layers.Dense(8), layers.Dense(1)])\n"
       "model.compile(loss='mse')\nmodel.fit(X_tr, y_tr, validation_data=(X_te, y_te), epochs=1)\n"
       "pred = sy.inverse_transform(model.predict(X_te))\n"),
    ("windows from a loop, reshaped", NP + PD + K + SK
     + "data = pd.read_csv('{csv}').iloc[:, 4:5].values\nsc = MinMaxScaler()\ndata = sc.fit_transform(data)\n"
       "X, y = [], []\nfor i in range(10, len(data)):\n    X.append(data[i - 10:i, 0])\n    y.append(data[i, 0])\n"
       "X, y = np.array(X), np.array(y)\nX = np.reshape(X, (X.shape[0], X.shape[1], 1))\n"
       "model = keras.Sequential([layers.LSTM(8, input_shape=(X.shape[1], 1)), layers.Dense(1)])\n"
       "model.compile(loss='mse')\nmodel.fit(X, y, epochs=1)\nout = sc.inverse_transform(model.predict(X))\n"),
    ("labels encoded then one-hot", NP + PD + K + SK
     + "df = pd.read_csv('{csv}')\ndf['label'] = np.where(df['Close'] > df['Open'], 'up', 'down')\n"
       "y = keras.utils.to_categorical(LabelEncoder().fit_transform(df['label']), 2)\n"
       "X = df.drop(columns=['Date', 'label']).values.astype('float32')\n"
       "model = keras.Sequential([keras.Input((X.shape[1],)), layers.Dense(2, activation='softmax')])\n"
       "model.compile(loss='categorical_crossentropy')\nmodel.fit(X, y, epochs=1)\n"),
    ("dummies", NP + PD + K
     + "df = pd.read_csv('{csv}')\ndf['day'] = df['Date'].str[-2:]\nX = pd.get_dummies(df.drop(columns=['Date', 'Close']),"
       " dtype='float32')\ny = df['Close']\n"
       "model = keras.Sequential([keras.Input((X.shape[1],)), layers.Dense(4), layers.Dense(1)])\n"
       "model.compile(loss='mse')\nmodel.fit(X, y, epochs=1)\n"),
    ("one photo with a batch axis", NP + K + "from PIL import Image\n"
     + "model = keras.Sequential([keras.Input((16, 16, 3)), layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(2)])\n"
       "img = Image.open('{png}').resize((16, 16))\nx = np.array(img) / 255.0\nx = x.reshape(1, 16, 16, 3)\n"
       "p = model.predict(x)\ny = np.asarray(Image.open('{png}').convert('RGB').resize((16, 16)))[np.newaxis, ...]\n"
       "q = model.predict(y)\n"),
]


@pytest.mark.parametrize("name,src", CORRECT, ids=[c[0] for c in CORRECT])
def test_correct_pipelines_are_silent(name, src, tmp_path):
    src = src.format(**make_files(tmp_path))
    a = analyze(src)
    assert not loud(a), [(d.code, d.message) for d in a.diagnostics]


@pytest.mark.parametrize("name,src", CORRECT, ids=[c[0] for c in CORRECT])
def test_correct_pipelines_run_in_keras(name, src, tmp_path, oracle):
    src = src.format(**make_files(tmp_path))
    r = oracle.run([{"id": name, "source": src, "mode": "script"}])[0]
    assert r["error"] is None, r["error"]
