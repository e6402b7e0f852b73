"""``keras.utils`` functions that make data: ``to_categorical``."""

from __future__ import annotations

from ..values import UNKNOWN, ArrayV, ListV, is_int
from . import arrays
from .registry import function


@function("keras.utils.to_categorical", "keras.utils.np_utils.to_categorical")
def to_categorical(args, kwargs):
    # keras/src/utils/numerical_utils.py: a trailing axis of size 1 is dropped, one column per
    # class; without num_classes, as many as the largest label + 1
    y = args[0] if args else kwargs.get("y", kwargs.get("x"))
    n = args[1] if len(args) > 1 else kwargs.get("num_classes")
    if n is None:
        n = _largest_label(y)
    if isinstance(y, ListV):
        y = arrays.from_data([y], {})
    if not isinstance(y, ArrayV) or y.shape is None:
        return UNKNOWN
    shape = tuple(y.shape)
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    return ArrayV(shape + ((n if is_int(n) else arrays.fresh("num_classes")),), "float", one_hot=True)


def _largest_label(y):
    """num_classes when not given: the largest label + 1, when the labels are known (a literal
    list of ints, or a keras.datasets split whose labels hold every class)."""
    if isinstance(y, ListV) and y.items and all(is_int(v) and v >= 0 for v in y.items):
        return max(y.items) + 1
    classes = getattr(y, "label_classes", None) if isinstance(y, ArrayV) else None
    return classes if is_int(classes) else None
