"""Canonical names for what user code imports: every way of spelling a Keras, TensorFlow or
NumPy name is mapped to one dotted path, so the interpreter dispatches on one string."""

from __future__ import annotations

from ..catalog import ALIASES, FUNCTIONAL_MERGES, RULES, rule_for

_PREFIXES = (
    ("tensorflow.python.keras", "keras"),
    ("tensorflow.keras", "keras"),
    # (not tf_keras: that package is Keras 2, which takes arguments Keras 3 rejects; its code is
    # not judged by Keras 3's rules)
    ("keras.src", "keras"),
    ("keras.api", "keras"),
    ("keras._tf_keras.keras", "keras"),
)

_KERAS_TOP = {
    "Sequential": "keras.Sequential",
    "Model": "keras.Model",
    "Input": "keras.Input",
    "InputLayer": "keras.layers.InputLayer",
    "Layer": "keras.layers.Layer",
    "to_categorical": "keras.utils.to_categorical",
    "load_model": "keras.models.load_model",
}


def canonical(path: str) -> str:
    for old, new in _PREFIXES:
        if path == old or path.startswith(old + "."):
            path = new + path[len(old):]
            break
    if path.startswith("keras."):
        last = path.rsplit(".", 1)[-1]
        if last in _KERAS_TOP and not path.startswith("keras.ops."):
            return _KERAS_TOP[last]
        parts = path.split(".")
        if len(parts) >= 3 and parts[1] == "layers" and (last in RULES or last in FUNCTIONAL_MERGES or last in ALIASES):
            return "keras.layers." + last
        if len(parts) >= 3 and parts[1] == "layers" and len(parts) > 3:
            # keras.layers.recurrent.LSTM and friends
            return "keras.layers." + last
    if path == "np" or path.startswith("np."):
        path = "numpy" + path[2:]
    return path


def layer_class(path: str):
    """The catalog rule a canonical path names, or None."""
    if path.startswith("keras.layers."):
        return rule_for(path[len("keras.layers."):])
    return None
