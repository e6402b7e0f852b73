"""The dataset utilities of ``keras.utils``: ``image_dataset_from_directory``,
``text_dataset_from_directory``, ``timeseries_dataset_from_array`` and ``pad_sequences``."""

from __future__ import annotations

from ...values import UNKNOWN, ArrayV, ListV, Loc, Sym, is_int
from .. import arrays
from ..registry import function
from ..tfdata import DatasetV, batched_leaf, dataset, map_leaves, tensor_of
from .common import _arg, _data_format, _key

_UTILS = ("keras.utils.", "keras.preprocessing.")


def _utils(name):
    return tuple(p + name for p in _UTILS)


_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}


def _image_shape(size, color_mode, data_format):
    """(h, w, c) or (c, h, w) of an image, or None when not known (data_format as resolved by
    :func:`_data_format`)."""
    if is_int(size):
        size = (size, size)
    if isinstance(size, ListV):
        size = size.items
    if not (isinstance(size, tuple) and len(size) == 2 and all(is_int(d) for d in size)):
        return None
    c = _CHANNELS.get(color_mode) if isinstance(color_mode, str) else None
    if c is None:
        return None
    if data_format == "channels_first":
        return (c,) + tuple(size)
    if data_format == "channels_last":
        return tuple(size) + (c,)
    return None


def _class_count(class_names):
    """How many classes: the number of names given, else one per folder found when the program
    runs (a size fixed then, not one that varies)."""
    if isinstance(class_names, (ListV, tuple)):
        items = class_names.items if isinstance(class_names, ListV) else class_names
        if items:
            return len(items)
    return arrays.fresh("num_classes")


def _labels(label_mode, class_names, binary_shape):
    """The label leaf of one sample of image/text_dataset_from_directory, or None for no labels."""
    if label_mode == "int":
        return ArrayV((), "int")
    if label_mode == "categorical":
        return ArrayV((_class_count(class_names),), "float", one_hot=True)
    if label_mode == "binary":
        return ArrayV(binary_shape, "float")
    return UNKNOWN


def _from_directory(x, args, kwargs, batch_pos, class_pos):
    labels = _arg(args, kwargs, 1, "labels", "inferred")
    label_mode = _arg(args, kwargs, 2, "label_mode", "int")
    class_names = _arg(args, kwargs, class_pos, "class_names", None)
    batch_size = _arg(args, kwargs, batch_pos, "batch_size", 32)
    subset = kwargs.get("subset")
    if labels is None or label_mode is None:
        element = x
    elif labels is UNKNOWN or not isinstance(label_mode, str):
        element = UNKNOWN
    else:
        element = (x, _labels(label_mode, class_names, (1,)))
    if batch_size is None:
        ds = dataset(element, batched=False)
    elif is_int(batch_size):
        ds = dataset(_batched(element), batched=True)
    else:
        ds = dataset(UNKNOWN)
    if subset == "both":
        return ListV((ds, ds))  # [training, validation]
    if subset is not None and not isinstance(subset, str):
        return UNKNOWN
    return ds


def _batched(element):
    return map_leaves(element, batched_leaf(None))


@function(*_utils("image_dataset_from_directory"), ctx=True)
def image_dataset_from_directory(args, kwargs, ctx):
    # keras/src/utils/image_dataset_utils.py: images (batch, h, w, channels) float32, channels from
    # color_mode (rgb 3, rgba 4, grayscale 1), image_size default (256, 256) (an int: square);
    # labels int32 (batch,), categorical float32 (batch, num_classes), binary float32 (batch, 1);
    # batch_size None: single samples; subset="both": [training, validation]
    size = _arg(args, kwargs, 6, "image_size", (256, 256))
    color = _arg(args, kwargs, 4, "color_mode", "rgb")
    shape = _image_shape(size, color, _data_format(ctx, kwargs.get("data_format")))
    x = ArrayV(shape, "float")
    made = _from_directory(x, args, kwargs, 5, 3)
    resized = _resized(ctx, "image_dataset_from_directory", "image_size", 6, size)
    for ds in (made.items if isinstance(made, ListV) else (made,)):
        if isinstance(ds, DatasetV) and resized is not None:
            ds.attrs = ds.attrs + (("resized", resized),)
    return made


def _resized(ctx, fn, param, pos, size):
    """(function, parameter, (height, width), Loc of the argument or None when not given) for the
    messages and fixes of a model whose input size differs (engine/keras/data_checks.py)."""
    if is_int(size):
        size = (size, size)
    if isinstance(size, ListV):
        size = size.items
    if not (isinstance(size, tuple) and len(size) == 2 and all(is_int(d) for d in size)):
        return None
    i = getattr(ctx, "i", None)
    if i is None:
        return None
    node = ctx.arg_node(_key(ctx, pos, param))
    if node is not None:
        loc = i.vloc(node)
        return (fn, param, tuple(size), loc, True) if loc is not None else None
    # not given: where ", target_size=..." goes, after the last argument's value (none with
    # *args or **kwargs, which might hold it)
    call_args = getattr(ctx.node, "args", None) or ()
    if any(a.star for a in call_args):
        return (fn, param, tuple(size), None, False)
    last = i.vloc(call_args[-1].value) if call_args else None
    if last is None:
        return (fn, param, tuple(size), None, False)
    return (fn, param, tuple(size), Loc(last.chunk, last.end_line, last.end_col, last.end_line, last.end_col), False)


@function(*_utils("text_dataset_from_directory"))
def text_dataset_from_directory(args, kwargs):
    # keras/src/utils/text_dataset_utils.py: strings (batch,), labels as image_dataset_from_directory
    return _from_directory(ArrayV((), None), args, kwargs, 4, 3)


@function(*_utils("timeseries_dataset_from_array"))
def timeseries_dataset_from_array(args, kwargs):
    # keras/src/utils/timeseries_dataset_utils.py: windows of data, TensorFlow's static spec
    # (batch, None, features...) -- the steps are None in the spec even with a literal
    # sequence_length (checked in TF 2.21) -- and targets (batch,) + targets.shape[1:]
    data = tensor_of(_arg(args, kwargs, 0, "data", UNKNOWN))
    targets = _arg(args, kwargs, 1, "targets", UNKNOWN)
    batch_size = _arg(args, kwargs, 5, "batch_size", 128)
    x = ArrayV((None,) + tuple(data.shape[1:]), data.dtype) if isinstance(data, ArrayV) and data.shape else UNKNOWN
    if targets is None:
        element = x
    else:
        t = tensor_of(targets)
        if isinstance(t, ArrayV) and t.shape:
            element = (x, ArrayV(tuple(t.shape[1:]), t.dtype, t.one_hot))
        elif targets is UNKNOWN or not isinstance(t, ArrayV):
            element = UNKNOWN  # (targets may be None: even the structure is not known)
        else:
            element = (x, UNKNOWN)
    if batch_size is None:
        return dataset(element, batched=False)
    if not is_int(batch_size):
        return dataset(UNKNOWN)
    return dataset(_batched(element), batched=True)


@function(*_utils("pad_sequences"), "keras.preprocessing.sequence.pad_sequences",
          "keras.utils.sequence_utils.pad_sequences")
def pad_sequences(args, kwargs):
    # keras/src/utils/sequence_utils.py: (num_samples, maxlen) + the samples' own trailing shape;
    # maxlen None: the longest sequence; dtype int32 by default
    seqs = _arg(args, kwargs, 0, "sequences", UNKNOWN)
    maxlen = _arg(args, kwargs, 1, "maxlen", None)
    dtype = arrays.dtype_of(_arg(args, kwargs, 2, "dtype", "int32"))
    padding = _arg(args, kwargs, 3, "padding", "pre")
    truncating = _arg(args, kwargs, 4, "truncating", "pre")
    if padding not in ("pre", "post") or truncating not in ("pre", "post"):
        return UNKNOWN
    n, longest, sample = _sequence_rows(seqs)
    if sample is None:
        return UNKNOWN
    # the longest sequence's length, or a maxlen not known, is one length for every row, fixed
    # when the program runs (a size, not one that varies: a Flatten after it has a size)
    if maxlen is not None:
        if isinstance(maxlen, Sym):
            length = maxlen.expr  # an int known by its name (X.shape[1]): the same name in Input(shape=...)
        else:
            length = maxlen if is_int(maxlen) else arrays.fresh("maxlen")
    else:
        length = longest if is_int(longest) or isinstance(longest, str) else arrays.fresh("maxlen")
    return ArrayV((n, length) + sample, dtype)


def _sequence_rows(seqs):
    """(number of sequences, longest length, trailing shape of a step) — or (.., .., None)."""
    if isinstance(seqs, ArrayV):
        if getattr(seqs, "sequences", False):
            return (seqs.shape[0] if seqs.shape else getattr(seqs, "rows", None)), None, ()
        if seqs.shape is not None and len(seqs.shape) >= 2:
            return seqs.shape[0], seqs.shape[1], tuple(seqs.shape[2:])
        return None, None, None
    if isinstance(seqs, (ListV, tuple)):
        items = seqs.items if isinstance(seqs, ListV) else seqs
        if not items:
            return None, None, None
        lengths, samples = [], set()
        for s in items:
            shp = arrays.nested_shape(s) if isinstance(s, (ListV, tuple, ArrayV)) else None
            if shp is None or not shp[0]:
                return None, None, None
            lengths.append(shp[0][0])
            samples.add(tuple(shp[0][1:]))
        if len(samples) != 1:
            return None, None, None
        longest = max(lengths) if all(is_int(d) for d in lengths) else None
        return len(items), longest, samples.pop()
    return None, None, None
