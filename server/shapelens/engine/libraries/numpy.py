"""NumPy: array constructors, random data (``np.random`` and its generators), reshaping and
joining functions, and the methods of arrays (``reshape``, ``astype``, reductions, ...)."""

from __future__ import annotations

from ..values import UNKNOWN, ArrayV, ModuleV, is_int
from . import arrays
from .arrays import dtype_kw, filled, shape_arg
from .registry import function, method


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


@function("numpy.array", "numpy.asarray", "numpy.float32")
def _array(args, kwargs):
    return arrays.from_data(args, kwargs)


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
    return arrays.reshaped(args, kwargs)


def _as_method(name):
    def fn(args, kwargs):
        a = args[0] if args else None
        return array_method(a, name, args[1:], kwargs) if isinstance(a, ArrayV) else UNKNOWN
    return fn


for _name in ("squeeze", "transpose", "ravel"):
    function(f"numpy.{_name}")(_as_method(_name))


@function("numpy.concatenate")
def _concatenate(args, kwargs):
    return arrays.joined("concat", args, kwargs)


for _name in ("stack", "vstack", "hstack"):
    function(f"numpy.{_name}")(lambda args, kwargs, how=_name: arrays.joined(how, args, kwargs))


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
        return ArrayV((s,) if s is not None else None, obj.dtype)
    if name == "squeeze":
        if obj.shape is None:
            return ArrayV(None)
        return arrays.squeezed(obj, args[0] if args else kwargs.get("axis"))
    if name == "transpose":
        perm = (args if len(args) > 1 else args[0]) if args else kwargs.get("axes")
        return arrays.transposed(obj, perm)
    if name in ("mean", "sum", "max", "min", "std", "argmax", "argmin", "var", "prod"):
        ax = args[0] if args else kwargs.get("axis")
        dt = "int" if name in ("argmax", "argmin") else obj.dtype
        if obj.shape is None:
            return ArrayV(None) if ax is not None else UNKNOWN
        if ax is None:
            return UNKNOWN
        if is_int(ax):
            ax = ax % len(obj.shape)
            keep = kwargs.get("keepdims") is True
            shape = tuple((1 if keep else None) if k == ax else d for k, d in enumerate(obj.shape))
            return ArrayV(tuple(d for k, d in enumerate(shape) if not (k == ax and not keep)), dt)
        return ArrayV(None)
    return UNKNOWN


for _name in ("reshape", "astype", "copy", "clip", "round", "__abs__", "flatten", "ravel", "squeeze", "transpose",
              "mean", "sum", "max", "min", "std", "argmax", "argmin", "var", "prod"):
    method(_name)(lambda obj, args, kwargs, name=_name: array_method(obj, name, args, kwargs))
