"""The legacy generators ``tf.keras`` still has: ``ImageDataGenerator`` and its ``flow``/
``flow_from_directory``/``flow_from_dataframe`` iterators, ``TimeseriesGenerator``, and
``Tokenizer`` (tf.keras.preprocessing)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...values import UNKNOWN, ArrayV, LibValue, ListV, is_int
from .. import arrays
from ..registry import function, method
from ..tfdata import dataset, tensor_of
from .common import _arg, _data_format, _key
from .utilities import _class_count, _image_shape, _resized

# -- legacy generators (tf.keras.preprocessing) ----------------------------------------------------

_LEGACY = ("keras.preprocessing.image.", "keras.legacy.preprocessing.image.", "keras._legacy.preprocessing.image.")


@dataclass(eq=False)
class ImageGenV(LibValue):
    """An ``ImageDataGenerator``: augmentation does not change shapes; its iterators do."""

    data_format: object = "channels_last"  # as resolved when it was made, or UNKNOWN
    __hash__ = object.__hash__


@function(*(p + "ImageDataGenerator" for p in _LEGACY), ctx=True)
def image_data_generator(args, kwargs, ctx):
    return ImageGenV(_data_format(ctx, kwargs.get("data_format", args[19] if len(args) > 19 else None)))


def _code(ctx, pos, name, default):
    text = ctx.code(_key(ctx, pos, name)) if getattr(ctx, "i", None) is not None else None
    return text or default


def _fmt(shape):
    dims = ["None" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


@method("flow", on=ImageGenV, ctx=True)
def _flow(gen, args, kwargs, ctx):
    # keras/src/legacy/preprocessing/image.py NumpyArrayIterator: x must be rank 4 (ValueError
    # 'Input data in `NumpyArrayIterator` should have rank 4'), len(x) == len(y); batches of
    # float32 images, y as given, sample_weight third
    x = tensor_of(_arg(args, kwargs, 0, "x", UNKNOWN))
    y = _arg(args, kwargs, 1, "y", None)
    w = _arg(args, kwargs, 4, "sample_weight", None)
    if isinstance(x, ArrayV) and x.shape is not None and len(x.shape) != 4:
        code = _code(ctx, 0, "x", "x")
        hint = (f" Add the channel axis, e.g. {code}.reshape(-1, {x.shape[1]}, {x.shape[2]}, 1)."
                if len(x.shape) == 3 and is_int(x.shape[1]) and is_int(x.shape[2]) else "")
        ctx.error("SL201", f"ImageDataGenerator.flow() needs images of rank 4 (samples, height, width, channels), but "
                  f"{code} has shape {_fmt(x.shape)}; Keras raises 'Input data in `NumpyArrayIterator` should have "
                  f"rank 4'.{hint}", arg=_key(ctx, 0, "x"))
        return UNKNOWN
    ty = tensor_of(y) if y is not None else None
    if (isinstance(x, ArrayV) and isinstance(ty, ArrayV) and x.shape and ty.shape and is_int(x.shape[0])
            and is_int(ty.shape[0]) and x.shape[0] != ty.shape[0]):
        ctx.error("SL202", f"x has {x.shape[0]:,} images {_fmt(x.shape)} but y has {ty.shape[0]:,} labels "
                  f"{_fmt(ty.shape)}; ImageDataGenerator.flow() raises '`x` (images tensor) and `y` (labels) should "
                  f"have the same length'.", arg=_key(ctx, 1, "y"))
        return UNKNOWN
    bx = ArrayV((None,) + tuple(x.shape[1:]), "float") if isinstance(x, ArrayV) and x.shape else UNKNOWN
    if y is None:
        return dataset(bx, batched=True, kind="keras")
    by = ArrayV((None,) + tuple(ty.shape[1:]), ty.dtype, ty.one_hot) if isinstance(ty, ArrayV) and ty.shape else UNKNOWN
    element = (bx, by)
    if w is not None:
        element = element + (ArrayV((None,), "float"),)
    return dataset(element, batched=True, kind="keras")


def _image_batch(gen, kwargs, args, size_pos, color_pos):
    size = _arg(args, kwargs, size_pos, "target_size", (256, 256))
    color = _arg(args, kwargs, color_pos, "color_mode", "rgb")
    if is_int(size):
        return None  # Keras takes target_size as a tuple; an int is not followed
    shape = _image_shape(size, color, gen.data_format)
    return shape


def _flow_element(shape, class_mode, n_classes, y_col=None):
    x = ArrayV((None,) + shape, "float") if shape is not None else UNKNOWN
    if class_mode is None:
        return x
    if class_mode == "categorical":
        return (x, ArrayV((None, n_classes), "float", one_hot=True))
    if class_mode in ("binary", "sparse"):
        return (x, ArrayV((None,), "float"))
    if class_mode == "input":
        return (x, x)
    if class_mode == "raw":
        if isinstance(y_col, str):
            return (x, ArrayV((None,), None))
        if isinstance(y_col, (ListV, tuple)):
            items = y_col.items if isinstance(y_col, ListV) else y_col
            return (x, ArrayV((None, len(items)), None))
        return UNKNOWN
    return UNKNOWN


def _attrs(shape, batch_size, n_classes, resized=None):
    out = [("resized", resized)] if resized is not None else []
    if shape is not None:
        out.append(("image_shape", shape))
    if is_int(batch_size):
        out.append(("batch_size", batch_size))
    if is_int(n_classes):
        out.append(("num_classes", n_classes))  # (else UNKNOWN, not the run-time size: it has no name in the code)
    return out


@method("flow_from_directory", on=ImageGenV, ctx=True)
def _flow_from_directory(gen, args, kwargs, ctx):
    # DirectoryIterator: target_size (256, 256), color_mode "rgb", class_mode "categorical"
    # (float32 one-hot (batch, classes)), "binary"/"sparse" float32 (batch,), "input" the images,
    # None images only; batch_size 32 (checked in Keras 3.15.1)
    shape = _image_batch(gen, kwargs, args, 1, 2)
    classes = _arg(args, kwargs, 3, "classes", None)
    class_mode = _arg(args, kwargs, 4, "class_mode", "categorical")
    batch_size = _arg(args, kwargs, 5, "batch_size", 32)
    n_classes = _class_count(classes)
    element = _flow_element(shape, class_mode, n_classes)
    resized = _resized(ctx, "flow_from_directory", "target_size", 1, _arg(args, kwargs, 1, "target_size", (256, 256)))
    return dataset(element, batched=True, kind="keras", attrs=_attrs(shape, batch_size, n_classes, resized))


@method("flow_from_dataframe", on=ImageGenV, ctx=True)
def _flow_from_dataframe(gen, args, kwargs, ctx):
    # DataFrameIterator: as flow_from_directory; class_mode "raw" gives y_col's values ((batch,) for
    # one column, (batch, len(y_col)) for a list); weight_col a third item
    shape = _image_batch(gen, kwargs, args, 5, 6)
    y_col = _arg(args, kwargs, 3, "y_col", "class")
    classes = _arg(args, kwargs, 7, "classes", None)
    class_mode = _arg(args, kwargs, 8, "class_mode", "categorical")
    batch_size = _arg(args, kwargs, 9, "batch_size", 32)
    weight_col = _arg(args, kwargs, 4, "weight_col", None)
    n_classes = _class_count(classes)
    element = _flow_element(shape, class_mode, n_classes, y_col)
    if weight_col is not None and isinstance(element, tuple):
        element = element + (ArrayV((None,), "float"),)
    resized = _resized(ctx, "flow_from_dataframe", "target_size", 5, _arg(args, kwargs, 5, "target_size", (256, 256)))
    return dataset(element, batched=True, kind="keras", attrs=_attrs(shape, batch_size, n_classes, resized))


@method("fit", on=ImageGenV, ctx=True)
def _gen_fit(gen, args, kwargs, ctx):
    # ImageDataGenerator.fit(x): 'Input to `.fit()` should have rank 4'
    x = tensor_of(_arg(args, kwargs, 0, "x", UNKNOWN))
    if isinstance(x, ArrayV) and x.shape is not None and len(x.shape) != 4:
        ctx.error("SL201", f"ImageDataGenerator.fit() needs images of rank 4 (samples, height, width, channels), but "
                  f"{_code(ctx, 0, 'x', 'x')} has shape {_fmt(x.shape)}; Keras raises 'Input to `.fit()` should have "
                  f"rank 4'.", arg=_key(ctx, 0, "x"))


@method("standardize", "random_transform", "apply_transform", on=ImageGenV)
def _same_image(gen, args, kwargs):
    x = _arg(args, kwargs, 0, "x", UNKNOWN)
    return ArrayV(x.shape, "float") if isinstance(x, ArrayV) else UNKNOWN


@function("keras.preprocessing.sequence.TimeseriesGenerator", "keras.legacy.preprocessing.sequence.TimeseriesGenerator",
          "keras._legacy.preprocessing.sequence.TimeseriesGenerator", ctx=True)
def timeseries_generator(args, kwargs, ctx):
    # keras/src/legacy/preprocessing/sequence.py: samples data[row - length:row:sampling_rate]
    # (ceil(length / sampling_rate) steps), targets[row]; batch_size 128; len(data) must equal
    # len(targets) (ValueError otherwise)
    data = tensor_of(_arg(args, kwargs, 0, "data", UNKNOWN))
    targets = tensor_of(_arg(args, kwargs, 1, "targets", UNKNOWN))
    length = _arg(args, kwargs, 2, "length", UNKNOWN)
    rate = _arg(args, kwargs, 3, "sampling_rate", 1)
    if (isinstance(data, ArrayV) and isinstance(targets, ArrayV) and data.shape and targets.shape
            and is_int(data.shape[0]) and is_int(targets.shape[0]) and data.shape[0] != targets.shape[0]):
        ctx.error("SL202", f"TimeseriesGenerator gets {data.shape[0]:,} steps of data {_fmt(data.shape)} but "
                  f"{targets.shape[0]:,} targets {_fmt(targets.shape)}; Keras raises 'Data and targets have to be of "
                  f"same length'.", arg=_key(ctx, 1, "targets"))
        return UNKNOWN
    steps = (math.ceil(length / rate) if is_int(length) and is_int(rate) and length > 0 and rate > 0
             else arrays.fresh("steps"))  # (the batches are real arrays: a size, not one that varies)
    x = ArrayV((None, steps) + tuple(data.shape[1:]), data.dtype) if isinstance(data, ArrayV) and data.shape else UNKNOWN
    y = (ArrayV((None,) + tuple(targets.shape[1:]), targets.dtype, targets.one_hot)
         if isinstance(targets, ArrayV) and targets.shape else UNKNOWN)
    return dataset((x, y), batched=True, kind="keras")


# -- Tokenizer (tf.keras.preprocessing.text) -----------------------------------------------------


@dataclass(eq=False)
class TokenizerV(LibValue):
    num_words: object = None
    __hash__ = object.__hash__


@method("fit_on_texts", "fit_on_sequences", on=TokenizerV)
def _fit_on(tok, args, kwargs):
    return None


def _rows(texts):
    if isinstance(texts, ListV):
        return len(texts.items)
    if isinstance(texts, ArrayV) and texts.shape:
        return texts.shape[0]
    return None


@method("texts_to_sequences", on=TokenizerV)
def _texts_to_sequences(tok, args, kwargs):
    # a list of lists of word indices of different lengths: pad_sequences makes (n, maxlen) of it
    a = ArrayV(None, "int")
    a.sequences = True
    a.rows = _rows(_arg(args, kwargs, 0, "texts", UNKNOWN))
    return a


@method("texts_to_matrix", "sequences_to_matrix", on=TokenizerV)
def _to_matrix(tok, args, kwargs):
    # (len(texts), num_words) when num_words is set, else the vocabulary's size + 1
    n = _rows(args[0] if args else kwargs.get("texts", kwargs.get("sequences", UNKNOWN)))
    return ArrayV((n, tok.num_words if is_int(tok.num_words) else arrays.fresh("vocabulary")), "float")


@function("keras.preprocessing.text.Tokenizer", "keras.legacy.preprocessing.text.Tokenizer",
          "keras._legacy.preprocessing.text.Tokenizer")
def tokenizer(args, kwargs):
    return TokenizerV(_arg(args, kwargs, 0, "num_words", None))
