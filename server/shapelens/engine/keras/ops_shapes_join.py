"""The shapes of the ``keras.ops`` that join, split, repeat, pad or index tensors
(``concatenate``, ``stack``, ``split``, ``tile``, ``repeat``, ``one_hot``, ``pad``,
``broadcast_to``, ``take``, ``top_k``, ``unstack``), and the errors they raise; the rules'
conventions: ops_shapes.py."""

from __future__ import annotations

import itertools
import math

from ..libraries import arrays
from ..values import ArrayV, Sym, Tensor, is_int
from .ops_common import (
    OpError,
    Several,
    Unsure,
    add_dims,
    attr_shape,
    broadcast,
    canon,
    check_dims,
    fmt,
    ints,
    need_int,
    seq,
    shape_equal,
    shape_of,
    text,
)


def _tensors_in(v):
    items = seq(v)
    if not items:
        raise Unsure
    shapes = []
    for t in items:
        if not isinstance(t, (Tensor, ArrayV)):
            raise Unsure
        shapes.append(shape_of(t))
    return shapes


def concatenate(a, op):
    if a["axis"] is None:
        raise OpError("SL114", f"{op}: axis=None; Keras raises '`axis` cannot be None for `concatenate`'.")
    shapes = _tensors_in(a["xs"])
    first = shapes[0]
    axis = canon(a["axis"], len(first), op, first)
    for s in shapes[1:]:
        if shape_equal(s, first, skip=(axis,)) is False:
            listed = ", ".join(fmt(x) for x in shapes)
            why = (f"ranks {len(first)} and {len(s)}" if len(s) != len(first) else
                   f"they differ outside axis {a['axis']}")
            raise OpError("SL110", f"{op} cannot join {listed} on axis {a['axis']}: {why}; Keras raises 'Every "
                                   f"value in `xs` must have the same shape except on the `axis` dim'. Make the "
                                   f"other axes match (ops.reshape, ops.expand_dims) or join on another axis.")
    out = list(first)
    out[axis] = add_dims([s[axis] for s in shapes])
    return tuple(out)


def stack(a, op):
    shapes = _tensors_in(a["x"])
    first = shapes[0]
    axis = canon(a["axis"], len(first) + 1, op, first)
    for s in shapes[1:]:
        if shape_equal(s, first) is False:
            listed = ", ".join(fmt(x) for x in shapes)
            raise OpError("SL110", f"{op} cannot stack {listed}: every tensor must have the same shape; Keras "
                                   f"raises. Use ops.concatenate to join along an existing axis.")
    out = list(first)
    out.insert(axis, len(shapes))
    return tuple(out)


def split(a, op):
    s = list(shape_of(a["x"]))
    axis = canon(a["axis"], len(s), op, s)
    size = s[axis]
    ios = a["indices_or_sections"]
    if is_int(ios):
        if size is None:
            return Several("list", tuple(tuple(s) for _ in range(ios)))
        if not is_int(size):
            raise Unsure
        if ios == 0:
            raise OpError("SL114", f"{op}: 0 sections; Keras raises (division by zero).")
        if size % ios:
            raise OpError("SL114", f"{op}: axis {a['axis']} of {fmt(s)} has size {size}, which does not split "
                                   f"into {ios} equal parts; Keras raises 'must be divisible by "
                                   f"`indices_or_sections`'. Give a number of parts that divides {size}, or a list "
                                   f"of the indices where to cut.")
        s[axis] = size // ios
        return Several("list", tuple(tuple(s) for _ in range(ios)))
    idx = seq(ios)
    if idx is None or not all(is_int(i) for i in idx):
        raise Unsure
    bounds = [0] + idx + [size]
    out = []
    for lo, hi in itertools.pairwise(bounds):
        piece = list(s)
        if lo is None or hi is None:
            piece[axis] = None
        elif is_int(lo) and is_int(hi):
            piece[axis] = hi - lo
        else:
            raise Unsure
        out.append(check_dims(piece, op))
    return Several("list", tuple(out))


def tile(a, op):
    s = list(shape_of(a["x"]))
    reps = [a["repeats"]] if is_int(a["repeats"]) else ints(a["repeats"])
    if len(s) > len(reps):
        reps = [1] * (len(s) - len(reps)) + reps
    else:
        s = [1] * (len(reps) - len(s)) + s
    out = []
    for d, r in zip(s, reps):
        if is_int(d):
            out.append(d * r)
        elif d is None:
            out.append(None)
        else:
            raise Unsure
    return check_dims(out, op)


def repeat(a, op):
    s = list(shape_of(a["x"]))
    reps = [a["repeats"]] if is_int(a["repeats"]) else ints(a["repeats"])
    axis = a["axis"]
    if axis is None:
        if None in s:
            return (None,)
        if not all(is_int(d) for d in s):
            raise Unsure
        n = math.prod(s)
        if len(reps) == 1:
            return check_dims((n * reps[0],), op)
        if len(reps) != n:
            raise OpError("SL114", f"{op}: {len(reps)} repeats for the {n} values of x {fmt(s)} (flattened); Keras "
                                   "raises.")
        return check_dims((sum(reps),), op)
    axis = need_int(axis)
    if not -len(s) <= axis < len(s):
        raise OpError("SL114", f"{op}: axis {axis} is out of bounds for the {len(s)}-D tensor {fmt(s)}; Keras "
                               "raises.")
    d = s[axis]
    if d is None:
        return tuple(s)
    if len(reps) == 1:
        if not is_int(d):
            raise Unsure
        s[axis] = d * reps[0]
    elif not is_int(d):
        raise Unsure
    elif d != len(reps):
        raise OpError("SL114", f"{op}: {len(reps)} repeats for axis {axis} of {fmt(s)}, which has size {d}; Keras "
                               "raises. Give one repeat count, or one per entry.")
    else:
        s[axis] = sum(reps)
    return check_dims(s, op)


def one_hot(a, op):
    s = list(attr_shape(a["x"]))
    n, axis = a["num_classes"], need_int(a["axis"])
    if not (is_int(n) or n is None or isinstance(n, Sym)):
        raise Unsure
    n = n.expr if isinstance(n, Sym) else n
    if axis == -1:
        s.append(n)
    elif 0 <= axis < len(s):
        s.insert(axis, n)
    else:
        raise OpError("SL114", f"{op}: axis {axis} for x {fmt(tuple(s))}; Keras accepts -1 or an axis in "
                               f"[0, {len(s)}) and raises.")
    return check_dims(s, op)


def pad(a, op):
    s = list(shape_of(a["x"]))
    pw = a["pad_width"]
    if is_int(pw):
        widths = [(pw, pw)]
    else:
        items = seq(pw)
        if not items:
            raise Unsure
        if is_int(items[0]):
            if not all(is_int(x) for x in items) or len(items) < 2:
                raise Unsure
            widths = [tuple(items)]
        else:
            rows = [seq(r) for r in items]
            if any(r is None or not all(is_int(x) for x in r) for r in rows):
                raise Unsure
            first = len(rows[0])
            if any(len(r) != first for r in rows):
                raise OpError("SL114", f"{op}: pad_width {text(pw)} mixes pairs of different lengths; Keras raises.")
            if first == 1:
                if isinstance(pw, tuple):
                    raise Unsure  # Keras assigns into the tuple: a TypeError
                rows = [(r[0], r[0]) for r in rows]
            if first == 0 or first > 2:
                raise Unsure
            widths = [tuple(r) for r in rows]
    if len(widths) == 1:
        widths = widths * len(s)
    elif len(widths) != len(s):
        raise OpError("SL114", f"{op}: pad_width {text(pw)} has {len(widths)} entries for the {len(s)}-D tensor "
                               f"{fmt(s)}; Keras raises. Give one (before, after) pair per axis, the batch axis "
                               "included, e.g. [(0, 0), ...].")
    out = []
    for d, w in zip(s, widths):
        if d is None:
            out.append(None)
        elif is_int(d):
            out.append(d + w[0] + w[1])
        else:
            raise Unsure
    return check_dims(out, op)


def broadcast_to(a, op):
    s = shape_of(a["x"])
    target = arrays.shape_arg(a["shape"])
    if target is None:
        raise Unsure
    try:
        broadcast(s, target, op, ("x", "the shape"))
    except OpError as e:
        raise OpError("SL114", e.message) from None
    return check_dims(target, op)


def take(a, op):
    s = shape_of(a["x"])
    idx = a["indices"]
    if isinstance(idx, (Tensor, ArrayV)):
        ishape = shape_of(idx)
    elif is_int(idx) or isinstance(idx, Sym):
        ishape = ()
    else:
        ns = arrays.nested_shape(idx)
        if ns is None:
            raise Unsure
        ishape = ns[0]
    if a["axis"] is None:
        return tuple(ishape)
    axis = canon(a["axis"], len(s), op, s)
    return tuple(s[:axis]) + tuple(ishape) + tuple(s[axis + 1:])


def top_k(a, op):
    s = list(shape_of(a["x"]))
    if not s:
        raise Unsure
    k = a["k"]
    if not (is_int(k) or isinstance(k, Sym)):
        raise Unsure
    s[-1] = k.expr if isinstance(k, Sym) else k
    s = check_dims(s, op)
    return Several("tuple", (s, s))


def unstack(a, op):
    s = shape_of(a["x"])
    axis = canon(a["axis"], len(s), op, s)
    rest = tuple(s[:axis]) + tuple(s[axis + 1:])
    num = a["num"]
    if num is None:
        num = s[axis]
        if num is None:
            raise OpError("SL114", f"{op}: axis {a['axis']} of {fmt(s)} has no fixed size and num is not given; "
                                   "Keras raises 'Cannot infer argument `num`'. Pass num=... or unstack a fixed axis.")
    if not is_int(num):
        raise Unsure
    return Several("list", tuple(rest for _ in range(num)))
