"""scikit-learn: train_test_split's row counts as scikit-learn rounds them (every array in the
call, DataFrames and Series kept as such), the scalers, encoders, imputers and PCA, each run by
shapelens and by scikit-learn on small data (libdata.compare), and the errors scikit-learn raises
(SL206 rank, SL207 columns, SL208 sample counts) reported exactly when it raises."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from libdata import codes, compare, loud, make_files, real_namespace  # noqa: E402

from shapelens import analyze  # noqa: E402

pytest.importorskip("sklearn")
pytest.importorskip("pandas")

NP = "import numpy as np\n"
TTS = NP + "from sklearn.model_selection import train_test_split\n"
PRE = NP + "from sklearn.preprocessing import StandardScaler, MinMaxScaler, RobustScaler, MaxAbsScaler, Normalizer\n"


def _split(n, args):
    return (TTS + f"X = np.zeros(({n}, 3))\ny = np.zeros({n})\n"
            f"X_train, X_test, y_train, y_test = train_test_split(X, y{args})\n")


SPLITS = [
    (n, args) for n in (10, 30, 33, 101)
    for args in ("", ", test_size=0.2", ", test_size=0.1", ", test_size=0.33", ", test_size=7", ", train_size=0.7",
                 ", train_size=0.5, test_size=0.2", ", test_size=0.25, shuffle=False", ", train_size=8",
                 ", test_size=0.3, random_state=42, stratify=None")
]


@pytest.mark.parametrize("n,args", SPLITS, ids=[f"n{n}{a.replace(', ', '-').replace('=', '')}" for n, a in SPLITS])
def test_split_rows_as_sklearn_rounds_them(n, args, tmp_path):
    src = _split(n, args)
    ns = real_namespace(src)
    expect = {k: tuple(ns[k].shape) for k in ("X_train", "X_test", "y_train", "y_test")}
    compare(src, expect, tmp_path)


SPLIT_MORE = [
    # DataFrames and Series stay DataFrames and Series
    (TTS + "import pandas as pd\ndf = pd.DataFrame({{'a': np.zeros(20), 'b': np.ones(20), 'y': np.zeros(20)}})\n"
           "X_tr, X_te, y_tr, y_te = train_test_split(df[['a', 'b']], df['y'], test_size=0.2)\nv = X_tr.values\n"
           "c = X_te['a']\n", {"X_tr": (16, 2), "X_te": (4, 2), "y_tr": (16,), "y_te": (4,), "v": (16, 2), "c": (4,)}),
    # three arrays: six results
    (TTS + "X = np.zeros((40, 5, 2))\ny = np.zeros(40)\nw = np.ones(40)\n"
           "a, b, c, d, e, f = train_test_split(X, y, w, test_size=0.25)\n",
     {"a": (30, 5, 2), "b": (10, 5, 2), "c": (30,), "d": (10,), "e": (30,), "f": (10,)}),
    # rows not known: rank kept
    (TTS + "import pandas as pd\ndf = pd.read_csv('{csv}')\nX = df[['Open', 'High']].values\ny = df['Close'].values\n"
           "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)\n",
     {"X_tr": (None, 2), "X_te": (None, 2), "y_tr": (None,), "y_te": (None,)}),
]


@pytest.mark.parametrize("src,expect", SPLIT_MORE, ids=[f"split-{k}" for k in range(len(SPLIT_MORE))])
def test_split_kinds(src, expect, tmp_path):
    compare(src, expect, tmp_path)


TRANSFORMS = [
    (NP + "from sklearn.preprocessing import scale, minmax_scale, robust_scale, maxabs_scale, normalize\n"
          "X = np.random.rand(30, 4)\nA = scale(X)\nB = minmax_scale(X[:, 0])\nC = robust_scale(X[:10])\n"
          "D = maxabs_scale(X.T)\nE = normalize(X, norm='l1')\n",
     {"A": (30, 4), "B": (30,), "C": (10, 4), "D": (4, 30), "E": (30, 4)}),
    (PRE + "X = np.random.rand(30, 4)\nZ = StandardScaler().fit_transform(X)\n", {"Z": (30, 4)}),
    (PRE + "X = np.random.rand(30, 4)\ns = MinMaxScaler()\ns.fit(X)\nA = s.transform(X[:5])\nB = s.inverse_transform(A)\n",
     {"A": (5, 4), "B": (5, 4)}),
    (PRE + "X = np.random.rand(30, 4)\nC = RobustScaler().fit(X).transform(X)\nD = MaxAbsScaler().fit_transform(X)\n"
           "E = Normalizer().fit_transform(X)\n", {"C": (30, 4), "D": (30, 4), "E": (30, 4)}),
    (PRE + "import pandas as pd\ndf = pd.read_csv('{csv}')\nZ = MinMaxScaler(feature_range=(0, 1)).fit_transform("
           "df[['Open', 'Close']])\n", {"Z": (None, 2)}),
    (PRE + "import pandas as pd\ndf = pd.read_csv('{csv}')\ny = MinMaxScaler().fit_transform(df['Close'].values.reshape(-1, 1))\n"
           "z = MinMaxScaler().fit_transform(df[['Close']])\n", {"y": (None, 1), "z": (None, 1)}),
    (NP + "from sklearn.preprocessing import LabelEncoder\nle = LabelEncoder()\n"
          "y = le.fit_transform(np.array(['a', 'b', 'a', 'c']))\nback = le.inverse_transform(y)\n", {"y": (4,), "back": (4,)}),
    (NP + "from sklearn.preprocessing import OneHotEncoder\nenc = OneHotEncoder(sparse_output=False)\n"
          "Y = enc.fit_transform(np.array([[0], [1], [2], [1]]))\n", {"Y": (4, "?")}),
    (NP + "from sklearn.preprocessing import OneHotEncoder\n"
          "enc = OneHotEncoder(categories=[[0, 1, 2, 3], ['x', 'y']], sparse_output=False, drop='first')\n"
          "Y = enc.fit_transform(np.array([[0, 'x'], [1, 'y']], dtype=object))\n", {"Y": (2, 4)}),
    (NP + "from sklearn.decomposition import PCA\nX = np.random.rand(30, 6)\npca = PCA(n_components=3)\n"
          "Z = pca.fit_transform(X)\nW = pca.transform(X[:4])\nB = pca.inverse_transform(Z)\n",
     {"Z": (30, 3), "W": (4, 3), "B": (30, 6)}),
    (NP + "from sklearn.decomposition import PCA\nZ = PCA(0.9).fit_transform(np.random.rand(30, 6))\n"
          "Y = PCA().fit_transform(np.random.rand(30, 6))\n", {"Z": (30, "?"), "Y": (30, "?")}),
    (NP + "from sklearn.decomposition import TruncatedSVD\nZ = TruncatedSVD().fit_transform(np.random.rand(30, 6))\n",
     {"Z": (30, 2)}),
    (NP + "from sklearn.impute import SimpleImputer\nX = np.random.rand(30, 4)\nZ = SimpleImputer().fit_transform(X)\n"
          "K = SimpleImputer(keep_empty_features=True).fit_transform(X)\n", {"Z": (30, "?"), "K": (30, 4)}),
    (PRE + "X = np.random.rand(30, 4)\nscaler = StandardScaler()\nX_s = scaler.fit_transform(X.reshape(-1, 2))"
           ".reshape(X.shape)\n", {"X_s": (30, 4)}),
]


@pytest.mark.parametrize("src,expect", TRANSFORMS, ids=[f"transform-{k}" for k in range(len(TRANSFORMS))])
def test_transformers_against_sklearn(src, expect, tmp_path):
    a = compare(src, expect, tmp_path)
    assert not loud(a), [d.message for d in a.diagnostics]


ERRORS = [
    # (source, the code shapelens gives, or None when scikit-learn accepts it)
    (PRE + "X = np.random.rand(20, 10, 3)\nZ = StandardScaler().fit_transform(X)\n", "SL206"),
    (PRE + "X = np.random.rand(20, 10, 3)\ns = MinMaxScaler()\ns.fit(X)\n", "SL206"),
    (PRE + "X = np.random.rand(20, 3)\ns = MinMaxScaler().fit(X)\nW = s.transform(np.zeros((5, 10, 3)))\n", "SL206"),
    (PRE + "y = np.random.rand(20)\nZ = MinMaxScaler().fit_transform(y)\n", "SL206"),
    (PRE + "import pandas as pd\ndf = pd.read_csv('{csv}')\nZ = StandardScaler().fit_transform(df['Close'])\n", "SL206"),
    (PRE + "import pandas as pd\ndf = pd.read_csv('{csv}')\nZ = StandardScaler().fit_transform(df[['Close']])\n", None),
    (NP + "from sklearn.preprocessing import LabelEncoder\ny = LabelEncoder().fit_transform(np.zeros((6, 3)))\n", "SL206"),
    (NP + "from sklearn.preprocessing import LabelEncoder\ny = LabelEncoder().fit_transform(np.zeros((6, 1)))\n", None),
    (NP + "from sklearn.preprocessing import LabelBinarizer\nY = LabelBinarizer().fit_transform(np.array([0, 1, 2, 1]))\n", None),
    (NP + "from sklearn.preprocessing import OrdinalEncoder\nY = OrdinalEncoder().fit_transform(np.zeros((4, 3, 1)))\n",
     "SL206"),
    (NP + "from sklearn.preprocessing import OneHotEncoder\nY = OneHotEncoder().fit_transform(np.array([0, 1, 2]))\n",
     "SL206"),
    (NP + "from sklearn.decomposition import PCA\nZ = PCA(2).fit_transform(np.random.rand(20, 4, 2))\n", "SL206"),
    # columns against what was fitted
    (PRE + "data = np.random.rand(40, 5)\ns = MinMaxScaler()\nscaled = s.fit_transform(data)\n"
           "pred = np.random.rand(8, 1)\nback = s.inverse_transform(pred)\n", "SL207"),
    (PRE + "data = np.random.rand(40, 5)\ns = StandardScaler()\ns.fit(data)\nback = s.inverse_transform(np.zeros((8, 2)))\n",
     "SL207"),
    (PRE + "s = StandardScaler().fit(np.random.rand(40, 5))\nZ = s.transform(np.random.rand(8, 3))\n", "SL207"),
    (PRE + "s = StandardScaler(with_mean=False, with_std=False).fit(np.random.rand(40, 5))\n"
           "back = s.inverse_transform(np.zeros((8, 1)))\n", None),
    (PRE + "s = MinMaxScaler().fit(np.random.rand(40, 1))\nback = s.inverse_transform(np.zeros((8, 1)))\n", None),
    (PRE + "s = MinMaxScaler().fit(np.random.rand(40, 1))\nback = s.inverse_transform(np.zeros((8, 4)))\n", None),
    (PRE + "s = MinMaxScaler()\na = s.fit_transform(np.random.rand(40, 5))\nb = s.fit_transform(np.random.rand(40, 1))\n"
           "back = s.inverse_transform(np.zeros((8, 1)))\n", None),
    (NP + "from sklearn.decomposition import PCA\nZ = PCA(n_components=8).fit_transform(np.random.rand(40, 5))\n", "SL207"),
    (NP + "from sklearn.decomposition import PCA\nZ = PCA(n_components=5).fit_transform(np.random.rand(40, 5))\n", None),
    # samples split together
    (TTS + "a, b, c, d = train_test_split(np.zeros((100, 4)), np.zeros(90), test_size=0.2)\n", "SL208"),
    (TTS + "a, b, c, d = train_test_split(np.zeros((100, 4)), np.zeros(100), test_size=0.2)\n", None),
]


@pytest.mark.parametrize("src,code", ERRORS, ids=[f"error-{k}" for k in range(len(ERRORS))])
def test_errors_as_sklearn_raises(src, code, tmp_path):
    src = src.format(**make_files(tmp_path))
    a = analyze(src)
    assert codes(a) == ([code] if code else []), [(d.code, d.message) for d in a.diagnostics]
    try:
        real_namespace(src)
        raised = None
    except ValueError as e:
        raised = e
    assert (raised is not None) == (code is not None), raised
    if code is not None:
        d = [d for d in a.diagnostics if d.code == code][0]
        first = str(raised).splitlines()[0]
        quoted = d.message.split("'")[1] if "'" in d.message else ""
        assert quoted and (quoted in str(raised) or first.startswith(quoted[:30])), (d.message, first)


def test_3d_fix_reshapes_and_back():
    src = PRE + "X = np.random.rand(20, 10, 3)\nscaler = StandardScaler()\nX_s = scaler.fit_transform(X)\n"
    a = analyze(src)
    d = [d for d in a.diagnostics if d.code == "SL206"][0]
    assert d.fixes, d
    from shapelens.edits import apply_edits

    fixed = apply_edits(src, d.fixes[0].edits)
    assert "scaler.fit_transform(X.reshape(-1, X.shape[-1])).reshape(X.shape)" in fixed, fixed
    assert not loud(analyze(fixed))
    ns = real_namespace(fixed)
    assert ns["X_s"].shape == (20, 10, 3)


FIXED = [
    PRE + "X = np.random.rand(20, 10, 3)\ns = MinMaxScaler()\ns.fit(X)\n",
    PRE + "y = np.random.rand(20)\nZ = MinMaxScaler().fit_transform(y)\n",
    PRE + "import pandas as pd\ndf = pd.DataFrame({{'a': np.random.rand(9)}})\nZ = StandardScaler().fit_transform(df['a'])\n",
    PRE + "import pandas as pd\ndf = pd.DataFrame({{'a': np.random.rand(9)}})\nZ = StandardScaler().fit_transform(df.a)\n",
    NP + "from sklearn.preprocessing import LabelEncoder\nlabels = np.array([['a', 'b'], ['b', 'a']])\n"
           "y = LabelEncoder().fit_transform(labels)\n",
]


@pytest.mark.parametrize("src", FIXED, ids=[f"fixed-{k}" for k in range(len(FIXED))])
def test_fixes_make_code_scikit_learn_accepts(src, tmp_path):
    from shapelens.edits import apply_edits

    src = src.format(**make_files(tmp_path))
    a = analyze(src)
    d = [d for d in a.diagnostics if d.code == "SL206"]
    assert d and d[0].fixes, [x.message for x in a.diagnostics]
    fixed = apply_edits(src, d[0].fixes[0].edits)
    assert not loud(analyze(fixed)), fixed
    real_namespace(fixed)  # scikit-learn accepts it


def test_fitted_state_is_never_stale():
    """What a scaler was fitted on is known only along the path the code takes: a scaler fitted
    in a branch, refitted, passed to a function or held by another name is not judged."""
    cases = [
        PRE + "s = MinMaxScaler()\nif cond:\n    s.fit(np.zeros((9, 5)))\nelse:\n    s.fit(np.zeros((9, 1)))\n"
              "back = s.inverse_transform(np.zeros((3, 1)))\n",
        PRE + "s = MinMaxScaler()\nt = s\ns.fit(np.zeros((9, 5)))\nback = t.inverse_transform(np.zeros((3, 1)))\n",
        PRE + "s = MinMaxScaler()\ns.fit(np.zeros((9, 5)))\ndef refit(sc):\n    sc.fit(np.zeros((9, 1)))\n"
              "refit(s)\nback = s.inverse_transform(np.zeros((3, 1)))\n",
        PRE + "s = MinMaxScaler()\nfor k in range(n):\n    s.fit(np.zeros((9, k)))\n"
                "back = s.inverse_transform(np.zeros((3, 1)))\n",
    ]
    for src in cases:
        a = analyze(src)
        assert not loud(a), (src, [d.message for d in a.diagnostics])


KERAS = "import keras\nfrom keras import layers\n"


def test_tabular_pipeline():
    src = (TTS + KERAS + "import pandas as pd\nfrom sklearn.preprocessing import StandardScaler\n"
           "df = pd.read_csv('houses.csv', usecols=['rooms', 'area', 'age', 'price'])\n"
           "X = df.drop(columns=['price']).values\ny = df['price'].values\n"
           "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)\n"
           "scaler = StandardScaler()\nX_train = scaler.fit_transform(X_train)\nX_test = scaler.transform(X_test)\n"
           "model = keras.Sequential([keras.Input((4,)), layers.Dense(16, activation='relu'), layers.Dense(1)])\n"
           "model.compile(optimizer='adam', loss='mse')\nmodel.fit(X_train, y_train, validation_data=(X_test, y_test))\n")
    a = analyze(src)
    assert codes(a) == ["SL201"], [d.message for d in a.diagnostics]  # 3 features, not 4
    fixed = analyze(src.replace("keras.Input((4,))", "keras.Input((3,))"))
    assert not loud(fixed), [d.message for d in fixed.diagnostics]


def test_unknown_stays_silent():
    src = (PRE + "from sklearn.pipeline import make_pipeline\nfrom sklearn.compose import ColumnTransformer\n"
           "p = make_pipeline(StandardScaler())\nZ = p.fit_transform(np.zeros((5, 3, 2)))\n"
           "ct = ColumnTransformer([])\nW = ct.fit_transform(np.zeros((5, 3)))\n"
           "s = StandardScaler().set_output(transform='pandas')\nq = s.fit_transform(data)\n"
           "r = StandardScaler()\nr.set_params(with_mean=False)\nb = r.inverse_transform(np.zeros((2, 1)))\n")
    a = analyze(src)
    assert not loud(a), [d.message for d in a.diagnostics]


DATASETS = NP + "from sklearn import datasets\nfrom sklearn.datasets import make_regression, load_iris\n"
GENERATED = [
    (DATASETS + "X, y = make_regression(60, 9, n_informative=9, n_targets=2, random_state=0)\n", {"X": (60, 9), "y": (60, 2)}),
    (DATASETS + "X, y = make_regression(n_samples=30)\nA, b, c = make_regression(20, 4, coef=True)\n",
     {"X": (30, 100), "y": (30,), "A": (20, 4), "b": (20,), "c": (4,)}),
    (DATASETS + "X, y = datasets.make_classification(n_samples=50, n_features=6)\n", {"X": (50, 6), "y": (50,)}),
    (DATASETS + "X, y = datasets.make_blobs(n_samples=[10, 15], n_features=3, random_state=0)\n",
     {"X": (25, 3), "y": (25,)}),
    (DATASETS + "X, y = datasets.make_moons(40, noise=0.1)\nA, b = datasets.make_circles((5, 7))\n",
     {"X": (40, 2), "y": (40,), "A": (12, 2), "b": (12,)}),
    (DATASETS + "X, Y = datasets.make_multilabel_classification(30, 8, n_classes=4)\n", {"X": (30, 8), "Y": (30, 4)}),
    (DATASETS + "X, y = datasets.make_s_curve(25)\nA, b = datasets.make_friedman1(25)\n",
     {"X": (25, 3), "y": (25,), "A": (25, 10), "b": (25,)}),
    (DATASETS + "iris = load_iris()\nX = iris.data\ny = iris['target']\n", {"X": (150, 4), "y": (150,)}),
    (DATASETS + "X, y = datasets.load_wine(return_X_y=True)\nd = datasets.load_digits()\nimgs = d.images\n",
     {"X": (178, 13), "y": (178,), "imgs": (1797, 8, 8)}),
    (DATASETS + "X, y = datasets.load_iris(return_X_y=True, as_frame=True)\n", {"X": (150, 4), "y": (150,)}),
    (DATASETS + "X = datasets.load_digits(n_class=5).data\n", {"X": (None, 64)}),
]


@pytest.mark.parametrize("src,expect", GENERATED, ids=[f"dataset-{k}" for k in range(len(GENERATED))])
def test_datasets_against_sklearn(src, expect, tmp_path):
    compare(src, expect, tmp_path)


def test_generated_data_into_an_lstm():
    src = (DATASETS + KERAS + "from sklearn.model_selection import train_test_split\n"
           "X, y = make_regression(100, 9, n_targets=2)\nX_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25)\n"
           "model = keras.Sequential([keras.Input((1, 9)), layers.LSTM(8), layers.Dense(2)])\nmodel.compile(loss='mse')\n"
           "model.fit(X_tr, y_tr)\n")
    assert codes(analyze(src)) == ["SL201"]
    assert not loud(analyze(src.replace("model.fit(X_tr, y_tr)", "model.fit(X_tr.reshape(-1, 1, 9), y_tr)")))


def test_scale_functions_where_sklearn_raises_are_unknown_and_silent(tmp_path):
    """normalize/quantile_transform/power_transform of a 1-D array and any of them on 3-D data
    raise in scikit-learn; shapelens gives no shape there and reports nothing (only the
    estimators' errors, SL206, are modelled)."""
    src = (NP + "from sklearn.preprocessing import scale, normalize, power_transform\n"
           "v = np.random.rand(20)\nw = np.random.rand(5, 4, 3)\n")
    for expr in ("normalize(v)", "power_transform(v)", "scale(w)", "normalize(w)"):
        a = analyze(src + f"out = {expr}\n")
        assert "out" not in {s.text for s in a.symbols if s.kind == "array"}, expr
        assert not loud(a), [d.message for d in a.diagnostics]
        with pytest.raises(ValueError):
            real_namespace(src + f"out = {expr}\n")
