"""scikit-learn: ``train_test_split`` (rows split exactly as scikit-learn rounds them), the
scalers and transformers that keep a table's shape, the encoders, ``PCA``, the generated and
bundled data of ``sklearn.datasets``, and the errors they
raise on data of the wrong rank (SL206), on another number of columns than they were fitted on
(SL207), and on arrays of different lengths split together (SL208).

An estimator is an ``EstimatorV``: its class and the constructor arguments that decide shapes,
and, once fitted, how many columns it was fitted on.  Fitting gives the name it was called
through a new, fitted value (``scaler.fit(X)``, ``scaler.fit_transform(X)``); the object itself,
wherever else it is held (another name, a caller's variable, the record of an earlier
statement), no longer knows what it was fitted on: a refit the engine did not see through that
name never leaves a stale column count behind."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from ...results import format_shape
from ..values import UNKNOWN, ArrayV, LibValue, ListV, is_int
from .arrays import fresh
from .registry import attribute, function, method

SCALERS = ("StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler", "Normalizer", "QuantileTransformer",
           "PowerTransformer", "Binarizer")
# where a 1-column prediction is put back through a scaler fitted on several: X *= scale_ fails
BROADCASTING_INVERSE = ("StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler")
KNOWN = SCALERS + ("SimpleImputer", "KNNImputer", "OneHotEncoder", "OrdinalEncoder", "LabelEncoder", "LabelBinarizer",
                   "PCA", "TruncatedSVD", "KernelPCA", "IncrementalPCA")
MODULES = {
    "StandardScaler": "preprocessing", "MinMaxScaler": "preprocessing", "RobustScaler": "preprocessing",
    "MaxAbsScaler": "preprocessing", "Normalizer": "preprocessing", "QuantileTransformer": "preprocessing",
    "PowerTransformer": "preprocessing", "Binarizer": "preprocessing", "OneHotEncoder": "preprocessing",
    "OrdinalEncoder": "preprocessing", "LabelEncoder": "preprocessing", "LabelBinarizer": "preprocessing",
    "SimpleImputer": "impute", "KNNImputer": "impute", "PCA": "decomposition", "TruncatedSVD": "decomposition",
    "KernelPCA": "decomposition", "IncrementalPCA": "decomposition",
}


@dataclass(eq=False)
class EstimatorV(LibValue):
    """A scikit-learn transformer: its class, shape-deciding arguments, and the columns it was
    fitted on (an int, a RunDim, or None when not fitted or not known)."""

    cls: str
    cfg: dict = field(default_factory=dict)
    fitted: object = None

    def __repr__(self) -> str:
        return f"{self.cls}()"


def _make(cls):
    def make(args, kwargs):
        cfg = dict(kwargs)
        if args and cls in ("PCA", "TruncatedSVD", "KernelPCA", "IncrementalPCA"):
            cfg["n_components"] = args[0]
        return EstimatorV(cls, cfg)
    return make


for _cls in KNOWN:
    function(f"sklearn.{MODULES[_cls]}.{_cls}")(_make(_cls))


def _rank(x) -> Optional[int]:
    return len(x.shape) if isinstance(x, ArrayV) and x.shape is not None else None


def _is_series(x) -> bool:
    return getattr(x, "pandas_kind", None) == "Series"  # engine/libraries/pandas.py (not imported here)


def _cols(x):
    """The columns of a 2-D table (int, RunDim, or None)."""
    return x.shape[1] if _rank(x) == 2 else None


def _fmt(shape) -> str:
    return format_shape(tuple(shape))


def _column_fix(ctx, code):
    """``df["a"]`` -> ``df[["a"]]``; any other expression -> ``<expr>.to_frame()``."""
    node = ctx.arg_node(0)
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
            and isinstance(node.slice[0].slice.value, cst.SimpleString):
        key = ctx.i.code(node.slice[0].slice.value)
        return ctx.fix("Select the column as a one-column DataFrame", 0, f"{ctx.i.code(node.value)}[[{key}]]")
    if ctx.is_atom(0):
        return ctx.fix("Pass the column as a one-column DataFrame", 0, f"{code}.to_frame()")
    return None


def _check_rank(est: EstimatorV, x, meth: str, ctx) -> bool:
    """The rank scikit-learn's check_array accepts (2-D; 1-D for LabelEncoder); reports SL206
    when it certainly rejects ``x``.  True when the data may go on."""
    r = _rank(x)
    if r is None:
        return False
    code = ctx.code(0)
    named = ctx.is_name(0)
    call = f"{est.cls}.{meth}"
    if est.cls == "LabelBinarizer":  # labels: 1-D, or 2-D multilabel indicators
        return r in (1, 2)
    if est.cls == "LabelEncoder":
        if r >= 3 or (r == 2 and is_int(x.shape[1]) and x.shape[1] != 1):
            fix = ctx.fix("Pass one column of labels", 0, f"{code}.ravel()") if ctx.is_atom(0) and r == 2 else None
            ctx.error("SL206", f"{call}() gets {r}-D labels {_fmt(x.shape)}; scikit-learn raises 'y should be a 1d array, "
                      f"got an array of shape {_fmt(x.shape)} instead'. LabelEncoder encodes one column of labels: "
                      f"pass y.ravel() (or one-hot labels' argmax(axis=1)).", fixes=[fix] if fix else [])
            return False
        return r in (1, 2)
    if r >= 3:
        what = "is required." if meth == "inverse_transform" or est.cls in ("OneHotEncoder", "OrdinalEncoder") \
            else f"is required by {est.cls}."
        fixes = []
        if named and meth in ("fit_transform", "transform", "inverse_transform"):
            func = ctx.func_code()
            fix = ctx.call_fix("Scale each feature over all steps: reshape to 2-D and back",
                               f"{func}({code}.reshape(-1, {code}.shape[-1])).reshape({code}.shape)") if func else None
            fixes = [fix] if fix else []
        elif named and meth in ("fit", "partial_fit"):
            fix = ctx.fix("Fit on the features of every step: reshape to 2-D", 0, f"{code}.reshape(-1, {code}.shape[-1])")
            fixes = [fix] if fix else []
        func = ctx.func_code() or call
        arg = code if named else "X"
        back = f".reshape({arg}.shape)" if meth != "fit" and meth != "partial_fit" else ""
        ctx.error("SL206", f"{call}() gets {r}-D data {_fmt(x.shape)}; scikit-learn raises 'Found array with dim {r}, "
                  f"while dim <= 2 {what}' {est.cls} works on 2-D tables (samples, features): reshape to "
                  f"(-1, features) and back, {func}({arg}.reshape(-1, {arg}.shape[-1])){back}, or scale the table "
                  f"before cutting it into windows.", fixes=fixes)
        return False
    if r == 1:
        if _is_series(x):
            fix = _column_fix(ctx, code)
            ctx.error("SL206", f"{call}() gets a pandas Series {_fmt(x.shape)}; scikit-learn raises 'Expected a "
                      f"2-dimensional container but got <class 'pandas.Series'> instead'. Pass a one-column DataFrame "
                      f"(df[['col']] or series.to_frame()).", fixes=[fix] if fix else [])
        else:
            fix = ctx.fix("Make it one feature column: reshape(-1, 1)", 0, f"{code}.reshape(-1, 1)") if ctx.is_atom(0) else None
            ctx.error("SL206", f"{call}() gets 1-D data {_fmt(x.shape)}; scikit-learn raises 'Expected 2D array, got 1D "
                      f"array instead'. Reshape it to one column with x.reshape(-1, 1) (one feature), or to one row "
                      f"with x.reshape(1, -1) (one sample).", fixes=[fix] if fix else [])
        return False
    return r == 2


def _known(d) -> bool:
    return is_int(d)


def _check_features(est: EstimatorV, x, meth: str, ctx) -> bool:
    """A fitted transformer given another number of columns (SL207)."""
    f, g = est.fitted, _cols(x)
    if not (_known(f) and _known(g)) or f == g:
        return True
    if meth == "inverse_transform":
        if est.cls not in BROADCASTING_INVERSE or f == 1 or _inverse_is_identity(est):
            return True
        n = x.shape[0]
        rows = n if is_int(n) else "n"
        raised = (f"non-broadcastable output operand with shape ({rows},{g}) doesn't match the broadcast shape "
                  f"({rows},{f})") if g == 1 else (f"operands could not be broadcast together with shapes ({rows},{g}) "
                                                   f"({f},)")
        ctx.error("SL207", f"{est.cls}.inverse_transform() gets {g} column{'s' if g != 1 else ''} {_fmt(x.shape)} but "
                  f"the scaler was fitted on {f}; NumPy raises '{raised}'. Fit a separate scaler on the target column "
                  f"alone and invert the predictions with it, or put the predictions back into a table of {f} columns "
                  f"before inverting.")
        return False
    ctx.error("SL207", f"{est.cls}.{meth}() gets {g} feature{'s' if g != 1 else ''} {_fmt(x.shape)} but the "
              f"{est.cls} was fitted on {f}; scikit-learn raises 'X has {g} features, but {est.cls} is expecting {f} "
              f"features as input.' Transform data with the columns it was fitted on.")
    return False


def _inverse_is_identity(est) -> bool:
    c = est.cfg
    if est.cls == "StandardScaler":
        return c.get("with_mean") is False and c.get("with_std") is False
    if est.cls == "RobustScaler":
        return c.get("with_centering") is False and c.get("with_scaling") is False
    return False


def _components(est):
    k = est.cfg.get("n_components", 2 if est.cls == "TruncatedSVD" else None)
    return k if is_int(k) else None


def _output(est: EstimatorV, x, meth: str):
    """What transform / fit_transform / inverse_transform give for 2-D ``x``."""
    n = x.shape[0]
    cols = _cols(x)
    if est.cls in SCALERS:
        return ArrayV((n, cols), "float")
    if est.cls in ("PCA", "TruncatedSVD", "KernelPCA", "IncrementalPCA"):
        if meth == "inverse_transform":
            return ArrayV((n, est.fitted if est.fitted is not None else fresh("n_features")), "float")
        k = _components(est)  # None, a float, "mle": min(n_samples, n_features) or chosen from the data
        return ArrayV((n, k if k is not None else fresh("n_components")), "float")
    if est.cls in ("SimpleImputer", "KNNImputer"):
        keep = est.cfg.get("keep_empty_features") is True
        return ArrayV((n, cols if keep else fresh("n_features")), "float")
    if est.cls in ("OneHotEncoder",):
        if meth == "inverse_transform":
            return ArrayV((n, est.fitted if est.fitted is not None else fresh("n_features")))
        return ArrayV((n, _onehot_width(est, cols)), "float")
    if est.cls == "OrdinalEncoder":
        return ArrayV((n, cols), "float")
    return UNKNOWN


def _onehot_width(est, cols):
    cats = est.cfg.get("categories", "auto")
    if not isinstance(cats, (ListV, tuple)):
        return fresh("n_categories")
    lists = cats.items if isinstance(cats, ListV) else cats
    sizes = []
    for c in lists:
        items = c.items if isinstance(c, ListV) else c if isinstance(c, tuple) else None
        if items is None:
            return fresh("n_categories")
        sizes.append(len(items))
    drop = est.cfg.get("drop")
    if drop == "first":
        sizes = [s - 1 for s in sizes]
    elif drop == "if_binary":
        sizes = [s - 1 if s == 2 else s for s in sizes]
    elif drop is not None:
        return fresh("n_categories")
    if is_int(cols) and cols != len(sizes):
        return fresh("n_categories")
    return sum(sizes)


def _fit(est: EstimatorV, x) -> EstimatorV:
    return dataclasses.replace(est, cfg=dict(est.cfg), fitted=_cols(x) if est.cls != "LabelEncoder" else None)


def _refitted(est: EstimatorV, new, ctx):
    """``est`` was fitted again in place: wherever the object is held (another name, a caller's
    variable, the record of the statement that made it) what it was fitted on is no longer
    known; the name the method was called through holds ``new``."""
    est.fitted = None
    ctx.rebind(new)


def _data_arg(args, kwargs, name="X"):
    return args[0] if args else kwargs.get(name, kwargs.get("y"))


@method("fit", "partial_fit", on=EstimatorV, ctx=True)
def _fit_m(est, args, kwargs, ctx):
    x = _data_arg(args, kwargs)
    if not _check_rank(est, x, "fit", ctx):
        new = dataclasses.replace(est, fitted=None)
        _refitted(est, new, ctx)
        return new
    k = _components(est)
    if est.cls in ("PCA", "TruncatedSVD", "IncrementalPCA") and k is not None:
        _check_components(est, x, k, ctx)
    new = _fit(est, x)
    _refitted(est, new, ctx)
    return new


def _check_components(est, x, k, ctx):
    n, f = x.shape[0], _cols(x)
    if is_int(f) and k > f or is_int(n) and k > n:
        lim = " and ".join(p for p in ((f"n_features={f}" if is_int(f) and k > f else ""),
                                      (f"n_samples={n}" if is_int(n) and k > n else "")) if p)
        ctx.error("SL207", f"{est.cls}(n_components={k}) is fitted on data {_fmt(x.shape)}: {k} components are more "
                  f"than {lim}; scikit-learn raises 'n_components={k} must be between 0 and min(n_samples, "
                  f"n_features)'. Ask for at most {min(v for v in (f, n) if is_int(v))} components.")
        return False
    return True


@method("fit_transform", on=EstimatorV, ctx=True)
def _fit_transform(est, args, kwargs, ctx):
    x = _data_arg(args, kwargs)
    if not _check_rank(est, x, "fit_transform", ctx):
        _refitted(est, dataclasses.replace(est, fitted=None), ctx)
        return UNKNOWN
    new = _fit(est, x)
    _refitted(est, new, ctx)
    if est.cls == "LabelEncoder":
        return ArrayV((x.shape[0],), "int")
    if est.cls == "LabelBinarizer":
        return ArrayV((x.shape[0], fresh("n_classes")), "int")
    k = _components(est)
    if est.cls in ("PCA", "TruncatedSVD", "IncrementalPCA") and k is not None and not _check_components(est, x, k, ctx):
        return UNKNOWN
    return _output(new, x, "fit_transform")


def _transformer(meth):
    def run(est, args, kwargs, ctx):
        x = _data_arg(args, kwargs)
        if meth == "inverse_transform" and est.cls == "Normalizer":
            return UNKNOWN  # it has none
        if not _check_rank(est, x, meth, ctx):
            return UNKNOWN
        if est.cls == "LabelEncoder":
            return ArrayV((x.shape[0],), "int" if meth == "transform" else None)
        if est.cls == "LabelBinarizer":
            return ArrayV((x.shape[0], fresh("n_classes")), "int") if meth == "transform" else ArrayV((x.shape[0],))
        if meth == "inverse_transform" and est.cls in ("PCA", "TruncatedSVD", "IncrementalPCA"):
            k = _components(est)
            g = _cols(x)
            if k is not None and is_int(g) and g != k:
                return UNKNOWN  # a matmul error; not reported here
            return _output(est, x, meth)
        if meth == "inverse_transform" and est.cls == "OneHotEncoder":
            return _output(est, x, meth)
        if not _check_features(est, x, meth, ctx):
            return UNKNOWN
        return _output(est, x, meth)
    return run


method("transform", on=EstimatorV, ctx=True)(_transformer("transform"))
method("inverse_transform", on=EstimatorV, ctx=True)(_transformer("inverse_transform"))


@method("set_output", "set_params", on=EstimatorV, ctx=True)
def _set_output(est, args, kwargs, ctx):
    _refitted(est, UNKNOWN, ctx)  # changed in place (pandas output, other arguments): not followed
    return UNKNOWN


@method("get_feature_names_out", "get_params", "score", on=EstimatorV)
def _unknown(est, args, kwargs):
    return UNKNOWN


@attribute("*", on=EstimatorV)
def _fitted_attribute(est, name):
    return UNKNOWN if name.endswith("_") else None  # mean_, scale_, classes_, explained_variance_ratio_, ...


# -- the function forms of the scalers: scale(X), minmax_scale(X), normalize(X), ... ----------------

_ONE_D_OK = ("scale", "minmax_scale", "robust_scale", "maxabs_scale")  # these also scale a 1-D array


def _scale_function(name):
    def run(args, kwargs):
        x = _data_arg(args, kwargs)
        r = _rank(x)
        if r == 2 or (r == 1 and name in _ONE_D_OK):
            return ArrayV(tuple(x.shape), "float")
        return UNKNOWN  # scikit-learn raises (3-D, or 1-D where a table is required): not reported here
    return run


for _name in _ONE_D_OK + ("normalize", "quantile_transform", "power_transform"):
    function(f"sklearn.preprocessing.{_name}")(_scale_function(_name))


# -- train_test_split -----------------------------------------------------------------------------


def _split_sizes(n, test_size, train_size):
    """(n_train, n_test) as scikit-learn's _validate_shuffle_split computes them, or None when
    it raises or the sizes are not known."""
    if test_size is None and train_size is None:
        test_size = 0.25

    def kind(v):
        if v is None:
            return None
        if isinstance(v, bool):
            return "?"
        if isinstance(v, int):
            return "i"
        if isinstance(v, float):
            return "f"
        return "?"

    tk, rk = kind(test_size), kind(train_size)
    if "?" in (tk, rk):
        return None
    if tk == "i" and not 0 < test_size < n or tk == "f" and not 0 < test_size < 1:
        return None
    if rk == "i" and not 0 < train_size < n or rk == "f" and not 0 < train_size < 1:
        return None
    if tk == "f" and rk == "f" and test_size + train_size > 1:
        return None
    n_test = math.ceil(test_size * n) if tk == "f" else float(test_size) if tk == "i" else None
    n_train = math.floor(train_size * n) if rk == "f" else float(train_size) if rk == "i" else None
    if train_size is None:
        n_train = n - n_test
    elif test_size is None:
        n_test = n - n_train
    if n_train + n_test > n:
        return None
    n_train, n_test = int(n_train), int(n_test)
    if n_train == 0:
        return None
    return n_train, n_test


@function("sklearn.model_selection.train_test_split", ctx=True)
def _train_test_split(args, kwargs, ctx):
    """Every array given is cut into (train, test) rows, in order: X_train, X_test, y_train, ..."""
    if not args:
        return UNKNOWN
    arrays_ = list(args)
    rows = [a.shape[0] if isinstance(a, ArrayV) and a.shape else None for a in arrays_]
    known_rows = [r for r in rows if is_int(r)]
    if len(set(known_rows)) > 1:
        ctx.error("SL208", f"train_test_split gets arrays with {', '.join(str(r) for r in known_rows)} samples; "
                  f"scikit-learn raises 'Found input variables with inconsistent numbers of samples: "
                  f"[{', '.join(str(r) for r in known_rows)}]'. Every array split together needs one row per sample.",
                  arg=rows.index(known_rows[-1]) if known_rows[-1] in rows else 0)
        return UNKNOWN
    sizes = None
    n = known_rows[0] if known_rows else None
    if n is not None:
        sizes = _split_sizes(n, kwargs.get("test_size"), kwargs.get("train_size"))
        if sizes is None and _undecided(kwargs):
            sizes = (None, None)
        if sizes is None:
            return UNKNOWN  # scikit-learn raises on these sizes (not reported here)
    else:
        sizes = (None, None)
    out = []
    for a in arrays_:
        if not isinstance(a, ArrayV) or a.shape is None or not a.shape:
            out.extend([UNKNOWN, UNKNOWN])
            continue
        for k in sizes:
            out.append(dataclasses.replace(a, shape=(k,) + tuple(a.shape[1:])))
    return ListV(tuple(out))


def _undecided(kwargs) -> bool:
    """A size argument that is not a literal number: the split sizes are not known."""
    for key in ("test_size", "train_size"):
        v = kwargs.get(key)
        if v is not None and not isinstance(v, (int, float)):
            return True
    return False



# -- sklearn.datasets: generated and bundled data of documented shapes ----------------------------


def _count_arg(v, default):
    """n_samples as an int, or the sum of a literal list of ints (one per class or blob)."""
    if v is None:
        return default
    if is_int(v):
        return v
    items = v.items if isinstance(v, ListV) else v if isinstance(v, tuple) else None
    if items is not None and all(is_int(x) for x in items):
        return sum(items)
    return None


def _arg(args, kwargs, pos, name, default):
    return args[pos] if len(args) > pos else kwargs.get(name, default)


def _data(*shape):
    return ArrayV(tuple(shape), "float")


_GENERATED = {  # name: the default n_features (None: a fixed width, _FIXED_WIDTH)
    "make_regression": 100, "make_classification": 20, "make_blobs": 2, "make_multilabel_classification": 20,
    "make_friedman1": 10, "make_moons": None, "make_circles": None, "make_s_curve": None, "make_swiss_roll": None,
    "make_friedman2": None, "make_friedman3": None,
}
_FIXED_WIDTH = {"make_moons": 2, "make_circles": 2, "make_s_curve": 3, "make_swiss_roll": 3, "make_friedman2": 4,
                "make_friedman3": 4}


def _generator(name):
    def make(args, kwargs):
        n = _count_arg(_arg(args, kwargs, 0, "n_samples", None), 100)
        if name in _FIXED_WIDTH:
            f = _FIXED_WIDTH[name]
        else:
            f = _arg(args, kwargs, 1, "n_features", _GENERATED[name])
            if name == "make_blobs" and isinstance(kwargs.get("centers"), ListV):
                rows = [c.items if isinstance(c, ListV) else c for c in kwargs["centers"].items]
                f = len(rows[0]) if rows and all(isinstance(r, tuple) and len(r) == len(rows[0]) for r in rows) else None
            if not is_int(f):
                f = None
        if not is_int(n) and n is not None:
            n = None
        x = _data(n, f if f is not None else fresh("n_features"))
        if name == "make_regression":
            t = kwargs.get("n_targets", 1)
            if not is_int(t):
                return UNKNOWN
            y = _data(n) if t == 1 else _data(n, t)
            if kwargs.get("coef") is True:
                coef = _data(x.shape[1]) if t == 1 else _data(x.shape[1], t)
                return (x, y, coef)
            return UNKNOWN if kwargs.get("coef") not in (None, False) else (x, y)
        if name == "make_multilabel_classification":
            k = kwargs.get("n_classes", 5)
            if kwargs.get("return_indicator", "dense") not in ("dense", "sparse") or kwargs.get("return_distributions") \
                    not in (None, False) or not is_int(k):
                return UNKNOWN
            return (x, ArrayV((n, k), "int"))
        y = ArrayV((n,), "int" if name in ("make_classification", "make_blobs", "make_moons", "make_circles") else "float")
        if name == "make_blobs" and kwargs.get("return_centers") not in (None, False):
            return UNKNOWN
        return (x, y)
    return make


for _name in _GENERATED:
    function(f"sklearn.datasets.{_name}")(_generator(_name))


@dataclass(eq=False)
class BunchV(LibValue):
    """What a ``load_*`` function returns: its arrays by name (``iris.data``, ``iris["target"]``)."""

    items: dict

    def lib_index(self, idx):
        if len(idx) == 1 and isinstance(idx[0], str) and idx[0] in self.items:
            return self.items[idx[0]]
        return UNKNOWN


_BUNDLED = {
    # rows, data width, target width (None: 1-D), images
    "load_iris": (150, 4, None), "load_digits": (1797, 64, None), "load_breast_cancer": (569, 30, None),
    "load_diabetes": (442, 10, None), "load_wine": (178, 13, None), "load_linnerud": (20, 3, 3),
}


def _loader(name):
    def load(args, kwargs):
        rows, width, twidth = _BUNDLED[name]
        if name == "load_digits" and kwargs.get("n_class", 10) != 10:
            rows = None
        data = _data(rows, width)
        target = ArrayV((rows,) if twidth is None else (rows, twidth), "int" if name in ("load_iris", "load_digits",
                                                                                       "load_breast_cancer", "load_wine")
                        else "float")
        if kwargs.get("return_X_y") is True:
            return (data, target)
        if kwargs.get("return_X_y") not in (None, False):
            return UNKNOWN
        items = {"data": data, "target": target}
        if name == "load_digits":
            items["images"] = _data(rows, 8, 8)
        return BunchV(items)
    return load


for _name in _BUNDLED:
    function(f"sklearn.datasets.{_name}")(_loader(_name))


@attribute("*", on=BunchV)
def _bunch_attribute(bunch, name):
    return bunch.items.get(name, UNKNOWN)
