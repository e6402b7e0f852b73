"""``keras.utils`` functions that make data: ``to_categorical``."""

from __future__ import annotations

from ..values import UNKNOWN, ArrayV, is_int
from .registry import function


@function("keras.utils.to_categorical", "keras.utils.np_utils.to_categorical")
def to_categorical(args, kwargs):
    y = args[0] if args else kwargs.get("y", kwargs.get("x"))
    n = args[1] if len(args) > 1 else kwargs.get("num_classes")
    if not isinstance(y, ArrayV) or y.shape is None:
        return UNKNOWN
    shape = tuple(y.shape)
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    return ArrayV(shape + ((n if is_int(n) else None),), "float", one_hot=True)
