"""The shapes ``keras.ops`` gives symbolic tensors, and the errors it raises: each op's
``compute_output_spec`` (keras/src/ops/*.py, Keras 3.15.1) as a rule over shapelens' dims
(engine/keras/ops_common.py).  A rule takes the op's bound arguments (by name) and the op as
written (for messages), and returns the output shape (a tuple), :class:`Several` (ops that give a
list or tuple of tensors) or :class:`AsValue` (``ops.shape``: a Python tuple).  The table of ops
and their signatures: engine/keras/ops_table.py.

This module holds the ops on one tensor: elementwise ops, reductions, reshapes and moves of
axes, ``ops.shape`` and ``image.resize``; ops_shapes_join.py the ops that join, split, repeat,
pad or index tensors, ops_shapes_linalg.py ``matmul``, ``dot`` and ``einsum``.
"""

from __future__ import annotations

import math

from ..values import UNKNOWN, Param, Sym, is_int
from .ops_common import (
    AsValue,
    OpError,
    Unsure,
    attr_shape,
    axes_arg,
    broadcast,
    canon,
    canon_axes,
    fmt,
    ints,
    known,
    mul_dims,
    reduce_shape,
    seq,
    shape_of,
    text,
)


def same_shape(a, op):
    return shape_of(a["x"])


def axis_checked(a, op):
    """softmax, log_softmax, flip, roll, normalize: the shape, after checking the axis."""
    s = shape_of(a["x"])
    ax = axes_arg(a["axis"])
    if ax is not None:
        canon_axes(ax, len(s), op, s)
    return s


def one_axis_checked(a, op):
    s = shape_of(a["x"])
    canon(a["axis"], len(s), op, s)
    return s


def flattened_or_same(a, op):
    """sort, argsort, cumsum, cumprod: axis None flattens."""
    s = shape_of(a["x"])
    if a["axis"] is None:
        return (mul_dims(s),)
    canon(a["axis"], len(s), op, s)
    return s


def binary(a, op):
    return tuple(broadcast(attr_shape(a["x1"]), attr_shape(a["x2"]), op))


def where(a, op):
    x1, x2 = a["x1"], a["x2"]
    if any(v is UNKNOWN or isinstance(v, Param) for v in (x1, x2)):
        raise Unsure
    if (x1 is None) != (x2 is None):
        raise OpError("SL114", f"{op}: x1 and x2 must both be given or both be None; Keras raises.")
    out = broadcast(attr_shape(a["condition"]), attr_shape(x1), op, ("condition", "x1"))
    return tuple(broadcast(out, attr_shape(x2), op, ("the broadcast of condition and x1", "x2")))


def reduction(a, op):
    s = shape_of(a["x"])
    return reduce_shape(s, axes_arg(a["axis"]), a.get("keepdims", False), op)


def norm(a, op):
    s = shape_of(a["x"])
    order, axis = a["ord"], axes_arg(a["axis"])
    if isinstance(order, str) and order not in ("fro", "nuc"):
        raise OpError("SL114", f"{op}: ord={order!r} is not a norm Keras knows; use 'fro', 'nuc' or a number.")
    n = len(s) if axis is None else (1 if is_int(axis) else len(axis))
    if n == 1 and isinstance(order, str):
        raise OpError("SL114", f"{op}: ord={order!r} is a matrix norm, but one axis is reduced; Keras raises "
                               "'Invalid `ord` argument for vector norm'.")
    if n == 2 and order not in (None, "fro", "nuc", 1, -1, 2, -2) and not (
            isinstance(order, float) and math.isinf(order)):
        if isinstance(order, (int, float)) and not isinstance(order, bool):
            raise OpError("SL114", f"{op}: ord={order!r} is not a matrix norm; Keras raises 'Invalid `ord` argument "
                                   "for matrix norm'.")
        raise Unsure
    return reduce_shape(s, axis, a["keepdims"], op)


def reshape(a, op):
    s = shape_of(a["x"])
    ns = a["newshape"]
    if is_int(ns) or isinstance(ns, Sym):
        ns = [ns]
    else:
        ns = seq(ns)
        if ns is None:
            raise Unsure
    dims = []
    for d in ns:
        if is_int(d) or d is None:
            dims.append(d)
        elif isinstance(d, Sym):
            dims.append(d.expr)
        else:
            raise Unsure
    shown = "(" + ", ".join("None" if d is None else str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"
    if any(is_int(d) and d < -1 for d in dims):
        raise OpError("SL114", f"{op}: the new shape {shown} has a dimension below -1; Keras raises. Use "
                               "non-negative sizes and at most one -1.")
    if sum(1 for d in dims if d == -1) > 1:
        raise OpError("SL114", f"{op}: the new shape {shown} has more than one -1; Keras raises. Only one "
                               "dimension can be inferred.")
    if None in s or None in dims:
        return tuple(None if d == -1 else d for d in dims)
    if not all(is_int(d) for d in s) or not all(is_int(d) for d in dims):
        if -1 in dims:
            raise Unsure
        return tuple(dims)
    size = math.prod(s)
    if -1 not in dims:
        if size != math.prod(dims):
            raise OpError("SL111", f"{op}: the new shape {shown} holds {math.prod(dims):,} values but x {fmt(s)} "
                                   f"holds {size:,}; Keras raises 'The total size of the tensor must be unchanged'. "
                                   f"Reshape includes the batch axis: e.g. (-1, ...) keeps it.")
        return tuple(dims)
    fixed = math.prod(d for d in dims if d != -1)
    if fixed == 0 or size % fixed:
        raise OpError("SL111", f"{op}: x {fmt(s)} holds {size:,} values, which cannot fill the new shape {shown} "
                               f"(not a multiple of {fixed:,}); Keras raises 'The total size of the tensor must be "
                               f"unchanged'.")
    return tuple(size // fixed if d == -1 else d for d in dims)


def expand_dims(a, op):
    s = shape_of(a["x"])
    ax = a["axis"]
    if ax is None or isinstance(ax, (float, str, bool)):
        raise OpError("SL114", f"{op}: axis={ax!r}; Keras raises 'The `axis` argument to `expand_dims` should be "
                               "an integer, tuple or list'.")
    axes = [ax] if is_int(ax) else ints(ax)
    out_ndim = len(axes) + len(s)
    axes = [canon(x, out_ndim, op, s) for x in axes]
    if len(set(axes)) != len(axes):
        raise OpError("SL114", f"{op}: axis {text(a['axis'])} repeats an axis; Keras raises.")
    it = iter(s)
    return tuple(1 if k in axes else next(it) for k in range(out_ndim))


def squeeze(a, op):
    s = list(shape_of(a["x"]))
    ax = a["axis"]
    if ax is None:
        if not all(known(d) for d in s):
            raise Unsure
        return tuple(d for d in s if d != 1)
    axes = [ax] if is_int(ax) else ints(ax)
    for x in axes:
        if not -len(s) <= x < len(s):
            raise OpError("SL114", f"{op}: axis {x} is out of bounds for the {len(s)}-D tensor {fmt(s)}; Keras "
                                   "raises.")
        d = s[x]
        if d != 1:
            if not known(d):
                raise Unsure
            raise OpError("SL114", f"{op}: cannot squeeze axis {x} of {fmt(s)}: its size is {d}, not 1"
                                   f"{' (unknown until the model runs)' if d is None else ''}; Keras raises.")
    axes = [canon(x, len(s), op, s) for x in axes]
    for x in sorted(axes, reverse=True):
        if x >= len(s):
            raise OpError("SL114", f"{op}: axis {text(ax)} repeats an axis; Keras raises.")
        del s[x]
    return tuple(s)


def transpose(a, op):
    s = shape_of(a["x"])
    axes = a["axes"]
    if axes is None:
        return tuple(reversed(s))
    items = seq(axes)
    if items is None:
        raise Unsure
    n = len(s)
    if len(items) != n:
        raise OpError("SL114", f"{op}: axes {text(axes)} has {len(items)} entries for the {n}-D tensor {fmt(s)}; "
                               f"Keras raises. Give a permutation of all {n} axes (the batch axis included).")
    norm_ = []
    for x in items:
        if not is_int(x):
            raise Unsure
        if not -n <= x < n:
            raise OpError("SL114", f"{op}: axis {x} in axes {text(axes)} is out of bounds for the {n}-D tensor "
                                   f"{fmt(s)}; Keras raises.")
        norm_.append(x % n)
    if len(set(norm_)) != n:
        raise OpError("SL114", f"{op}: axes {text(axes)} is not a permutation (an axis repeats); Keras raises.")
    return tuple(s[x] for x in norm_)


def swapaxes(a, op):
    s = list(shape_of(a["x"]))
    i = canon(a["axis1"], len(s), op, s, "axis1")
    j = canon(a["axis2"], len(s), op, s, "axis2")
    s[i], s[j] = s[j], s[i]
    return tuple(s)


def moveaxis(a, op):
    s = list(shape_of(a["x"]))
    src = [a["source"]] if is_int(a["source"]) else ints(a["source"])
    dst = [a["destination"]] if is_int(a["destination"]) else ints(a["destination"])
    if len(src) != len(dst):
        raise OpError("SL114", f"{op}: source {text(a['source'])} and destination {text(a['destination'])} have "
                               "different lengths; Keras raises.")
    n = len(s)
    src = [canon(x, n, op, s, "source axis") for x in src]
    dst = [canon(x, n, op, s, "destination axis") for x in dst]
    hole = object()
    x_shape = list(s)
    out = [hole] * n
    for sc, ds in zip(src, dst):
        out[ds] = x_shape[sc]
        x_shape[sc] = hole
    i = j = 0
    while i < n:
        while i < n and out[i] is not hole:
            i += 1
        while j < n and x_shape[j] is hole:
            j += 1
        if i == n:
            break
        if j >= n:
            raise Unsure
        out[i] = x_shape[j]
        i += 1
        j += 1
    if any(d is hole for d in out):
        raise Unsure
    return tuple(out)


def ravel(a, op):
    return (mul_dims(shape_of(a["x"])),)


def shape(a, op):
    return AsValue(shape_of(a["x"]))


def image_resize(a, op, data_format=None):
    size = seq(a["size"])
    images = a["images"]
    if size is None:
        raise Unsure
    if len(size) != 2:
        raise OpError("SL114", f"{op}: size {text(a['size'])} must be (height, width); Keras raises.")
    if not all(is_int(x) for x in size):
        raise Unsure
    if size[0] <= 0 or size[1] <= 0:
        raise OpError("SL114", f"{op}: size {text(a['size'])} must be positive; Keras raises.")
    s = list(attr_shape(images))
    if len(s) not in (3, 4):
        raise OpError("SL101", f"{op} takes 3-D (one image) or 4-D (a batch) input but gets {fmt(s)}; Keras raises "
                               "'Invalid images rank'.")
    if a["pad_to_aspect_ratio"] is True and a["crop_to_aspect_ratio"] is True:
        raise OpError("SL114", f"{op}: pad_to_aspect_ratio and crop_to_aspect_ratio cannot both be True; Keras "
                               "raises.")
    fmt_ = a["data_format"] if a["data_format"] is not None else data_format
    if not isinstance(fmt_, str):
        raise Unsure
    fmt_ = fmt_.lower()
    if fmt_ == "channels_last":
        h, w = -3, -2
    elif fmt_ == "channels_first":
        h, w = -2, -1
    else:
        raise Unsure
    s[h], s[w] = size
    return tuple(s)
