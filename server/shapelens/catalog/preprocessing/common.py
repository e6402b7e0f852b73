"""What the preprocessing rules share: the examples' imports, the engine's values told apart by
class name, the validate() wrapper that stops at an unknown value, shape checks, and the marker of
a layer ``adapt()`` has not seen."""

from __future__ import annotations

from ..base import LayerError, Unsure, fmt

_I = "import keras\nfrom keras import layers\nimport numpy as np\n"


def _int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


# The engine's values, told apart by their class names (the catalog does not import the engine).
def _is_list(v) -> bool:
    return type(v).__name__ == "ListV"


def _is_array(v) -> bool:
    return type(v).__name__ == "ArrayV"


def _is_layer(v) -> bool:
    return type(v).__name__ == "LayerV"


def _safe(fn):
    """validate(): a value the engine does not know ends the checks silently (Unsure)."""
    def validate(self, cfg):
        try:
            fn(self, cfg)
        except Unsure:
            pass
    return validate


def _dims_ok(name, shape):
    """A shape Keras can build: a float (or negative) dim fails 'Cannot convert ... to a shape'."""
    for d in shape:
        if isinstance(d, bool):
            raise Unsure("dim")
        if isinstance(d, float) or (_int(d) and d < 0):
            raise LayerError("SL114", f"{name} would output the shape {fmt(tuple(shape))}, and Keras raises 'Cannot "
                                      f"convert ... to a shape' ({d!r} is not a valid size). Give an int size.")
    return tuple(shape)


def _adapted(cfg):
    """The engine's value of what ``adapt()`` got, or the marker that it was not adapted."""
    return cfg.get("_adapted", _NOT_ADAPTED)


_NOT_ADAPTED = object()
