"""Up-sampling, zero padding and cropping."""

from __future__ import annotations

from .base import UNKNOWN_DIM, LayerError, Rule, Unsure, fmt, known, register
from .spatial import (
    UNK,
    add_dim,
    check_data_format,
    data_format,
    ints,
    literal,
    spatial_axes,
    std_tuple,
)

_I = "import keras\nfrom keras import layers\n"

_ORD = ("1st", "2nd", "3rd")
_AXES = {1: "steps", 2: "rows, cols", 3: "dim1, dim2, dim3"}


def _expects(rank: int) -> str:
    return f"(batch, {_AXES[rank]}, channels)"


def _checks(*fns) -> None:
    for fn in fns:
        try:
            fn()
        except Unsure:
            pass


# -- up-sampling -------------------------------------------------------------------------------

INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")  # TensorFlow's resize


def _scaled(d, f):
    """``f * d`` as Keras computes it (None stays None)."""
    if d is None:
        return None
    if not known(d) or f is UNK:
        return UNKNOWN_DIM
    return f * d


class _UpSampling(Rule):
    rank = 2

    def validate(self, cfg):
        _checks(lambda: check_data_format(cfg, self.name), lambda: std_tuple(cfg["size"], self.rank, self.name, "size"))

    def output(self, cfg, shape, layer):
        fmt_ = data_format(cfg)
        size = std_tuple(cfg["size"], self.rank, self.name, "size", partial=True)
        axes = spatial_axes(shape, fmt_)
        if any(isinstance(f, float) for f in size):
            # a known axis: a float dimension ('Cannot convert ... to a shape'); a None axis: ops.repeat or
            # the resize fails when data flows
            raise LayerError("SL114", f"{self.name} size must hold ints, got {cfg['size']!r}; Keras raises on the "
                                      f"float (when built, or when data flows). Use ints, e.g. size=2.")
        size = ints(size, "size")
        out = list(shape)
        for f, a in zip(size, axes):
            out[a] = _scaled(shape[a], f)
        return tuple(out)


@register
class UpSampling1D(Rule):
    name = "UpSampling1D"
    ndim = 3
    expects = "(batch, steps, features)"

    def signature(size=2, **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 4))\ny = layers.UpSampling1D(3)(x)\n",
             _I + "x = keras.Input((None, 4))\ny = layers.UpSampling1D(size=2)(x)\n")
    INVALID = ((_I + "x = keras.Input((10,))\ny = layers.UpSampling1D()(x)\n", "SL101"),
               (_I + "x = keras.Input((10, 4))\ny = layers.UpSampling1D(0)(x)\n", "SL114"),
               (_I + "x = keras.Input((10, 4))\ny = layers.UpSampling1D((2,))(x)\n", "SL114"))

    def validate(self, cfg):
        n = cfg["size"]
        if not literal(n):
            return
        if not isinstance(n, int) or isinstance(n, bool):
            raise LayerError("SL114", f"UpSampling1D size must be an int, got {n!r}; Keras raises 'Expected an "
                                      f"integer value for size'. Use e.g. size=2.")
        if n <= 0:
            raise LayerError("SL114", f"UpSampling1D size must be a positive int, got {n!r}; Keras raises.")

    def output(self, cfg, shape, layer):
        n = cfg["size"]
        if literal(n) and not (isinstance(n, int) and not isinstance(n, bool)):
            raise Unsure("size")
        return (shape[0], _scaled(shape[1], n if literal(n) else UNK), shape[2])


@register
class UpSampling2D(_UpSampling):
    name = "UpSampling2D"
    rank = 2
    ndim = 4
    expects = _expects(2)
    lowercase = ("interpolation",)  # interpolation.lower() in __init__

    def signature(size=(2, 2), data_format=None, interpolation="nearest", **kwargs): ...

    VALID = (_I + "x = keras.Input((8, 8, 3))\ny = layers.UpSampling2D()(x)\n",
             _I + "x = keras.Input((3, 8, 8))\ny = layers.UpSampling2D((2, 3), 'channels_first', 'Bilinear')(x)\n")
    INVALID = ((_I + "x = keras.Input((8, 3))\ny = layers.UpSampling2D()(x)\n", "SL101"),
               (_I + "x = keras.Input((8, 8, 3))\ny = layers.UpSampling2D(size=(2, 0))(x)\n", "SL114"),
               (_I + "x = keras.Input((8, 8, 3))\ny = layers.UpSampling2D(interpolation=None)(x)\n", "SL114"))

    def validate(self, cfg):
        super().validate(cfg)
        v = cfg["interpolation"]
        if literal(v) and not isinstance(v, str):
            raise LayerError("SL114", f"UpSampling2D interpolation must be a string such as 'nearest' or "
                                      f"'bilinear', got {v!r}; Keras calls interpolation.lower() and raises.")

    def output(self, cfg, shape, layer):
        v = cfg["interpolation"]
        if isinstance(v, str) and v not in INTERPOLATIONS:
            raise LayerError("SL114", f"UpSampling2D interpolation={v!r} is not one of "
                                      f"{', '.join(repr(i) for i in INTERPOLATIONS)}; the model builds, then Keras "
                                      f"raises 'Invalid value for argument interpolation' as soon as data flows.")
        return super().output(cfg, shape, layer)  # an interpolation not known: the shape does not depend on it


@register
class UpSampling3D(_UpSampling):
    name = "UpSampling3D"
    rank = 3
    ndim = 5
    expects = _expects(3)

    def signature(size=(2, 2, 2), data_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((4, 8, 8, 3))\ny = layers.UpSampling3D()(x)\n",
             _I + "x = keras.Input((3, 4, 8, 8))\ny = layers.UpSampling3D((1, 2, 2), data_format='channels_first')(x)\n")
    INVALID = ((_I + "x = keras.Input((8, 8, 3))\ny = layers.UpSampling3D()(x)\n", "SL101"),
               (_I + "x = keras.Input((4, 8, 8, 3))\ny = layers.UpSampling3D((2, 2))(x)\n", "SL114"))


# -- zero padding and cropping -------------------------------------------------------------------


def _nested(v, rank: int, name: str, arg: str, int_check, partial=False):
    """ZeroPadding2D/3D and Cropping2D/3D: an int (``int_check`` runs on it) or ``rank`` entries,
    each an int or a pair of ints >= 0 (standardize_tuple, allow_zero).  With ``partial``,
    what is not known is UNK (Unsure otherwise)."""
    if isinstance(v, int):  # bools too
        int_check(v)
        return ((v, v),) * rank
    if isinstance(v, (tuple, str)):  # hasattr(v, '__len__')
        if len(v) != rank:
            raise LayerError("SL114", f"{name} {arg} should have {rank} elements (one per spatial axis), got {v!r}; "
                                      f"Keras raises. Use an int, {rank} ints, or {rank} pairs of ints.")
        entries = []
        unsure = False
        for i, e in enumerate(v):
            try:
                entries.append(std_tuple(e, 2, name, f"{_ORD[i]} entry of {arg}", allow_zero=True, label=f"{arg}[{i}]",
                                         partial=partial))
            except Unsure:
                unsure = True
        if unsure:
            raise Unsure(arg)
        return tuple(entries)
    if literal(v):
        raise LayerError("SL114", f"{name} {arg} should be an int, a tuple of {rank} ints or a tuple of {rank} "
                                  f"pairs of ints, got {v!r}; Keras raises.")
    if partial:
        return ((UNK, UNK),) * rank
    raise Unsure(arg)


def _no_check(v):
    return None


class _ZeroPadding(Rule):
    rank = 2

    def _padding(self, cfg, partial=False):
        if self.rank == 1:
            return (std_tuple(cfg["padding"], 2, self.name, "padding", allow_zero=True, partial=partial),)
        return _nested(cfg["padding"], self.rank, self.name, "padding", _no_check, partial)

    def validate(self, cfg):
        _checks(lambda: check_data_format(cfg, self.name), lambda: self._padding(cfg))

    def output(self, cfg, shape, layer):
        fmt_ = data_format(cfg)
        pads = self._padding(cfg, partial=True)
        axes = spatial_axes(shape, fmt_)
        flat = [p for pair in pads for p in pair]
        if any(known(p) and p < 0 for p in flat):
            # only the int form skips Keras' >= 0 check (ZeroPadding2D(-1)); ops.pad then fails
            raise LayerError("SL114", f"{self.name} padding={cfg['padding']!r} is negative; the model may build, but "
                                      f"Keras fails as soon as data flows (a negative padding). To make the input "
                                      f"smaller use Cropping{self.rank}D instead.")
        for (a, b), ax in zip(pads, axes):
            if (isinstance(a, float) or isinstance(b, float)) and known(shape[ax]):
                raise LayerError("SL114", f"{self.name} padding must hold ints, got {cfg['padding']!r}; the float "
                                          f"makes a float dimension and Keras raises 'Cannot convert ... to a shape'.")
        # a float on a None axis: Keras keeps None (and ops.pad takes it)
        pads = tuple(p if shape[ax] is None else ints(p, "padding") for p, ax in zip(pads, axes))
        out = list(shape)
        for (a, b), ax in zip(pads, axes):
            out[ax] = add_dim(shape[ax], UNK if UNK in (a, b) else a + b)
        return tuple(out)


@register
class ZeroPadding1D(_ZeroPadding):
    name = "ZeroPadding1D"
    rank = 1
    ndim = 3
    expects = "(batch, steps, features)"

    def signature(padding=1, data_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 4))\ny = layers.ZeroPadding1D((1, 2))(x)\n",
             _I + "x = keras.Input((4, 10))\ny = layers.ZeroPadding1D(2, data_format='channels_first')(x)\n")
    INVALID = ((_I + "x = keras.Input((10,))\ny = layers.ZeroPadding1D()(x)\n", "SL101"),
               (_I + "x = keras.Input((10, 4))\ny = layers.ZeroPadding1D(-1)(x)\n", "SL114"),
               (_I + "x = keras.Input((10, 4))\ny = layers.ZeroPadding1D((1, 2, 3))(x)\n", "SL114"))


@register
class ZeroPadding2D(_ZeroPadding):
    name = "ZeroPadding2D"
    rank = 2
    ndim = 4
    expects = _expects(2)

    def signature(padding=(1, 1), data_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((28, 28, 3))\ny = layers.ZeroPadding2D(((1, 2), (3, 4)))(x)\n",
             _I + "x = keras.Input((3, 28, 28))\ny = layers.ZeroPadding2D(2, 'channels_first')(x)\n")
    INVALID = ((_I + "x = keras.Input((28, 3))\ny = layers.ZeroPadding2D()(x)\n", "SL101"),
               (_I + "x = keras.Input((28, 28, 3))\ny = layers.ZeroPadding2D((1, 2, 3))(x)\n", "SL114"),
               (_I + "x = keras.Input((28, 28, 3))\ny = layers.ZeroPadding2D(((1, 2), (-1, 0)))(x)\n", "SL114"))


@register
class ZeroPadding3D(_ZeroPadding):
    name = "ZeroPadding3D"
    rank = 3
    ndim = 5
    expects = _expects(3)

    def signature(padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((8, 8, 8, 3))\ny = layers.ZeroPadding3D()(x)\n",
             _I + "x = keras.Input((3, 8, 8, 8))\ny = layers.ZeroPadding3D((1, 2, 0), data_format='channels_first')(x)\n")
    INVALID = ((_I + "x = keras.Input((8, 8, 3))\ny = layers.ZeroPadding3D()(x)\n", "SL101"),
               (_I + "x = keras.Input((8, 8, 8, 3))\ny = layers.ZeroPadding3D((1, 2))(x)\n", "SL114"))


class _Cropping(Rule):
    rank = 2

    def _cropping(self, cfg, partial=False):
        if self.rank == 1:
            return (std_tuple(cfg["cropping"], 2, self.name, "cropping", allow_zero=True, partial=partial),)

        def int_check(v):
            if v < 0:
                raise LayerError("SL114", f"{self.name} cropping cannot be negative, got {v!r}; Keras raises.")

        return _nested(cfg["cropping"], self.rank, self.name, "cropping", int_check, partial)

    def validate(self, cfg):
        _checks(lambda: check_data_format(cfg, self.name), lambda: self._cropping(cfg))

    def output(self, cfg, shape, layer):
        fmt_ = "channels_last" if self.rank == 1 else data_format(cfg)
        crops = self._cropping(cfg, partial=True)
        axes = spatial_axes(shape, fmt_)
        for (a, b), ax in zip(crops, axes):
            d = shape[ax]
            if known(d) and known(a) and known(b) and a + b >= d:
                raise LayerError(
                    "SL112",
                    f"{self.name} crops {a} + {b} = {a + b} from axis {ax} of its input {fmt(shape)}, which has only "
                    f"{d}; the result would have size {d - a - b}. Keras raises 'cropping must be smaller than the "
                    f"input'. Crop less, or give the input more than {a + b} there.")
        for (a, b), ax in zip(crops, axes):
            if (isinstance(a, float) or isinstance(b, float)) and known(shape[ax]):
                # a + b >= the size raises; a smaller float crop makes a float dimension, which raises too
                raise LayerError("SL114", f"{self.name} cropping must hold ints, got {cfg['cropping']!r}; Keras "
                                          f"raises on the float ('Cannot convert ... to a shape'). Use ints.")
        crops = tuple(ints(c, "cropping") for c in crops)
        out = list(shape)
        for (a, b), ax in zip(crops, axes):
            out[ax] = add_dim(shape[ax], UNK if UNK in (a, b) else -(a + b))
        return tuple(out)


@register
class Cropping1D(_Cropping):
    name = "Cropping1D"
    rank = 1
    ndim = 3
    expects = "(batch, steps, features)"

    def signature(cropping=(1, 1), **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 4))\ny = layers.Cropping1D((2, 3))(x)\n",
             _I + "x = keras.Input((None, 4))\ny = layers.Cropping1D(cropping=(1, 0))(x)\n")
    INVALID = ((_I + "x = keras.Input((10,))\ny = layers.Cropping1D()(x)\n", "SL101"),
               (_I + "x = keras.Input((6, 4))\ny = layers.Cropping1D(3)(x)\n", "SL112"),
               (_I + "x = keras.Input((10, 4))\ny = layers.Cropping1D(-1)(x)\n", "SL114"))


@register
class Cropping2D(_Cropping):
    name = "Cropping2D"
    rank = 2
    ndim = 4
    expects = _expects(2)

    def signature(cropping=((0, 0), (0, 0)), data_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((28, 28, 3))\ny = layers.Cropping2D(((2, 2), (4, 4)))(x)\n",
             _I + "x = keras.Input((3, 28, 28))\ny = layers.Cropping2D(2, 'channels_first')(x)\n")
    INVALID = ((_I + "x = keras.Input((28, 3))\ny = layers.Cropping2D()(x)\n", "SL101"),
               (_I + "x = keras.Input((28, 4, 3))\ny = layers.Cropping2D((1, 2))(x)\n", "SL112"),
               (_I + "x = keras.Input((28, 28, 3))\ny = layers.Cropping2D(-2)(x)\n", "SL114"))


@register
class Cropping3D(_Cropping):
    name = "Cropping3D"
    rank = 3
    ndim = 5
    expects = _expects(3)

    def signature(cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((8, 16, 16, 3))\ny = layers.Cropping3D()(x)\n",
             _I + "x = keras.Input((3, 8, 16, 16))\ny = layers.Cropping3D((0, 2, (1, 3)), data_format='channels_first')(x)\n")
    INVALID = ((_I + "x = keras.Input((16, 16, 3))\ny = layers.Cropping3D()(x)\n", "SL101"),
               (_I + "x = keras.Input((2, 16, 16, 3))\ny = layers.Cropping3D()(x)\n", "SL112"),
               (_I + "x = keras.Input((8, 16, 16, 3))\ny = layers.Cropping3D(((1, 1), (1, 1)))(x)\n", "SL114"))
