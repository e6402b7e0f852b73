"""Depthwise and separable convolutions: DepthwiseConv1D/2D, SeparableConv1D/2D (the shared rule
and Keras' argument standardisation: convolution.py)."""

from __future__ import annotations

from .base import (
    UNKNOWN_DIM,
    LayerError,
    known,
    need_dim,
    prod,
    register,
)
from .convolution import (
    _I,
    _ConvBase,
    _count,
    _is_int,
    _is_num,
    _truthy,
    _tuple,
)


def _multiplier_error(name, dm):
    return LayerError("SL114", f"{name} depth_multiplier must be a positive int, got {dm!r}; Keras raises 'Invalid "
                      f"value for argument `depth_multiplier`'. Use depth_multiplier=1 for one output channel per "
                      f"input channel.")


class _Depthwise(_ConvBase):
    """BaseDepthwiseConv: kernel (*kernel_size, channels, depth_multiplier) + bias (channels * depth_multiplier,)."""

    has_filters = False

    def _validate_more(self, cfg, s, d):
        dm = cfg["depth_multiplier"]
        if isinstance(dm, str) or (_is_num(dm) and dm <= 0):
            raise _multiplier_error(self.name, dm)

    def output(self, cfg, shape, layer):
        first, spatial, c = self._split(cfg, shape)
        pad = self._padding(cfg, shape, spatial)
        c = self._channels(shape, c)
        dm = self._weights_count(cfg["depth_multiplier"], "depth_multiplier", shape)
        self._float_kernel(cfg, shape)
        sp = self._windows(cfg, shape, spatial, pad)
        ch = c * int(dm) if known(c) and _is_int(dm) else UNKNOWN_DIM
        return self._out(first, shape, sp, ch)

    def params(self, cfg, shape, layer):
        kk = prod(_tuple(cfg, "kernel_size", self.rank, self.name))
        dm = _count(cfg["depth_multiplier"], "depth_multiplier")
        c = need_dim(shape, 1 if self._first(cfg) else -1, self.name, "channels")
        return kk * c * dm + (c * dm if _truthy(cfg["use_bias"]) else 0)


@register
class DepthwiseConv1D(_Depthwise):
    name = "DepthwiseConv1D"
    rank = 1
    ndim = 3  # InputSpec(min_ndim=3); more axes fail on the kernel's rank
    expects = "(batch, steps, channels)"

    def signature(kernel_size, strides=1, padding="valid", depth_multiplier=1, data_format=None, dilation_rate=1,
                  activation=None, use_bias=True, depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                  depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                  depthwise_constraint=None, bias_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((20, 4))\ny = layers.DepthwiseConv1D(3, depth_multiplier=2, padding='same')(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((20,))\ny = layers.DepthwiseConv1D(3)(x)\n", "SL101"),
        (_I + "x = keras.Input((2, 4))\ny = layers.DepthwiseConv1D(3)(x)\n", "SL112"),
        (_I + "x = keras.Input((20, 4))\ny = layers.DepthwiseConv1D(3, padding='causal')(x)\n", "SL114"),
        (_I + "x = keras.Input((20, 4))\ny = layers.DepthwiseConv1D(3, depth_multiplier=0)(x)\n", "SL114"),
    )


@register
class DepthwiseConv2D(_Depthwise):
    name = "DepthwiseConv2D"
    rank = 2
    ndim = 4  # InputSpec(min_ndim=4); more axes fail on the kernel's rank
    expects = "(batch, rows, cols, channels)"

    def signature(kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1, data_format=None,
                  dilation_rate=(1, 1), activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                  bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, depthwise_constraint=None, bias_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((32, 32, 8))\ny = layers.DepthwiseConv2D(3, padding='same', use_bias=False)(x)\n",
        _I + "x = keras.Input((8, 32, 32))\ny = layers.DepthwiseConv2D((3, 3), strides=2, depth_multiplier=2, "
             "data_format='channels_first')(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((32, 32))\ny = layers.DepthwiseConv2D(3)(x)\n", "SL101"),
        (_I + "x = keras.Input((32, 32, None))\ny = layers.DepthwiseConv2D(3)(x)\n", "SL117"),
    )


class _Separable(_ConvBase):
    """BaseSeparableConv: depthwise kernel (*kernel_size, channels, depth_multiplier), pointwise kernel
    (1, ..., channels * depth_multiplier, filters), bias (filters,)."""

    def _validate_more(self, cfg, s, d):
        dm = cfg["depth_multiplier"]
        if isinstance(dm, str) or (_is_num(dm) and dm <= 0):
            raise _multiplier_error(self.name, dm)

    def output(self, cfg, shape, layer):
        first, spatial, c = self._split(cfg, shape)
        pad = self._padding(cfg, shape, spatial)
        self._channels(shape, c)
        self._weights_count(cfg["depth_multiplier"], "depth_multiplier", shape)
        f = self._weights_count(cfg["filters"], "filters", shape)
        self._float_kernel(cfg, shape)
        sp = self._windows(cfg, shape, spatial, pad)
        return self._out(first, shape, sp, f)

    def params(self, cfg, shape, layer):
        kk = prod(_tuple(cfg, "kernel_size", self.rank, self.name))
        dm = _count(cfg["depth_multiplier"], "depth_multiplier")
        f = _count(cfg["filters"], "filters")
        c = need_dim(shape, 1 if self._first(cfg) else -1, self.name, "channels")
        return kk * c * dm + c * dm * f + (f if _truthy(cfg["use_bias"]) else 0)


@register
class SeparableConv1D(_Separable):
    name = "SeparableConv1D"
    rank = 1
    ndim = 3  # InputSpec(min_ndim=3); more axes fail on the kernel's rank
    expects = "(batch, steps, channels)"

    def signature(filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                  depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                  pointwise_initializer="glorot_uniform", bias_initializer="zeros", depthwise_regularizer=None,
                  pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                  depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((20, 4))\ny = layers.SeparableConv1D(8, 3, depth_multiplier=2)(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((20,))\ny = layers.SeparableConv1D(8, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((2, 4))\ny = layers.SeparableConv1D(8, 3)(x)\n", "SL112"),
        (_I + "x = keras.Input((20, 4))\ny = layers.SeparableConv1D(8, 3, padding='causal')(x)\n", "SL114"),
    )


@register
class SeparableConv2D(_Separable):
    name = "SeparableConv2D"
    rank = 2
    ndim = 4  # InputSpec(min_ndim=4); more axes fail on the kernel's rank
    expects = "(batch, rows, cols, channels)"

    def signature(filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1),
                  depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                  pointwise_initializer="glorot_uniform", bias_initializer="zeros", depthwise_regularizer=None,
                  pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                  depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((32, 32, 3))\ny = layers.SeparableConv2D(16, 3, padding='same')(x)\n",
        _I + "x = keras.Input((3, 32, 32))\ny = layers.SeparableConv2D(16, 3, strides=2, depth_multiplier=2, "
             "data_format='channels_first')(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((32, 32))\ny = layers.SeparableConv2D(16, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((2, 2, 3))\ny = layers.SeparableConv2D(16, 3)(x)\n", "SL112"),
        (_I + "x = keras.Input((32, 32, 3))\ny = layers.SeparableConv2D(16, 3, depth_multiplier=-1)(x)\n", "SL114"),
    )
