"""The shapes ``keras.ops`` gives symbolic tensors, and the errors it raises: each op's
``compute_output_spec`` (keras/src/ops/*.py, Keras 3.15.1) as a rule over shapelens' dims
(engine/keras/ops_common.py).  A rule takes the op's bound arguments (by name) and the op as
written (for messages), and returns the output shape (a tuple), :class:`Several` (ops that give a
list or tuple of tensors) or :class:`AsValue` (``ops.shape``: a Python tuple).  The table of ops
and their signatures: engine/keras/ops_table.py.
"""

from __future__ import annotations

import itertools
import math
import re

from ..libraries import arrays
from ..values import UNKNOWN, ArrayV, Param, Sym, Tensor, is_int
from .ops_common import (
    AsValue,
    OpError,
    Several,
    Unsure,
    add_dims,
    attr_shape,
    axes_arg,
    broadcast,
    canon,
    canon_axes,
    check_dims,
    fmt,
    ints,
    known,
    mul_dims,
    need_int,
    reduce_shape,
    seq,
    shape_equal,
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


def ravel(a, op):
    return (mul_dims(shape_of(a["x"])),)


def matmul(a, op):
    s1, s2 = attr_shape(a["x1"]), attr_shape(a["x2"])
    if not s1 or not s2:
        raise Unsure  # Keras fails with an IndexError on a scalar
    o1, o2 = s1, s2
    one1, one2 = len(s1) == 1, len(s2) == 1
    if one1:
        s1 = (1, s1[0])
    if one2:
        s2 = (s2[0], 1)
    i, j = s1[-1], s2[-2]
    if i is not None and j is not None and i != j:
        if not (is_int(i) and is_int(j)):
            raise Unsure
        raise OpError("SL116", f"{op}: the inner dimensions of x1 {fmt(o1)} and x2 {fmt(o2)} differ ({i} and {j}); "
                               "Keras raises. x1's last axis must equal x2's second-to-last (transpose one with "
                               "ops.swapaxes(x, -1, -2)).")
    lead = broadcast(s1[:-2], s2[:-2], op, ("x1's batch axes", "x2's batch axes"))
    out = list(lead) + [s1[-2], s2[-1]]
    if one1:
        del out[-2]
    if one2:
        del out[-1]
    return tuple(out)


def dot(a, op):
    s1, s2 = list(attr_shape(a["x1"])), list(attr_shape(a["x2"]))
    if not s1 or not s2:
        return tuple(broadcast(s1, s2, op))
    if len(s1) == 1 and len(s2) == 1:
        return ()
    if len(s2) == 1:
        if s1[-1] != s2[0]:
            if not (known(s1[-1]) and known(s2[0])):
                raise Unsure
            raise OpError("SL116", f"{op}: x1 {fmt(s1)} and x2 {fmt(s2)} do not match on x1's last axis; Keras "
                                   "raises.")
        return tuple(s1[:-1])
    i, j = s1[-1], s2[-2]
    if i is None or j is None or i == j:
        return tuple(s1[:-1] + s2[:-2] + s2[-1:])
    if not (is_int(i) and is_int(j)):
        raise Unsure
    raise OpError("SL116", f"{op}: x1 {fmt(s1)} and x2 {fmt(s2)} differ on x1's last axis and x2's second-to-last "
                           f"({i} and {j}); Keras raises.")


def einsum(a, op):
    subscripts = a["subscripts"]
    operands = a["operands"]
    if not isinstance(subscripts, str):
        raise Unsure
    shapes = [attr_shape(x) for x in operands]
    if not all(known(d) for s in shapes for d in s):
        raise Unsure
    parts = subscripts.split("->")
    if len(parts) > 2:
        raise OpError("SL114", f"{op}: at most one '->' in the subscripts {subscripts!r}; Keras raises.")
    subs, out_spec = (parts[0], parts[1]) if len(parts) == 2 else (subscripts, None)
    specs = subs.split(",")
    if len(specs) != len(operands):
        raise OpError("SL114", f"{op}: {len(operands)} operand{'s' if len(operands) != 1 else ''} for the "
                               f"{len(specs)} input spec{'s' if len(specs) != 1 else ''} of {subscripts!r}; Keras "
                               "raises.")
    reduced, kept = set(), set()
    for ch in subs:
        if not ch.isalpha():
            continue
        if ch not in reduced and ch not in kept:
            kept.add(ch)
        elif ch in kept:
            kept.remove(ch)
            reduced.add(ch)
    if out_spec is not None:
        k2, r2 = set(kept), set(reduced)
        for ch in kept:
            if ch not in out_spec:
                k2.remove(ch)
                r2.add(ch)
        for ch in reduced:
            if ch in out_spec:
                r2.remove(ch)
                k2.add(ch)
        kept, reduced = k2, r2
    target = f"...{''.join(sorted(kept))}" if out_spec is None else out_spec
    expanded = []
    for shape, spec in zip(shapes, specs):
        x_shape = [-1 if d is None else d for d in shape]
        split_ = spec.split("...")
        e = target
        if len(split_) == 1:
            if len(x_shape) != len(split_[0]):
                raise OpError("SL101", f"{op}: the subscript {spec!r} names {len(split_[0])} axes but its operand "
                                       f"{fmt(shape)} has {len(x_shape)}; Keras raises (the batch axis counts).")
            for size, ch in zip(x_shape, split_[0]):
                e = e.replace(ch, f"{size} ")
            e = e.replace("...", "")
        else:
            if len(split_) > 2 or len(split_[0]) + len(split_[1]) > len(x_shape):
                raise Unsure
            for k in range(len(split_[0])):
                e = e.replace(split_[0][k], f"{x_shape[k]} ")
            for k in range(len(split_[1])):
                e = e.replace(split_[1][-k - 1], f"{x_shape[-k - 1]} ")
            end = len(x_shape) if len(split_[1]) == 0 else -len(split_[1])
            wild = x_shape[len(split_[0]):end]
            e = e.replace("...", f"{' '.join(str(d) for d in wild)} ")
        e = re.sub("[a-z]", "1 ", e)
        try:
            dims = [None if d == "-1" else int(d) for d in e.split()]
        except ValueError:
            raise Unsure from None
        expanded.append(dims)
    out = expanded[0]
    for k, dims in enumerate(expanded[1:], 1):
        try:
            out = broadcast(out, dims, op)
        except OpError:
            raise OpError("SL116", f"{op}: the operands {', '.join(fmt(s) for s in shapes)} do not fit the "
                                   f"subscripts {subscripts!r} (a letter stands for different sizes); Keras raises "
                                   "'Cannot broadcast shape'.") from None
    return tuple(out)


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
