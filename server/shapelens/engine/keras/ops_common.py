"""What the keras.ops shape rules share (engine/keras/ops_shapes.py): dims, the values of arguments,
Keras' broadcasting, axis and reduction rules, and how a rule says "Keras raises" or "not known".

A dim is an int, ``None`` (Keras' None: not known until the model runs) or a str (an int whose
value the engine does not know, named by its expression).  A check is made only when the dims it
compares are known (int or None); where Keras' answer rests on an unknown value a rule raises
:class:`Unsure` and the engine says nothing.  An op Keras rejects raises :class:`OpError` with
the diagnostic code and message.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...catalog.base import fmt as _fmt
from ..values import ArrayV, ListV, Param, Sym, Tensor, TensorList, is_int


class Unsure(Exception):
    """Keras' answer rests on a value the engine does not know."""


class OpError(Exception):
    """Keras raises on this call."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Several:
    kind: str  # "list" | "tuple"
    shapes: tuple


@dataclass(frozen=True)
class AsValue:
    shape: tuple  # ops.shape(x): the shape as a Python tuple


def fmt(shape) -> str:
    return _fmt(tuple(shape))


# -- values -------------------------------------------------------------------------------------


def shape_of(v) -> tuple:
    """The shape of a tensor or array argument.  A symbolic tensor's None dims are Keras' None; an
    array's, or an eager tensor's (a layer called on data), are sizes the engine did not follow."""
    if isinstance(v, (Tensor, ArrayV)) and v.shape is not None:
        if isinstance(v, Tensor) and v.sources:
            return tuple(v.shape)
        return tuple("?" if d is None else d for d in v.shape)
    raise Unsure


def attr_shape(v) -> tuple:
    """``getattr(v, "shape", [])``, as the binary ops read their operands: a Python number, list,
    string or None has no ``shape``: it counts as a scalar."""
    if isinstance(v, (Tensor, ArrayV)):
        return shape_of(v)
    if v is None or isinstance(v, (bool, int, float, str, ListV, tuple, Sym)):
        return ()
    raise Unsure


def need_int(v) -> int:
    if is_int(v):
        return v
    raise Unsure


def seq(v):
    """A list or tuple argument as a Python list (its items as they are), else None."""
    if isinstance(v, (ListV, TensorList)):
        return list(v.items)
    if isinstance(v, tuple):
        return list(v)
    return None


def ints(v) -> list:
    items = seq(v)
    if items is None or not all(is_int(x) for x in items):
        raise Unsure
    return items


def axes_arg(v):
    """An axis argument: None, an int, or a list of ints (else Unsure)."""
    if v is None or is_int(v):
        return v
    return ints(v)


def known(d) -> bool:
    return d is None or is_int(d)


def text(v) -> str:
    if isinstance(v, ListV):
        return "[" + ", ".join(text(x) for x in v.items) + "]"
    if isinstance(v, tuple):
        return "(" + ", ".join(text(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, (Sym, Param)):
        return v.expr
    return repr(v)


def add_dims(dims):
    """The sum of dims: None if one is None, an expression if one is unknown."""
    if any(d is None for d in dims):
        return None
    if all(is_int(d) for d in dims):
        return sum(dims)
    return " + ".join(str(d) for d in dims)


def mul_dims(dims):
    if any(d is None for d in dims):
        return None
    if all(is_int(d) for d in dims):
        return math.prod(dims)
    return " * ".join(f"({d})" if isinstance(d, str) else str(d) for d in dims)


def check_dims(shape, op) -> tuple:
    """KerasTensor refuses negative dims."""
    for d in shape:
        if is_int(d) and d < 0:
            raise OpError("SL114", f"{op} makes the shape {fmt(shape)}: a negative dimension, which Keras refuses "
                                   "('Negative dimensions are not allowed').")
    return tuple(shape)


def canon(axis, ndim, op, shape, what="axis") -> int:
    """``canonicalize_axis``: an axis in [-ndim, ndim) made non-negative."""
    axis = need_int(axis)
    if not -ndim <= axis < ndim:
        raise OpError("SL114", f"{op}: {what} {axis} is out of bounds for the {ndim}-D tensor {fmt(shape)}; "
                               f"Keras raises. Use an axis in [-{ndim}, {ndim}).")
    return axis + ndim if axis < 0 else axis


def canon_axes(axis, ndim, op, shape):
    if isinstance(axis, list):
        return tuple(canon(a, ndim, op, shape) for a in axis)
    return (canon(axis, ndim, op, shape),)


def broadcast(s1, s2, op, names=("x1", "x2")) -> list:
    """Keras' ``broadcast_shapes``."""
    o1, o2 = s1, s2
    s1, s2 = list(s1), list(s2)
    if len(s1) > len(s2):
        s2 = [1] * (len(s1) - len(s2)) + s2
    if len(s1) < len(s2):
        s1 = [1] * (len(s2) - len(s1)) + s1
    out = list(s1)
    for i, (a, b) in enumerate(zip(s1, s2)):
        if a == 1:
            out[i] = b
        elif a is None:
            if b == 1:
                out[i] = None
            elif known(b):
                out[i] = b
            else:
                raise Unsure  # b may be 1 (then None) or not
        elif not known(a):
            if b == 1 or b is None or b == a:
                out[i] = a
            else:
                raise Unsure
        else:  # a is an int other than 1
            if b == 1 or b is None or b == a:
                out[i] = a
            elif is_int(b):
                raise OpError("SL110", f"{op} cannot broadcast {names[0]} {fmt(o1)} with {names[1]} {fmt(o2)}: "
                                       f"dimension {a} against {b}; Keras raises 'Cannot broadcast shape'. Make the "
                                       f"axes equal or 1 (ops.expand_dims, ops.reshape).")
            else:
                raise Unsure
    return out


def reduce_shape(shape, axis, keepdims, op):
    """Keras' ``reduce_shape`` (axis None, an int or a list of ints)."""
    shape = list(shape)
    if keepdims not in (True, False, 0, 1, None):
        raise Unsure
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    if is_int(axis):
        axis = [axis]
    axis = [canon(a, len(shape), op, tuple(shape)) for a in axis]
    if keepdims:
        for a in axis:
            shape[a] = 1
        return tuple(shape)
    for a in sorted(axis, reverse=True):
        if a >= len(shape):
            raise OpError("SL114", f"{op}: the axis list {axis} repeats an axis; Keras raises an IndexError.")
        del shape[a]
    return tuple(shape)


def shape_equal(s1, s2, skip=()):
    """Keras' ``shape_equal`` with ``allow_none``: True, False, or None when an unknown dim decides."""
    if len(s1) != len(s2):
        return False
    undecided = False
    for i, (a, b) in enumerate(zip(s1, s2)):
        if i in skip or a is None or b is None or a == b:
            continue
        if is_int(a) and is_int(b):
            return False
        undecided = True
    return None if undecided else True
