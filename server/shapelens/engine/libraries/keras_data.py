"""Keras' own data: ``keras.datasets.*.load_data()``, the dataset utilities of ``keras.utils``
(``image_dataset_from_directory``, ``text_dataset_from_directory``,
``timeseries_dataset_from_array``, ``pad_sequences``) and the legacy generators that
``tf.keras`` still has (``ImageDataGenerator`` and its ``flow``/``flow_from_directory``/
``flow_from_dataframe`` iterators, ``TimeseriesGenerator``, ``Tokenizer``).

What each returns is checked in Keras 3.15.1 / TensorFlow 2.21 (tests/engine/test_lib_keras_data.py
runs them on small data); the datasets' shapes and dtypes, which cannot be downloaded here, are the
ones Keras' source asserts and documents (keras/src/datasets/*.py, cited per entry).

Datasets made by the utilities are ``tf.data`` datasets (tfdata.DatasetV); the legacy iterators are
the same kind of value with ``kind="keras"`` (a ``PyDataset``): their element is one batch.

Note on Keras 3: ``ImageDataGenerator``, ``TimeseriesGenerator`` and ``Tokenizer`` exist only under
``tf.keras`` (``keras._tf_keras.keras.preprocessing``); ``keras.preprocessing.image`` and
``keras.preprocessing.sequence`` of Keras 3 itself no longer have them (AttributeError /
ImportError).  The engine maps both spellings to one name; their shapes are the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..records import MISSING
from ..values import UNKNOWN, ArrayV, LibValue, ListV, Loc, Sym, is_int
from . import arrays
from .registry import function, method
from .tfdata import DatasetV, batched_leaf, dataset, map_leaves, tensor_of

# -- keras.datasets --------------------------------------------------------------------------------


def _split(total: int, test_split) -> tuple:
    """(train, test) sample counts as reuters/boston_housing/california_housing compute them:
    ``int(len(x) * (1 - test_split))`` training samples."""
    if isinstance(test_split, bool) or not isinstance(test_split, (int, float)) or not 0 <= test_split < 1:
        return None, None
    n = int(total * (1 - test_split))
    return n, total - n


def _pair(x, y):
    return (x, y)


def _data_format(ctx, given=None):
    """``data_format`` as Keras resolves it: the one given, else keras.config's image_data_format
    (set in the file with keras.config.set_image_data_format; "channels_last" by default).
    UNKNOWN when not known."""
    if given is not None:
        return given if given in ("channels_last", "channels_first") else UNKNOWN
    i = getattr(ctx, "i", None)
    if i is None:
        return "channels_last"
    fmt = i.g.lookup("\0data_format")
    if fmt is MISSING:
        return "channels_last"
    return fmt if fmt in ("channels_last", "channels_first") else UNKNOWN


def _labels_of(n, tail, classes):
    """Integer labels 0 .. classes-1; every class occurs in both splits (``label_classes``, read by
    to_categorical without num_classes: the largest label + 1)."""
    y = ArrayV((n,) + tail, "int")
    if classes is not None:
        y.label_classes = classes
    return y


def _images(n_train, n_test, image, labels_1, classes):
    """uint8 images and uint8 labels (shape (n,) or (n, 1))."""
    tail = (1,) if labels_1 else ()
    return (_pair(ArrayV((n_train,) + image, "int"), _labels_of(n_train, tail, classes)),
            _pair(ArrayV((n_test,) + image, "int"), _labels_of(n_test, tail, classes)))


@function("keras.datasets.mnist.load_data")
def _mnist(args, kwargs):
    # keras/src/datasets/mnist.py: assert x_train.shape == (60000, 28, 28), y_train.shape == (60000,)
    # (uint8), x_test.shape == (10000, 28, 28), y_test.shape == (10000,)
    return _images(60000, 10000, (28, 28), False, 10)


@function("keras.datasets.fashion_mnist.load_data")
def _fashion_mnist(args, kwargs):
    # keras/src/datasets/fashion_mnist.py: the same shapes and dtypes as mnist
    return _images(60000, 10000, (28, 28), False, 10)


def _cifar(args, kwargs, ctx, classes):
    # keras/src/datasets/cifar10.py and cifar100.py: x (50000, 32, 32, 3) / (10000, 32, 32, 3) uint8
    # when image_data_format is channels_last (transposed from (n, 3, 32, 32) otherwise), y
    # (50000, 1) / (10000, 1) uint8 (cifar100: "fine" labels 0-99 or "coarse" 0-19, the same shape)
    fmt = _data_format(ctx)
    if fmt is UNKNOWN:
        return UNKNOWN
    return _images(50000, 10000, (32, 32, 3) if fmt == "channels_last" else (3, 32, 32), True, classes)


@function("keras.datasets.cifar10.load_data", ctx=True)
def _cifar10(args, kwargs, ctx):
    return _cifar(args, kwargs, ctx, 10)


@function("keras.datasets.cifar100.load_data", ctx=True)
def _cifar100(args, kwargs, ctx):
    mode = args[0] if args else kwargs.get("label_mode", "fine")
    if mode not in ("fine", "coarse"):
        return UNKNOWN  # Keras raises; not followed
    return _cifar(args, kwargs, ctx, 100 if mode == "fine" else 20)


def _sequences(n):
    """Word-index sequences of different lengths: an object array of lists (imdb, reuters)."""
    a = ArrayV((n,), "object")
    a.ragged = True  # rows are 1-D lists of unknown, different lengths (see tfdata.fit_data)
    a.sequences = True  # pad_sequences makes (n, maxlen) of it
    return a


@function("keras.datasets.imdb.load_data")
def _imdb(args, kwargs):
    # keras/src/datasets/imdb.py: 25,000 reviews for training and 25,000 for testing
    # (idx = len(x_train)); x an object array of lists (np.array(xs, dtype="object")), y int64
    # labels; maxlen= drops the longer reviews, so the counts are no longer known
    maxlen = args[3] if len(args) > 3 else kwargs.get("maxlen")
    n = 25000 if maxlen is None else None
    if maxlen is not None and not is_int(maxlen):
        n = None
    return (_pair(_sequences(n), _labels_of(n, (), 2)), _pair(_sequences(n), _labels_of(n, (), 2)))


@function("keras.datasets.reuters.load_data")
def _reuters(args, kwargs):
    # keras/src/datasets/reuters.py: 11,228 newswires over 46 topics; idx = int(len(xs) * (1 -
    # test_split)) with test_split=0.2: 8,982 and 2,246; x object arrays of lists, y int64 labels
    maxlen = args[3] if len(args) > 3 else kwargs.get("maxlen")
    test_split = args[4] if len(args) > 4 else kwargs.get("test_split", 0.2)
    n_train, n_test = _split(11228, test_split) if maxlen is None else (None, None)
    return (_pair(_sequences(n_train), ArrayV((n_train,), "int")),
            _pair(_sequences(n_test), ArrayV((n_test,), "int")))


@function("keras.datasets.boston_housing.load_data")
def _boston(args, kwargs):
    # keras/src/datasets/boston_housing.py: 506 samples of 13 attributes, split by
    # int(len(x) * (1 - test_split)): 404 and 102 with the default 0.2; float64 x (n, 13), y (n,)
    test_split = args[1] if len(args) > 1 else kwargs.get("test_split", 0.2)
    n_train, n_test = _split(506, test_split)
    return (_pair(ArrayV((n_train, 13), "float"), ArrayV((n_train,), "float")),
            _pair(ArrayV((n_test, 13), "float"), ArrayV((n_test,), "float")))


@function("keras.datasets.california_housing.load_data")
def _california(args, kwargs):
    # keras/src/datasets/california_housing.py: version="large" has 20,640 samples, "small" the
    # first 600; 8 features; split by int(len(x) * (1 - test_split)); x (n, 8), y (n,) float
    version = args[0] if args else kwargs.get("version", "large")
    test_split = args[2] if len(args) > 2 else kwargs.get("test_split", 0.2)
    total = {"large": 20640, "small": 600}.get(version) if isinstance(version, str) else None
    if total is None:
        return UNKNOWN  # Keras raises on another version; an unknown one is not followed
    n_train, n_test = _split(total, test_split)
    return (_pair(ArrayV((n_train, 8), "float"), ArrayV((n_train,), "float")),
            _pair(ArrayV((n_test, 8), "float"), ArrayV((n_test,), "float")))


# -- keras.utils dataset utilities --------------------------------------------------------------

_UTILS = ("keras.utils.", "keras.preprocessing.")


def _utils(name):
    return tuple(p + name for p in _UTILS)


def _arg(args, kwargs, pos, name, default=None):
    if len(args) > pos:
        return args[pos]
    return kwargs.get(name, default)


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


def _key(ctx, pos, name):
    """How the call gave argument ``pos``/``name`` (its key in the call's argument nodes)."""
    nodes = getattr(ctx, "arg_nodes", None) or {}
    return name if name in nodes else pos


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
