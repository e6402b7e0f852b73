"""``keras.datasets.*.load_data()``: the shapes and dtypes of MNIST, Fashion-MNIST, CIFAR-10/100,
IMDB, Reuters, Boston housing and California housing, as Keras' source asserts and documents
(keras/src/datasets/*.py, cited per entry)."""

from __future__ import annotations

from ...values import UNKNOWN, ArrayV, is_int
from ..registry import function
from .common import _data_format


def _split(total: int, test_split) -> tuple:
    """(train, test) sample counts as reuters/boston_housing/california_housing compute them:
    ``int(len(x) * (1 - test_split))`` training samples."""
    if isinstance(test_split, bool) or not isinstance(test_split, (int, float)) or not 0 <= test_split < 1:
        return None, None
    n = int(total * (1 - test_split))
    return n, total - n


def _pair(x, y):
    return (x, y)


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
