"""pandas: each DataFrame/Series operation the engine follows, run by shapelens and by pandas on
a small CSV (libdata.compare: the same rank, every size shapelens gives the real one), the
DataFrame errors pandas raises (SL209), DataFrames changed in place (never a stale shape), and
DataFrames and Series reaching fit/predict as the arrays Keras makes of them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from libdata import codes, compare, loud  # noqa: E402

from shapelens import analyze  # noqa: E402

pytest.importorskip("pandas")

NP = "import numpy as np\n"
PD = "import numpy as np\nimport pandas as pd\n"
CSV = PD + "df = pd.read_csv('{csv}')\n"

FRAMES = [
    # readers
    (CSV, {"df": (None, "?")}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Date', 'Close'])\n", {"df": (None, 2)}),
    (PD + "df = pd.read_csv('{csv}', usecols=[1, 2, 4])\n", {"df": (None, 3)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Date', 'Open', 'Close'], index_col='Date')\n", {"df": (None, 2)}),
    (PD + "df = pd.read_csv('{csv}', index_col=0)\n", {"df": (None, "?")}),
    (PD + "df = pd.read_csv('{csv}', names=['d', 'o', 'h', 'l', 'c', 'v'], header=0)\n", {"df": (None, 6)}),
    (PD + "df = pd.read_csv('{csv}', header=None)\n", {"df": (None, "?")}),
    (PD + "df = pd.read_csv('{csv}', parse_dates=['Date'], index_col='Date')\n", {"df": (None, "?")}),
    (PD + "df = pd.read_json('{json}')\ns = pd.read_json('{json}', typ='series')\n", {"df": (None, "?"), "s": (None,)}),
    # constructors
    (PD + "df = pd.DataFrame({{'a': [1, 2, 3], 'b': [4.0, 5.0, 6.0]}})\n", {"df": (3, 2)}),
    (PD + "df = pd.DataFrame({{'a': np.zeros(7), 'b': np.ones(7), 'c': np.arange(7)}})\n", {"df": (7, 3)}),
    (PD + "df = pd.DataFrame(np.zeros((6, 4)), columns=['a', 'b', 'c', 'd'])\n", {"df": (6, 4)}),
    (PD + "df = pd.DataFrame(np.zeros(6))\n", {"df": (6, 1)}),
    (PD + "df = pd.DataFrame([[1, 2], [3, 4], [5, 6]])\n", {"df": (3, 2)}),
    (PD + "df = pd.DataFrame(columns=['a', 'b', 'c'])\n", {"df": (0, 3)}),
    (PD + "s = pd.Series([1.0, 2.0, 3.0, 4.0])\nf = s.to_frame()\n", {"s": (4,), "f": (4, 1)}),
    # columns
    (CSV + "c = df['Close']\nx = df.Close\ncv = df['Close'].values\n", {"c": (None,), "x": (None,), "cv": (None,)}),
    (CSV + "X = df[['Open', 'High', 'Low']]\nv = X.values\n", {"X": (None, 3), "v": (None, 3)}),
    (CSV + "X = df.drop(columns=['Date', 'Volume'])\n", {"X": (None, "?")}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Date', 'Open', 'Close'])\nX = df.drop(columns=['Date'])\n"
          "Y = df.drop('Date', axis=1)\nZ = df.drop(['Date', 'Open'], axis='columns')\n", {"X": (None, 2), "Y": (None, 2), "Z": (None, 1)}),
    (CSV + "X = df.drop([0, 1])\n", {"X": (None, "?")}),
    # rows and positions
    (CSV + "X = df.iloc[:, 1:5]\ny = df.iloc[:, 4]\nr = df.iloc[0]\n", {"X": (None, "?"), "y": (None,), "r": ("?",)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'High', 'Close'])\nX = df.iloc[:, :-1].values\n"
          "y = df.iloc[:, -1].values\nr = df.iloc[3]\n", {"X": (None, 2), "y": (None,), "r": (3,)}),
    (PD + "df = pd.DataFrame(np.zeros((10, 4)))\nX = df.iloc[2:8, [0, 3]]\nh = df.head(3)\nt = df.tail(20)\n",
     {"X": (6, 2), "h": (3, 4), "t": (10, 4)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'High', 'Low', 'Close'])\nX = df.loc[:, 'Open':'Low']\n"
          "c = df.loc[:, 'Close']\nY = df.loc[:, ['High', 'Close']]\n", {"X": (None, 3), "c": (None,), "Y": (None, 2)}),
    (CSV + "u = df[df['Close'] > 50]\nv = df.loc[df['Open'] > 50, ['Open', 'Close']]\n", {"u": (None, "?"), "v": (None, 2)}),
    (CSV + "h = df.head()\n", {"h": (None, "?")}),
    # values kept, rows dropped
    (CSV + "s = df['Close'].shift(1)\nf = df.fillna(0)\nd = df.dropna()\nr = df['Close'].rolling(5).mean()\n",
     {"s": (None,), "f": (None, "?"), "d": (None, "?"), "r": (None,)}),
    (CSV + "m = df[['Open', 'Close']].mean()\nm1 = df[['Open', 'Close']].mean(axis=1)\n", {"m": (2,), "m1": (None,)}),
    (CSV + "X = df[['Open', 'Close']].astype('float32').to_numpy()\n", {"X": (None, 2)}),
    (PD + "df = pd.DataFrame({{'a': [1, 2, 3], 'b': [4, 5, 6]}})\ng = pd.get_dummies(df, columns=['a'])\n",
     {"g": (3, "?")}),
    (PD + "a = pd.DataFrame(np.zeros((4, 2)))\nb = pd.DataFrame(np.ones((3, 2)))\nc = pd.concat([a, b])\n"
          "d = pd.concat([a, a], axis=1)\n", {"c": (7, 2), "d": (None, 4)}),
    (CSV + "t = df.T\n", {"t": ("?", "?")}),
    # indexing afterwards keeps the rank
    (CSV + "v = df[['Open', 'Close']].values\nX = v.reshape(-1, 1, 2)\n", {"X": (None, 1, 2)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'High', 'Close'])\nx = df.values[:, :-1]\n"
          "X = x.reshape(x.shape[0], 1, x.shape[1])\n", {"x": (None, 2), "X": (None, 1, 2)}),
    (CSV + "a = df.loc[:, 'Open':]\nb = df[['Open']].shift(-1).dropna()\nc = df.iloc[:, 1:].values\n",
     {"a": (None, "?"), "b": (None, 1), "c": (None, "?")}),
    (CSV + "s = df['Close']\nv = s.values.reshape(-1, 1)\nw = s.to_frame().values\nl = s.shift(3).dropna().to_numpy()\n",
     {"v": (None, 1), "w": (None, 1), "l": (None,)}),
    (CSV + "x = df.drop('Date', axis=1).iloc[10:20]\n", {"x": (None, "?")}),
    # ranges and boolean lists as positions
    (PD + "df = pd.read_csv('{csv}', usecols=range(1, 5))\nx = np.zeros((3, df.shape[1]))\ny = df.iloc[:, range(2)]\n",
     {"df": (None, 4), "x": (3, 4), "y": (None, 2)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'High', 'Close'])\nX = df.iloc[:, [True, False, True]]\n"
          "v = X.values\nE = df.iloc[:, []]\n", {"X": (None, 2), "v": (None, 2), "E": (None, 0)}),
    (CSV + "X = df.iloc[:, [True, False, True, False, False, True]]\nR = df.iloc[[0, 2, 4]]\n", {"X": (None, 3), "R": (3, "?")}),
    (PD + "df = pd.DataFrame(np.zeros((4, 3)))\nX = df.iloc[[True, False, True, True], 1:]\n", {"X": (3, 2)}),
    # a list of 1-D arrays is one row each; a dict's columns picked by columns=; records of other keys
    (PD + "x = np.zeros(5)\ny = np.ones(5)\nd = pd.DataFrame([x, y])\n"
          "e = pd.DataFrame({{'a': [1, 2], 'b': [3, 4]}}, columns=['a'])\n", {"d": (2, 5), "e": (2, 1)}),
    (PD + "d = pd.DataFrame([{{'a': 1, 'b': 2}}, {{'a': 3}}])\n", {"d": (2, "?")}),
]


@pytest.mark.parametrize("src,expect", FRAMES, ids=[f"frame-{k}" for k in range(len(FRAMES))])
def test_frames_against_pandas(src, expect, tmp_path):
    a = compare(src, expect, tmp_path)
    assert not loud(a), [d.message for d in a.diagnostics]


CHANGED = [
    # a new column, through the name it was added by
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\ndf['Mid'] = (df['Open'] + df['Close']) / 2\nv = df.values\n",
     {"v": (None, 3)}),
    # an existing column rewritten: the shape stays
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\ndf['Close'] = df['Close'] * 2\nv = df.values\n",
     {"v": (None, 2)}),
    # in place
    (PD + "df = pd.read_csv('{csv}', usecols=['Date', 'Open', 'Close'])\ndf.set_index('Date', inplace=True)\nv = df.values\n",
     {"v": (None, 2)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Date', 'Open', 'Close'])\ndf.drop(columns=['Open'], inplace=True)\n"
          "df.dropna(inplace=True)\nv = df.values\n", {"v": (None, 2)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\ndf.insert(0, 'Zero', 0.0)\nv = df.values\n", {"v": (None, 3)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\ny = df.pop('Close')\nv = df.values\n",
     {"y": (None,), "v": (None, 1)}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\ndel df['Open']\nv = df.values\n", {"v": (None, 1)}),
    # another name holding the same DataFrame sees an unknown width, never the old one
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\nsame = df\ndf['Mid'] = 0.0\nv = same.values\n",
     {"v": (None, "?")}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\ndf.loc[:, 'Mid'] = 0.0\nv = df.values\n",
     {"v": (None, "?")}),
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\n"
          "def add(frame):\n    frame['Mid'] = 0.0\nadd(df)\nv = df.values\n", {"v": (None, "?")}),
    # a copy is its own
    (PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\nc = df.copy()\nc['Mid'] = 0.0\nv = df.values\n",
     {"v": (None, 2)}),
]


@pytest.mark.parametrize("src,expect", CHANGED, ids=[f"changed-{k}" for k in range(len(CHANGED))])
def test_frames_changed_in_place(src, expect, tmp_path):
    compare(src, expect, tmp_path)


def test_changed_frame_in_an_edited_document_is_never_stale():
    """The record of the statement that made a DataFrame keeps the object; a later statement
    that changed it in place may be gone at the next run: what is left is unknown, never the
    width it had after the change."""
    from shapelens.analysis import Analyzer

    an = Analyzer()
    first = PD + "df = pd.read_csv('p.csv', usecols=['Open', 'Close'])\ndf['Mid'] = 0.0\nv = df.values\n"
    an.analyze(first)
    second = PD + "df = pd.read_csv('p.csv', usecols=['Open', 'Close'])\nv = df.values\n"
    a = an.analyze(second)
    shape = [s.shape for s in a.symbols if s.text == "v"][-1]
    assert shape is None or len(shape) == 2 and (shape[1] == 2 or not isinstance(shape[1], int)), shape


KERAS = "import keras\nfrom keras import layers\n"
DENSE3 = ("model = keras.Sequential([keras.Input((3,)), layers.Dense(8), layers.Dense(1)])\n"
          "model.compile(optimizer='adam', loss='mse')\n")


def test_readers_that_need_other_packages():
    """read_excel (openpyxl) and read_parquet (pyarrow): the same rules as read_csv, shapes only."""
    a = analyze(PD + "x = pd.read_excel('a.xlsx', usecols=[0, 2, 3])\ny = pd.read_excel('a.xlsx', usecols='A:C')\n"
                "z = pd.read_parquet('a.parquet', columns=['a', 'b'])\nw = pd.read_excel('a.xlsx', sheet_name=None)\n"
                "v = pd.read_excel('a.xlsx', names=['a', 'b'], index_col=0)\n")
    shapes = {s.text: s.shape for s in a.symbols if s.kind == "array"}
    assert shapes["x"] == (None, 3) and shapes["z"] == (None, 2) and shapes["v"] == (None, 1)
    assert shapes["y"][0] is None and isinstance(shapes["y"][1], str)
    assert "w" not in shapes


def test_frames_reach_fit_as_arrays():
    ok = analyze(PD + KERAS + DENSE3 + "df = pd.read_csv('p.csv', usecols=['a', 'b', 'c', 'y'])\n"
                 "model.fit(df[['a', 'b', 'c']], df['y'], epochs=1)\n")
    assert not loud(ok), [d.message for d in ok.diagnostics]
    bad = analyze(PD + KERAS + DENSE3 + "df = pd.read_csv('p.csv', usecols=['a', 'b', 'y'])\n"
                  "model.fit(df[['a', 'b']].values, df['y'].values, epochs=1)\n")
    assert codes(bad) == ["SL201"], [d.message for d in bad.diagnostics]
    lstm = analyze(PD + KERAS + "model = keras.Sequential([keras.Input((30, 2)), layers.LSTM(8), layers.Dense(1)])\n"
                   "model.compile(loss='mse')\ndf = pd.read_csv('p.csv')\nmodel.fit(df.drop(columns=['y']), df['y'])\n")
    assert codes(lstm) == ["SL201"], [d.message for d in lstm.diagnostics]


SL209 = [
    (PD + "w = np.zeros((8, 5, 2))\ndf = pd.DataFrame(w)\n", "SL209", True),
    (PD + "df = pd.DataFrame(np.zeros((8, 3)), columns=['a', 'b'])\n", "SL209", True),
    (PD + "df = pd.DataFrame(np.zeros((8, 2)), columns=['a', 'b'])\n", None, False),
    (PD + "a = pd.read_csv('{csv}').values\ndf = pd.DataFrame(a, columns=['a', 'b'])\n", None, True),  # not known here
]


@pytest.mark.parametrize("src,code,raises", SL209, ids=[f"sl209-{k}" for k in range(len(SL209))])
def test_dataframe_errors_as_pandas_raises(src, code, raises, tmp_path):
    from libdata import make_files, real_namespace

    src = src.format(**make_files(tmp_path))
    a = analyze(src)
    assert codes(a) == ([code] if code else []), [d.message for d in a.diagnostics]
    try:
        real_namespace(src)
        raised = False
    except ValueError:
        raised = True
    assert raised == raises


def test_unknown_stays_silent():
    """Frames the engine did not follow are Unknown everywhere else: nothing is reported."""
    src = (PD + KERAS + "import somewhere\ndf = somewhere.load()\nX = df[['a', 'b']].values\n" + DENSE3
           + "model.fit(X, df['y'])\ng = pd.read_csv('p.csv').groupby('k').mean()\nmodel.fit(g.values, g['y'])\n"
           "q = pd.read_csv('p.csv', chunksize=100)\nmodel.fit(q, q)\n")
    a = analyze(src)
    assert not loud(a), [d.message for d in a.diagnostics]


def test_renamed_columns(tmp_path):
    compare(PD + "df = pd.read_csv('{csv}', usecols=['Open', 'Close'])\ndf.columns = ['o', 'c']\nX = df[['o', 'c']]\n"
            "df.rename(columns={{'o': 'open'}}, inplace=True)\nv = df.values\nY = df[['open']]\n",
            {"X": (None, 2), "v": (None, 2), "Y": (None, 1)}, tmp_path)
