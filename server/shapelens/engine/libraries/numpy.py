"""NumPy: array constructors, random data (``np.random`` and its generators), reshaping and
joining functions, and the methods of arrays (``reshape``, ``astype``, reductions, ...)."""

from __future__ import annotations

import dataclasses

from ..values import UNKNOWN, ArrayV, ListV, ModuleV, is_int
from . import arrays
from .arrays import dtype_kw, filled, fresh, shape_arg
from .registry import attribute, function, method


@function("numpy.zeros", "numpy.ones", "numpy.empty")
def _filled(args, kwargs):
    return filled(args[0] if args else kwargs.get("shape"), dtype_kw(kwargs) or "float")


@function("numpy.full")
def _full(args, kwargs):
    return filled(args[0] if args else kwargs.get("shape"), dtype_kw(kwargs))


@function("numpy.zeros_like", "numpy.ones_like", "numpy.empty_like", "numpy.full_like")
def _like(args, kwargs):
    return arrays.like(args[0] if args else None, dtype_kw(kwargs))


@function("numpy.random.rand", "numpy.random.randn")
def _rand(args, kwargs):
    if not args:
        return UNKNOWN
    return ArrayV(shape_arg(tuple(args)), "float")


@function("numpy.random.random", "numpy.random.random_sample", "numpy.random.sample", "numpy.random.ranf")
def _random(args, kwargs):
    size = args[0] if args else kwargs.get("size")
    return ArrayV(shape_arg(size), "float") if size is not None else UNKNOWN


# where each sampler takes its size positionally, and whether it draws integers
_SAMPLERS = {"normal": (2, False), "uniform": (2, False), "standard_normal": (0, False), "randint": (2, True),
             "integers": (2, True), "binomial": (2, True), "poisson": (1, True), "choice": (1, False),
             "exponential": (1, False)}


def _sampler(name):
    pos, ints = _SAMPLERS[name]

    def sample(args, kwargs):
        size = args[pos] if len(args) > pos else kwargs.get("size")
        if size is None:
            return UNKNOWN
        return ArrayV(shape_arg(size), dtype_kw(kwargs) or ("int" if ints else "float"))
    return sample


for _name in _SAMPLERS:
    function(f"numpy.random.{_name}")(_sampler(_name))


@function("numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator")
def _generator(args, kwargs):
    return ModuleV("numpy.random")  # rng.normal(...) is numpy.random.normal(...)


@function("numpy.random.seed", "numpy.random.shuffle")
def _none(args, kwargs):
    return None


@function("numpy.array", "numpy.asarray", "numpy.asanyarray", "numpy.ascontiguousarray", "numpy.float32")
def _array(args, kwargs):
    return arrays.from_data(args, kwargs)


# -- data read when the program runs: sizes unknown, rank known -----------------------------------


def _structured(dt) -> bool:
    """A dtype that makes a structured (1-D, one record per row) array: a list of fields."""
    return isinstance(dt, (ListV, tuple))


@function("numpy.loadtxt", "numpy.genfromtxt")
def _loadtxt(args, kwargs):
    """A text table: 2-D (rows, columns); NumPy squeezes a file of one row or one column to 1-D
    (unless ndmin=2), which no check here tells apart from 2-D (both fail and pass the same
    model inputs, see engine/keras/training.py); one column asked for by an int is 1-D; a
    structured dtype (names=True, a list of fields, genfromtxt's dtype=None on mixed columns)
    makes records of unknown rank here; unpack=True transposes."""
    dt = kwargs.get("dtype")
    if _structured(dt) or kwargs.get("names") not in (None, False) or ("dtype" in kwargs and dt is None):
        return ArrayV(None)
    if kwargs.get("unpack") not in (None, False):
        return ArrayV(None)
    ndmin = kwargs.get("ndmin", 0)
    use = kwargs.get("usecols")
    if is_int(use):
        return ArrayV((None,) if ndmin in (0, 1) else (None, 1) if ndmin == 2 else None, arrays.dtype_of(dt) or "float")
    if not is_int(ndmin) or ndmin > 2:
        return ArrayV(None)
    cols = len(use.items) if isinstance(use, ListV) else len(use) if isinstance(use, tuple) else fresh("n_columns")
    return ArrayV((None, cols), arrays.dtype_of(dt) or "float")


@function("numpy.load", "numpy.fromfile", "numpy.frombuffer")
def _load(args, kwargs):
    """An array saved by another program: its rank is not known until reshaped or indexed."""
    return ArrayV(None)


@function("numpy.arange")
def _arange(args, kwargs):
    if all(is_int(a) for a in args) and 1 <= len(args) <= 3:
        return ArrayV((len(range(*args)),), "int")
    return UNKNOWN


@function("numpy.linspace")
def _linspace(args, kwargs):
    return arrays.linspace(args, kwargs)


@function("numpy.eye", "numpy.identity")
def _eye(args, kwargs):
    return arrays.eye(args, kwargs)


@function("numpy.expand_dims")
def _expand_dims(args, kwargs):
    return arrays.expand_dims(args, kwargs)


@function("numpy.reshape")
def _reshape(args, kwargs):
    a = args[0] if args else kwargs.get("a")
    if a is UNKNOWN or isinstance(a, (ListV, tuple)):
        # np.reshape(X, (X.shape[0], X.shape[1], 1)) of data the engine did not follow (a list
        # filled in a loop): NumPy makes an array of exactly that rank, or raises
        dims = shape_arg(args[1] if len(args) > 1 else kwargs.get("newshape", kwargs.get("shape")))
        if dims is None or sum(1 for d in dims if d == -1) > 1:
            return UNKNOWN
        return ArrayV(arrays.definite(tuple(None if d == -1 else d for d in dims)))
    return arrays.reshaped(args, kwargs)


def _as_method(name):
    def fn(args, kwargs):
        a = args[0] if args else None
        return array_method(a, name, args[1:], kwargs) if isinstance(a, ArrayV) else UNKNOWN
    return fn


for _name in ("squeeze", "transpose", "ravel", "swapaxes"):
    function(f"numpy.{_name}")(_as_method(_name))


# functions applied element by element: the shape of their (array) argument
_UNARY = ("log", "log1p", "log2", "log10", "exp", "expm1", "sqrt", "square", "abs", "absolute", "sign", "sin", "cos",
          "tan", "tanh", "arctan", "floor", "ceil", "round", "rint", "nan_to_num", "negative", "reciprocal", "isnan",
          "isfinite", "logical_not", "clip", "cbrt", "fabs", "trunc")


def _unary(name):
    def fn(args, kwargs):
        a = args[0] if args else kwargs.get("x", kwargs.get("a"))
        if not isinstance(a, ArrayV):
            return UNKNOWN
        dt = "bool" if name in ("isnan", "isfinite", "logical_not") else a.dtype
        if type(a) is not ArrayV:  # a DataFrame or Series: pandas gives one of the same kind and shape
            return dataclasses.replace(a, dtype=dt)
        return ArrayV(a.shape, dt, a.one_hot and name in ("clip", "round", "abs", "absolute"))
    return fn


for _name in _UNARY:
    function(f"numpy.{_name}")(_unary(_name))


@function("numpy.moveaxis")
def _moveaxis(args, kwargs):
    a = args[0] if args else kwargs.get("a")
    src = args[1] if len(args) > 1 else kwargs.get("source")
    dst = args[2] if len(args) > 2 else kwargs.get("destination")
    if not isinstance(a, ArrayV):
        return UNKNOWN
    if a.shape is None or not is_int(src) or not is_int(dst):
        return ArrayV(None, a.dtype)
    rank = len(a.shape)
    if not (-rank <= src < rank and -rank <= dst < rank):
        return ArrayV(None, a.dtype)
    perm = [k for k in range(rank) if k != src % rank]
    perm.insert(dst % rank, src % rank)
    return arrays.transposed(a, tuple(perm))


def _atleast_n(n):
    def fn(args, kwargs):
        a = args[0] if len(args) == 1 else None
        if not isinstance(a, ArrayV):
            return UNKNOWN
        return ArrayV(arrays._at_least(a.shape, n) if a.shape is not None else None, a.dtype)
    return fn


function("numpy.atleast_2d")(_atleast_n(2))
function("numpy.atleast_3d")(_atleast_n(3))


@function("numpy.concatenate")
def _concatenate(args, kwargs):
    return arrays.joined("concat", args, kwargs)


for _name in ("stack", "vstack", "hstack", "dstack", "column_stack"):
    function(f"numpy.{_name}")(lambda args, kwargs, how=_name: arrays.joined(how, args, kwargs))
function("numpy.row_stack")(lambda args, kwargs: arrays.joined("vstack", args, kwargs))


for _name in ("int32", "int64", "float64"):
    function(f"numpy.{_name}")(lambda args, kwargs, path=f"numpy.{_name}": ModuleV(path))


# -- methods of arrays ---------------------------------------------------------------------------


def array_method(obj: ArrayV, name, args, kwargs):
    if name == "reshape":
        dims = shape_arg(args[0]) if len(args) == 1 else shape_arg(tuple(args))
        if dims is None and "newshape" in kwargs:
            dims = shape_arg(kwargs["newshape"])
        return ArrayV(arrays.reshape(obj, dims), obj.dtype)
    if name == "astype":
        return ArrayV(obj.shape, arrays.dtype_of(args[0]) if args else obj.dtype, obj.one_hot)
    if name in ("copy", "clip", "round", "__abs__"):
        return ArrayV(obj.shape, obj.dtype, obj.one_hot)
    if name in ("flatten", "ravel"):
        s = arrays._size(obj.shape) if obj.shape is not None else None
        return ArrayV((s,), obj.dtype)
    if name == "squeeze":
        if obj.shape is None:
            return ArrayV(None)
        return arrays.squeezed(obj, args[0] if args else kwargs.get("axis"))
    if name == "transpose":
        perm = (tuple(args) if len(args) > 1 else args[0]) if args else kwargs.get("axes")
        return arrays.transposed(obj, perm)
    if name == "swapaxes":
        if len(args) != 2:
            return ArrayV(None, obj.dtype)
        return arrays.swapped(obj, args[0], args[1])
    if name in ("mean", "sum", "max", "min", "std", "argmax", "argmin", "var", "prod"):
        ax = args[0] if args else kwargs.get("axis")
        dt = "int" if name in ("argmax", "argmin") else obj.dtype
        if obj.shape is None:
            return ArrayV(None) if ax is not None else UNKNOWN
        if ax is None:
            return UNKNOWN
        if is_int(ax):
            if not -len(obj.shape) <= ax < len(obj.shape):
                return ArrayV(None)
            ax = ax % len(obj.shape)
            keep = kwargs.get("keepdims") is True
            shape = tuple((1 if keep else None) if k == ax else d for k, d in enumerate(obj.shape))
            return ArrayV(tuple(d for k, d in enumerate(shape) if not (k == ax and not keep)), dt)
        return ArrayV(None)
    return UNKNOWN


for _name in ("reshape", "astype", "copy", "clip", "round", "__abs__", "flatten", "ravel", "squeeze", "transpose",
              "swapaxes", "mean", "sum", "max", "min", "std", "argmax", "argmin", "var", "prod"):
    method(_name)(lambda obj, args, kwargs, name=_name: array_method(obj, name, args, kwargs))


@function("numpy.unique")
def _unique(args, kwargs):
    """``np.unique(y)``: the sorted distinct values, flattened; of keras.datasets labels, which
    hold every class 0 .. classes-1 in each split (``label_classes``), one per class, so that
    ``len(np.unique(y))`` is the class count (a Python int; ``np.amax(y) + 1`` is a NumPy
    integer, which Dense rejects in Keras 3.15.1, and stays Unknown here).  With return_*
    flags: Unknown."""
    a = args[0] if args else kwargs.get("ar")
    if not isinstance(a, ArrayV) or len(args) > 1 or any(k != "ar" for k in kwargs):
        return UNKNOWN
    classes = getattr(a, "label_classes", None)
    return ArrayV((classes if is_int(classes) else None,), a.dtype)


@attribute("T", on=ArrayV)
def _t(obj):
    return arrays.transposed(obj, None)


@method("resize", ctx=True)
def _resize(obj, args, kwargs, ctx):
    """``X.resize(shape)`` changes X in place: the object becomes Unknown (every holder sees
    that), the name it was called through holds the new shape."""
    dims = shape_arg(args[0]) if len(args) == 1 else shape_arg(tuple(args)) if args else None
    new = ArrayV(dims if dims is not None and -1 not in dims else None, obj.dtype)
    if type(obj) is ArrayV:
        obj.shape = None
        ctx.rebind(new)
    return None
