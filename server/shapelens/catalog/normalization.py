"""Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization,
UnitNormalization, RMSNormalization."""

from __future__ import annotations

from .base import (
    LayerError,
    Unsure,
    fmt,
    known,
    need_dim,
    need_int,
    register,
)
from .core import _Identity, _int_axis

_I = "import keras\nfrom keras import layers\n"


def _axis_size(cfg, shape, weighted=True):
    axis = cfg["axis"]
    if isinstance(axis, int) and not isinstance(axis, bool):
        axes = [axis]
    elif isinstance(axis, (tuple, list)) and all(known(a) for a in axis):
        axes = list(axis)
    else:
        raise Unsure("axis")
    total = 1
    for a in axes:
        if not -len(shape) <= a < len(shape):
            raise LayerError("SL114", f"axis={cfg['axis']} is out of range for an input of rank {len(shape)} {fmt(shape)}.")
        if weighted:
            total *= need_dim(shape, a, "This normalization layer", "normalized")
    return total


@register
class BatchNormalization(_Identity):
    name = "BatchNormalization"

    def signature(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
                  beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
                  moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                  beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None,
                  renorm_momentum=0.99, synchronized=False, **kwargs): ...

    def params(self, cfg, shape, layer):
        c = _axis_size(cfg, shape)
        if cfg["center"] not in (True, False) or cfg["scale"] not in (True, False) or cfg["renorm"] is not False:
            raise Unsure("flags")
        return c * (2 + int(cfg["center"]) + int(cfg["scale"]))

    def non_trainable(self, cfg, shape, layer):
        return 2 * _axis_size(cfg, shape)


@register
class LayerNormalization(_Identity):
    name = "LayerNormalization"

    def signature(axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer="zeros",
                  gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                  beta_constraint=None, gamma_constraint=None, **kwargs): ...

    def params(self, cfg, shape, layer):
        if cfg["center"] not in (True, False) or cfg["scale"] not in (True, False):
            raise Unsure("flags")
        n = int(cfg["center"]) + int(cfg["scale"])
        c = _axis_size(cfg, shape, weighted=n > 0)  # no weights: a None axis is fine
        return c * n


def _axes_in_range(name, cfg, shape):
    """compute_output_shape of GroupNormalization, UnitNormalization, RMSNormalization: every
    axis must be in [-rank, rank)."""
    axis = cfg["axis"]
    axes = [axis] if _int_axis(axis) else list(axis) if isinstance(axis, tuple) else None
    if axes is None or not all(_int_axis(a) for a in axes):
        raise Unsure("axis")
    for a in axes:
        if a >= len(shape) or a < -len(shape):
            raise LayerError("SL114", f"{name}(axis={axis!r}) names axis {a}, which its {len(shape)}-D input "
                             f"{fmt(shape)} does not have; use an axis between {-len(shape)} and {len(shape) - 1} "
                             f"(usually -1, the features).")
    return axes


def _bool_flag(cfg, key):
    v = cfg.get(key)
    if v is True or v is False:
        return v
    raise Unsure(key)


@register
class GroupNormalization(_Identity):
    name = "GroupNormalization"

    def signature(groups=32, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                  gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                  beta_constraint=None, gamma_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((16, 16, 32))\ny = layers.GroupNormalization(groups=8)(x)\n",
        _I + "x = keras.Input((10, 6))\ny = layers.GroupNormalization(-1)(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((16, 16, 30))\ny = layers.GroupNormalization(groups=8)(x)\n", "SL114"),
        (_I + "x = keras.Input((10, 6))\ny = layers.GroupNormalization()(x)\n", "SL114"),
        (_I + "x = keras.Input((10, 6))\ny = layers.GroupNormalization(groups=0)(x)\n", "SL114"),
    )

    def validate(self, cfg):
        g = cfg["groups"]
        # `not isinstance(groups, int) or (groups <= 0 and groups != -1)` (a bool is an int)
        if isinstance(g, (float, str)) or g is None or (_int_axis(g) and g <= 0 and g != -1):
            raise LayerError("SL114", f"GroupNormalization groups must be a positive int (or -1 for instance "
                             f"normalization), got {g!r}.")

    def _channels(self, cfg, shape):
        axis = cfg["axis"]
        if isinstance(axis, tuple) and axis:
            raise LayerError("SL114", f"GroupNormalization normalizes groups of one axis, but axis={axis!r} is a "
                             f"list; Keras fails indexing the input shape with it. Give one int axis.")
        if not _int_axis(axis):
            raise Unsure("axis")
        if not -len(shape) <= axis < len(shape):
            raise LayerError("SL114", f"GroupNormalization(axis={axis}) names an axis its {len(shape)}-D input "
                             f"{fmt(shape)} does not have; use -1 (the channels).")
        dim = shape[axis]
        if dim is None:
            raise LayerError("SL117", f"GroupNormalization splits axis {axis} into groups, but that axis is None in "
                             f"{fmt(shape)}; Keras raises 'Axis {axis} of input tensor should have a defined "
                             f"dimension'. Give the input a fixed size there.")
        dim = need_int(dim, "channels")
        g = cfg["groups"]
        if not _int_axis(g):
            raise Unsure("groups")
        if g == -1:
            g = dim
        if dim < g:
            raise LayerError("SL114", f"GroupNormalization(groups={g}) needs at least {g} channels, but axis {axis} of "
                             f"{fmt(shape)} has {dim}; Keras raises 'Number of groups ({g}) cannot be more than the "
                             f"number of channels ({dim})'. Use a number of groups that divides {dim}.")
        if dim % g:
            divs = [k for k in range(1, dim + 1) if dim % k == 0]
            raise LayerError("SL114", f"GroupNormalization(groups={g}) must split the {dim} channels of {fmt(shape)} "
                             f"into equal groups, but {dim} is not a multiple of {g}; use a divisor of {dim} "
                             f"({', '.join(map(str, divs))}).")
        return dim

    def output(self, cfg, shape, layer):
        self._channels(cfg, shape)  # build comes first
        _axes_in_range("GroupNormalization", cfg, shape)
        return tuple(shape)

    def params(self, cfg, shape, layer):
        dim = self._channels(cfg, shape)
        return dim * (int(_bool_flag(cfg, "scale")) + int(_bool_flag(cfg, "center")))


@register
class UnitNormalization(_Identity):
    name = "UnitNormalization"

    def signature(axis=-1, **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 3))\ny = layers.UnitNormalization(axis=[1, 2])(x)\n",)
    INVALID = (
        (_I + "x = keras.Input((10,))\ny = layers.UnitNormalization(axis=2)(x)\n", "SL114"),
        (_I + "x = keras.Input((10,))\ny = layers.UnitNormalization(axis=None)(x)\n", "SL114"),
    )

    def validate(self, cfg):
        axis = cfg["axis"]
        if axis is None or isinstance(axis, (float, str)):
            raise LayerError("SL114", f"UnitNormalization axis must be an int or a list of ints, got {axis!r}; "
                             f"Keras raises a TypeError.")

    def output(self, cfg, shape, layer):
        _axes_in_range("UnitNormalization", cfg, shape)
        return tuple(shape)


@register
class RMSNormalization(_Identity):
    name = "RMSNormalization"

    def signature(axis=-1, epsilon=1e-6, **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 16))\ny = layers.RMSNormalization()(x)\n",)
    INVALID = (
        (_I + "x = keras.Input((10, 16))\ny = layers.RMSNormalization(axis=3)(x)\n", "SL114"),
        (_I + "x = keras.Input((10, None))\ny = layers.RMSNormalization()(x)\n", "SL117"),
    )

    def _scale_shape(self, cfg, shape):
        axis = cfg["axis"]
        if isinstance(axis, tuple):
            if not all(_int_axis(a) for a in axis):
                raise Unsure("axis")
            axes = sorted(axis)
        elif _int_axis(axis):
            axes = [axis]
        else:
            raise Unsure("axis")
        for a in axes:
            if not -len(shape) <= a < len(shape):
                raise LayerError("SL114", f"RMSNormalization(axis={axis!r}) names axis {a}, which its {len(shape)}-D "
                                 f"input {fmt(shape)} does not have; use -1 (the features).")
        dims = [shape[a] for a in axes]
        if any(d is None for d in dims):
            raise LayerError("SL117", f"RMSNormalization sizes its scale by axis {axis!r} of the input, but it is None "
                             f"in {fmt(shape)}; Keras raises 'Shapes used to initialize variables must be "
                             f"fully-defined'. Give the input a fixed size there.")
        return [need_int(d) for d in dims]

    def output(self, cfg, shape, layer):
        self._scale_shape(cfg, shape)
        return tuple(shape)

    def params(self, cfg, shape, layer):
        n = 1
        for d in self._scale_shape(cfg, shape):
            n *= d
        return n
