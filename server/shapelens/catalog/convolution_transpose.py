"""Transposed convolutions: Conv1DTranspose, Conv2DTranspose, Conv3DTranspose (the shared rule and
Keras' argument standardisation: convolution.py)."""

from __future__ import annotations

from .base import (
    UNKNOWN_DIM,
    LayerError,
    fmt,
    known,
    need_dim,
    prod,
    register,
)
from .convolution import (
    _I,
    _ConvBase,
    _count,
    _std_tuple,
    _truthy,
    _tuple,
)


class _ConvTranspose(_ConvBase):
    """BaseConvTranspose: kernel (*kernel_size, filters, channels) + bias (filters,); no groups."""

    def _validate_more(self, cfg, s, d):
        op = cfg["output_padding"]
        if op is not None:
            opt = _std_tuple(op, self.rank, "output_padding", self.name, allow_zero=True, numeric=True)
            if opt is not None and s is not None:
                for i, (o, st) in enumerate(zip(opt, s)):
                    if o >= st:
                        at = "" if self.rank == 1 else f" at dimension {i}"
                        raise LayerError("SL114", f"{self.name} output_padding must be smaller than strides on every "
                                         f"axis, but{at} it is {o} with strides {st}; Keras raises "
                                         f"'`output_padding` must be strictly less than `strides`'. Use "
                                         f"output_padding < strides, or leave it None.")
        self._no_strided_dilation(s, d)

    def _tuple_padding(self, pad, shape, spatial):
        # the transpose's shape code calls padding.lower() on every axis whose size is known
        if any(n is not None for n in spatial):
            raise LayerError("SL114", f"{self.name} padding must be 'valid' or 'same', got {pad!r}; Keras raises "
                             f"when the layer is called on {fmt(shape)}. Use padding='same' or 'valid'.")
        return "unused"  # every spatial size is None, and stays None whatever the padding

    def output(self, cfg, shape, layer):
        first, spatial, c = self._split(cfg, shape)
        pad = self._padding(cfg, shape, spatial)
        self._channels(shape, c)
        self._float_kernel(cfg, shape)
        k = _tuple(cfg, "kernel_size", self.rank, self.name)
        s = _tuple(cfg, "strides", self.rank, self.name, numeric=True)
        d = _tuple(cfg, "dilation_rate", self.rank, self.name, numeric=True)
        op = cfg["output_padding"]
        opt = None if op is None else _tuple(cfg, "output_padding", self.rank, self.name, allow_zero=True, numeric=True)
        f = self._weights_count(cfg["filters"], "filters", shape)
        out = []
        for i, n in enumerate(spatial):
            out.append(_transpose_length(n, k[i], s[i], pad, None if opt is None else opt[i], d[i]))
        bad = [m for m in out if isinstance(m, float)]
        if bad:  # Python arithmetic on a float stride/dilation/output_padding: a float size
            raise LayerError("SL114", f"{self.name} gets float strides, dilation_rate or output_padding "
                             f"(strides={cfg['strides']!r}, dilation_rate={cfg['dilation_rate']!r}, output_padding="
                             f"{op!r}), so its output size on {fmt(shape)} is {bad[0]!r}; Keras raises 'Cannot "
                             f"convert ... to a shape'. Use ints.")
        return self._out(first, shape, tuple(out), f)

    def params(self, cfg, shape, layer):
        kk = prod(_tuple(cfg, "kernel_size", self.rank, self.name))
        f = _count(cfg["filters"], "filters")
        c = need_dim(shape, 1 if self._first(cfg) else -1, self.name, "channels")
        return kk * f * c + (f if _truthy(cfg["use_bias"]) else 0)

    def _why_axis(self, cfg, pad, n, m, k, s, d, i, axis):
        eff = (k - 1) * d + 1
        where = "" if self.rank == 1 else f" (axis {axis})"
        op = cfg.get("output_padding")
        if op is None:
            if pad == "same":
                return f"padding='same'{where}: {n} × {s} = {m}"
            return f"padding='valid'{where}: ({n} − 1) × {s} + max({eff}, {s}) = {m}"
        o = op if known(op) else (op[i] if isinstance(op, tuple) and len(op) > i else "?")
        if pad == "same":
            return f"padding='same'{where}: ({n} − 1) × {s} + {eff} % 2 + {o} = {m}"
        return f"padding='valid'{where}: ({n} − 1) × {s} + {eff} + {o} = {m}"


def _transpose_length(n, k, s, pad, op, d):
    """backend_utils._get_output_shape_given_tf_padding."""
    if n is None:
        return None
    if not known(n):
        return UNKNOWN_DIM
    eff = (k - 1) * d + 1
    if pad == "valid":
        return (n - 1) * s + eff + (max(eff, s) - eff if op is None else op)
    if op is None:
        return n * s
    return (n - 1) * s + eff % 2 + op


@register
class Conv1DTranspose(_ConvTranspose):
    name = "Conv1DTranspose"
    rank = 1
    ndim = 3  # InputSpec(min_ndim=3); more axes fail on the kernel's rank
    expects = "(batch, steps, channels)"

    def signature(filters, kernel_size, strides=1, padding="valid", output_padding=None, data_format=None,
                  dilation_rate=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                  bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((10, 4))\ny = layers.Conv1DTranspose(8, 3, strides=2, padding='same')(x)\n",
        _I + "x = keras.Input((10, 4))\ny = layers.Conv1DTranspose(8, 4, strides=2, output_padding=1)(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((10,))\ny = layers.Conv1DTranspose(8, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((10, 4))\ny = layers.Conv1DTranspose(8, 3, strides=2, output_padding=2)(x)\n", "SL114"),
        (_I + "x = keras.Input((10, 4))\ny = layers.Conv1DTranspose(8, 3, padding='causal')(x)\n", "SL114"),
    )


@register
class Conv2DTranspose(_ConvTranspose):
    name = "Conv2DTranspose"
    rank = 2
    ndim = 4  # InputSpec(min_ndim=4); more axes fail on the kernel's rank
    expects = "(batch, rows, cols, channels)"

    def signature(filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None, data_format=None,
                  dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                  bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((7, 7, 16))\ny = layers.Conv2DTranspose(8, 3, strides=2, padding='same')(x)\n",
        _I + "x = keras.Input((16, 7, 7))\ny = layers.Conv2DTranspose(8, (2, 2), strides=(2, 2), "
             "data_format='channels_first')(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((7, 7))\ny = layers.Conv2DTranspose(8, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((7, 7, 16))\ny = layers.Conv2DTranspose(8, 3, strides=2, dilation_rate=2)(x)\n", "SL114"),
        (_I + "x = keras.Input((7, 7, None))\ny = layers.Conv2DTranspose(8, 3)(x)\n", "SL117"),
    )


@register
class Conv3DTranspose(_ConvTranspose):
    name = "Conv3DTranspose"
    rank = 3
    ndim = 5  # InputSpec(min_ndim=5); more axes fail on the kernel's rank
    expects = "(batch, depth, rows, cols, channels)"

    # data_format comes before output_padding here (unlike Conv1DTranspose and Conv2DTranspose)
    def signature(filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None, output_padding=None,
                  dilation_rate=(1, 1, 1), activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                  bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((4, 8, 8, 3))\ny = layers.Conv3DTranspose(4, 3, strides=2, padding='same')(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((8, 8, 3))\ny = layers.Conv3DTranspose(4, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((4, 8, 8, 3))\ny = layers.Conv3DTranspose(4, 3, output_padding=1)(x)\n", "SL114"),
    )
