"""Keras 1 and 2 spellings that Keras 3 removed or renamed, as users still write them, with the
Keras 3 spelling of the same thing.  Data and pure translation only (no engine values): the
engine reports what Keras 3 raises, offers the Keras 3 spelling as a quick fix, and follows the
shapes as if that spelling had been written.

Checked in Keras 3.15.1 (``tests/engine/test_legacy.py`` runs every entry in Keras):

* a renamed keyword argument of a layer raises ``ValueError: Unrecognized keyword arguments
  passed to Dense: {'init': 'uniform'}`` (``output_dim=``/``nb_filter=``/``p=`` instead of a
  required argument: ``TypeError: ... missing 1 required positional argument``);
* a removed layer class (``CuDNNLSTM``, ``Merge``, ...) raises ``AttributeError: module
  'keras.layers' has no attribute 'CuDNNLSTM'`` (``ImportError`` when imported by name);
* a removed model method (``fit_generator``, ``predict_classes``, ...) raises
  ``AttributeError: 'Sequential' object has no attribute 'fit_generator'``;
* ``fit(nb_epoch=...)`` raises ``TypeError: ... fit() got an unexpected keyword argument
  'nb_epoch'``; ``keras.optimizers.Adam(lr=...)`` raises ``ValueError: Argument(s) not
  recognized: {'lr': 0.01}``.
"""

from __future__ import annotations

from typing import Optional

# A layer keyword of Keras 1/2 -> its Keras 3 name (used when the layer's Keras 3 signature has
# the new name and not the old one: Embedding keeps its own output_dim).
RENAMED_KWARGS = {
    "init": "kernel_initializer",
    "inner_init": "recurrent_initializer",
    "W_regularizer": "kernel_regularizer",
    "U_regularizer": "recurrent_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "U_constraint": "recurrent_constraint",
    "b_constraint": "bias_constraint",
    "bias": "use_bias",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "dim_ordering": "data_format",
    "nb_filter": "filters",
    "filter_length": "kernel_size",
    "pool_length": "pool_size",
    "stride": "strides",
    "output_dim": "units",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "inner_activation": "recurrent_activation",
    "atrous_rate": "dilation_rate",
    "p": "rate",
}

# Values a renamed keyword takes differently in Keras 3 (None: the keyword is dropped, it was the
# default).  A value not listed under a keyword that has a map is not translated.
VALUE_MAPS = {
    "dim_ordering": {"tf": "channels_last", "th": "channels_first", "default": None},
    "border_mode": {"valid": "valid", "same": "same", "causal": "causal"},
}

# Keywords Keras 1 took that changed nothing about the shapes and have no Keras 3 counterpart.
DROPPED_KWARGS = {"consume_less"}

# Removed layer classes -> the Keras 3 class that does the same (None: none does).
REMOVED_LAYERS = {
    "CuDNNLSTM": "LSTM",
    "CuDNNGRU": "GRU",
    "AtrousConvolution1D": "Conv1D",
    "AtrousConvolution2D": "Conv2D",
    "Merge": None,
    "Highway": None,
    "MaxoutDense": None,
    "TimeDistributedDense": None,
    "LocallyConnected1D": None,
    "LocallyConnected2D": None,
    "ThresholdedReLU": None,
}

# keras.layers.merge([a, b], mode=...) -> the Keras 3 function for that mode.
MERGE_MODES = {"concat": "concatenate", "sum": "add", "mul": "multiply", "ave": "average", "max": "maximum",
               "dot": "dot"}

# Removed model methods -> the Keras 3 method (predict_classes: special, see below).
REMOVED_METHODS = {
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
    "predict_proba": "predict",
    "predict_classes": None,
}

# What the Keras 3 methods take (checked against inspect.signature in the tests).
METHOD_PARAMS = {
    "fit": ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split", "validation_data",
            "shuffle", "class_weight", "sample_weight", "initial_epoch", "steps_per_epoch", "validation_steps",
            "validation_batch_size", "validation_freq"),
    "evaluate": ("x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks", "return_dict"),
    "predict": ("x", "batch_size", "verbose", "steps", "callbacks"),
}

# Keras 2 keywords of fit/evaluate/predict (and the *_generator methods) -> the Keras 3 keyword,
# or None when Keras 3 has none (the argument is dropped by the fix).
RENAMED_FIT_KWARGS = {
    "nb_epoch": "epochs",
    "generator": "x",
    "workers": None,
    "use_multiprocessing": None,
    "max_queue_size": None,
    "pickle_safe": None,
    "max_q_size": None,
}

# Optimizer keywords of Keras 2 -> Keras 3.
RENAMED_OPTIMIZER_KWARGS = {"lr": "learning_rate"}
OPTIMIZERS = ("Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "Lamb", "Lion", "Nadam",
              "RMSprop", "SGD")


def translate_kwarg(name: str, value, accepts) -> Optional[tuple]:
    """The Keras 3 ``(keyword, value)`` of a Keras 1/2 layer keyword, ``()`` when the keyword is
    simply dropped, or None when there is no certain translation.  ``accepts(keyword)`` tells
    whether the layer's Keras 3 signature takes a keyword."""
    if name in DROPPED_KWARGS:
        return ()
    new = RENAMED_KWARGS.get(name)
    if new is None or not accepts(new) or accepts(name):
        return None
    vmap = VALUE_MAPS.get(name)
    if vmap is not None:
        if not isinstance(value, str) or value not in vmap:
            return None
        mapped = vmap[value]
        return () if mapped is None else (new, mapped)
    return (new, value)


def kernel_from_positionals(rule_name: str, args: list) -> Optional[tuple]:
    """Keras 1's ``Convolution2D(nb_filter, nb_row, nb_col)`` / ``Convolution3D(n, k1, k2, k3)``:
    the kernel size the positional ints after the filter count meant, or None."""
    need = {"Conv2D": 2, "Conv3D": 3, "SeparableConv2D": 2, "Conv2DTranspose": 2}.get(rule_name)
    if need is None or len(args) != 1 + need:
        return None
    dims = args[1:]
    if all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in dims):
        return tuple(dims)
    return None


# Modules of Keras 1/2 that Keras 3 removed, as code imports from them (``from keras.layers.core
# import Dense``) -> the Keras 3 module that holds the same names (None: no module does).  Keras 3
# raises ``ModuleNotFoundError: No module named '<MISSING_MODULE.get(m, m)>'``.
REMOVED_MODULES = {
    "keras.layers.core": "keras.layers",
    "keras.layers.convolutional": "keras.layers",
    "keras.layers.recurrent": "keras.layers",
    "keras.layers.embeddings": "keras.layers",
    "keras.layers.pooling": "keras.layers",
    "keras.layers.normalization": "keras.layers",
    "keras.layers.advanced_activations": "keras.layers",
    "keras.layers.merge": "keras.layers",
    "keras.layers.wrappers": "keras.layers",
    "keras.utils.np_utils": "keras.utils",
    "keras.utils.vis_utils": "keras.utils",
    "keras.wrappers.scikit_learn": None,
    "keras.engine": None,
    "keras.engine.topology": None,
    "keras.preprocessing.text": None,
}
MISSING_MODULE = {"keras.engine.topology": "keras.engine"}
MODULE_HINT = {
    "keras.wrappers.scikit_learn": " Keras 3 has keras.wrappers.SKLearnClassifier and SKLearnRegressor (or use the "
                                   "scikeras package).",
    "keras.engine": " Import Layer from keras.layers and Model from keras.",
    "keras.engine.topology": " Import Layer from keras.layers and Model from keras.",
    "keras.preprocessing.text": " Keras 3 has no Tokenizer: use keras.layers.TextVectorization.",
}
# Modules imported by name from their package (``from keras.utils import np_utils``): Keras 3
# raises ``ImportError: cannot import name 'np_utils' from 'keras.utils'``; the package itself
# holds what they held.
REMOVED_SUBMODULES = {("keras.utils", "np_utils"): "keras.utils", ("keras.utils", "vis_utils"): "keras.utils"}
# What old code imports from keras.utils.np_utils / vis_utils that keras.utils has in Keras 3.
UTILS_NAMES = frozenset({"to_categorical", "normalize", "plot_model", "model_to_dot"})
# Names Keras 3.15 no longer exports from a module that still exists (``from
# keras.preprocessing.image import ImageDataGenerator`` raises ``ImportError: cannot import name
# 'ImageDataGenerator' from 'keras.preprocessing.image'``) -> the module that still gives the same
# class (TensorFlow's bundled keras namespace keeps Keras 3's legacy generators).
REMOVED_NAMES = {
    ("keras.preprocessing.image", "ImageDataGenerator"): "tensorflow.keras.preprocessing.image",
    ("keras.preprocessing.sequence", "TimeseriesGenerator"): "tensorflow.keras.preprocessing.sequence",
}
