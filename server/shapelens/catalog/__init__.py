"""The layer catalog: one rule per Keras layer (see base.Rule)."""

from .base import RULES, LayerError, Rule, Unsure, snake_case  # noqa: F401

# Registration: importing a module registers its rules, in this order (RULES keeps it).
# isort: off
from . import (  # noqa: F401
    augmentation,
    augmentation_colour,
    convolution,
    convolution_transpose,
    convolution_separable,
    core,
    normalization,
    reshaping,
    embedding,
    merge,
    pooling,
    preprocessing,
    recurrent,
    resampling,
    wrappers,
)
# isort: on

# Functional helpers: keras.layers.concatenate([a, b], axis=...) → Concatenate(axis=...)([a, b])
FUNCTIONAL_MERGES = {
    "concatenate": "Concatenate", "add": "Add", "subtract": "Subtract", "multiply": "Multiply",
    "average": "Average", "maximum": "Maximum", "minimum": "Minimum", "dot": "Dot",
}

# Keyword arguments every Keras 3 layer takes (keras.layers.Layer.__init__).
BASE_KWARGS = frozenset({"activity_regularizer", "trainable", "dtype", "autocast", "name", "input_dim", "input_shape"})

# Keras' own second names for layer classes (the same class object in keras.layers).
ALIASES = {
    "AvgPool1D": "AveragePooling1D", "AvgPool2D": "AveragePooling2D", "AvgPool3D": "AveragePooling3D",
    "MaxPool1D": "MaxPooling1D", "MaxPool2D": "MaxPooling2D", "MaxPool3D": "MaxPooling3D",
    "GlobalAvgPool1D": "GlobalAveragePooling1D", "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D", "GlobalMaxPool1D": "GlobalMaxPooling1D",
    "GlobalMaxPool2D": "GlobalMaxPooling2D", "GlobalMaxPool3D": "GlobalMaxPooling3D",
    "Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
    "Convolution1DTranspose": "Conv1DTranspose", "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose", "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D", "GroupQueryAttention": "GroupedQueryAttention",
}

# Public keras.layers classes without a rule, and why their output cannot be known statically.
NOT_STATIC = {
    "Layer": "the base class of user layers: a subclass is followed through its call method",
    "Wrapper": "an abstract base class (TimeDistributed and Bidirectional have their rules)",
    "FlaxLayer": "wraps a Flax module: what it computes is JAX code the engine does not read",
    "JaxLayer": "wraps a JAX function: what it computes is JAX code the engine does not read",
    "TorchModuleWrapper": "wraps a PyTorch module: what it computes is PyTorch code the engine does not read",
    "TFSMLayer": "loads a TensorFlow SavedModel from disk when the program runs",
}


def rule_for(name: str):
    """The rule of a keras.layers class name or alias, or None."""
    return RULES.get(ALIASES.get(name, name))
