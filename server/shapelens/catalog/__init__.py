"""The layer catalog: one rule per Keras layer (see base.Rule)."""

from .base import RULES, LayerError, Rule, Unsure, snake_case  # noqa: F401
from . import convolution, core, merge, pooling, recurrent, resampling, wrappers  # noqa: F401  (registration)

# Functional helpers: keras.layers.concatenate([a, b], axis=...) → Concatenate(axis=...)([a, b])
FUNCTIONAL_MERGES = {
    "concatenate": "Concatenate", "add": "Add", "subtract": "Subtract", "multiply": "Multiply",
    "average": "Average", "maximum": "Maximum", "minimum": "Minimum", "dot": "Dot",
}

# Keyword arguments every Keras 3 layer takes (keras.layers.Layer.__init__).
BASE_KWARGS = frozenset({"activity_regularizer", "trainable", "dtype", "autocast", "name", "input_dim", "input_shape"})
