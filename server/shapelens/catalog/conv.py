"""Convolution, pooling, padding, cropping, upsampling and TimeDistributed."""

from __future__ import annotations

from .base import UNKNOWN_DIM, LayerError, Rule, Unsure, as_tuple, conv_length, fmt, known, need_dim, need_int, positive_int, prod, register

_I = "import keras\nfrom keras import layers\n"


def _channels_last(cfg):
    if cfg.get("data_format") not in (None, "channels_last"):
        raise Unsure("data_format")


def _window(name, shape, k, s, pad, d, rank, what):
    out = []
    for i in range(rank):
        n = conv_length(shape[1 + i], k[i], s[i], pad, d[i])
        if known(n) and n < 1:
            ks = k[0] if rank == 1 else k
            raise LayerError(
                "SL112",
                f"{name} with {what}={ks} shrinks the input {fmt(shape)} to size {n} on axis {1 + i}; "
                f"use padding='same', a smaller {what}, or a longer input.",
            )
        out.append(n)
    return out


class _Conv(Rule):
    rank = 1
    lowercase = ("padding",)  # base_conv: standardize_padding lower-cases it

    def validate(self, cfg):
        f = cfg["filters"]
        positive_int(f, self.name, "filters")
        g = cfg.get("groups")
        if known(g) and known(f) and (g <= 0 or f % g):
            raise LayerError("SL114", f"{self.name} filters ({f}) must be divisible by groups ({g}).")
        pad = cfg["padding"]
        allowed = ("valid", "same", "causal") if self.rank == 1 else ("valid", "same")
        if isinstance(pad, str) and pad not in allowed:
            raise LayerError("SL114", f"{self.name} padding must be {', '.join(repr(a) for a in allowed[:-1])} or "
                             f"{allowed[-1]!r}, got {pad!r}; Keras raises.")

    def output(self, cfg, shape, layer):
        _channels_last(cfg)
        if len(shape) != self.rank + 2:
            raise Unsure("rank")
        k = as_tuple(cfg["kernel_size"], self.rank, "kernel_size")
        s = as_tuple(cfg["strides"], self.rank, "strides")
        d = as_tuple(cfg["dilation_rate"], self.rank, "dilation_rate")
        pad = cfg["padding"]
        if pad not in ("valid", "same", "causal") or (pad == "causal" and self.rank != 1):
            raise Unsure("padding")
        if any(x > 1 for x in s) and any(x > 1 for x in d):
            raise LayerError("SL114", f"{self.name} cannot combine strides > 1 with dilation_rate > 1 (Keras raises); "
                             f"use one of them.")
        sp = _window(self.name, shape, k, s, pad, d, self.rank, "kernel_size")
        f = cfg["filters"]
        return (shape[0],) + tuple(sp) + (f if known(f) else UNKNOWN_DIM,)

    def why(self, cfg, shape, out, layer):
        pad = cfg.get("padding")
        if self.rank != 1 or out is None or not isinstance(out, tuple):
            return ()
        k, st = cfg.get("kernel_size"), cfg.get("strides")
        if pad == "valid":
            return (f"padding='valid': length ({shape[1]} − {k}) // {st} + 1 = {out[1]}",)
        return (f"padding='{pad}': length ⌈{shape[1]} / {st}⌉ = {out[1]}",)

    def params(self, cfg, shape, layer):
        kk = prod(as_tuple(cfg["kernel_size"], self.rank, "kernel_size"))
        f = need_int(cfg["filters"])
        c = need_dim(shape, -1, self.name, "channels")
        g = need_int(cfg["groups"])
        if c % g:
            raise LayerError("SL114", f"{self.name}(groups={g}) needs the input channels ({c}) to be divisible by groups.")
        if cfg["use_bias"] not in (True, False):
            raise Unsure("use_bias")
        return kk * (c // g) * f + (f if cfg["use_bias"] else 0)


@register
class Conv1D(_Conv):
    name = "Conv1D"
    rank = 1
    ndim = 3  # Keras: min_ndim=3 in the InputSpec, and the kernel rejects 4-D
    expects = "(batch, steps, channels)"

    def signature(filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                  groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                  bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((20, 4))\ny = layers.Conv1D(16, 3, padding='same', strides=2)(x)\n",)
    INVALID = (
        (_I + "x = keras.Input((20,))\ny = layers.Conv1D(16, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((2, 4))\ny = layers.Conv1D(16, 3)(x)\n", "SL112"),
    )


@register
class Conv2D(_Conv):
    name = "Conv2D"
    rank = 2
    ndim = 4  # 5-D (a sequence of images) raises "Kernel shape must have the same length as input"
    expects = "(batch, rows, cols, channels)"

    def signature(filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                  dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
                  kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                  bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                  bias_constraint=None, **kwargs): ...


class _Pool(Rule):
    rank = 1

    def output(self, cfg, shape, layer):
        _channels_last(cfg)
        k = as_tuple(cfg["pool_size"], self.rank, "pool_size")
        st = cfg["strides"]
        s = k if st is None else as_tuple(st, self.rank, "strides")
        pad = cfg["padding"]
        if isinstance(pad, str) and pad not in ("valid", "same"):
            # pooling layers do not lower-case it (convolutions do): Keras raises when called
            raise LayerError("SL114", f"{self.name} padding must be 'valid' or 'same' in lower case, got {pad!r}; "
                             f"Keras raises 'Argument padding must be either valid or same' when the layer is "
                             f"called (pooling layers, unlike convolutions, do not lower-case it).")
        if pad not in ("valid", "same"):
            raise Unsure("padding")
        n = len(shape) - 2  # Keras' compute_pooling_output_shape broadcasts a 1-D window over every spatial axis
        if n != self.rank:
            if self.rank != 1 or n < 1:
                raise Unsure("rank")
            k, s = k * n, s * n
        sp = _window(self.name, shape, k, s, pad, (1,) * n, n, "pool_size")
        return (shape[0],) + tuple(sp) + (shape[-1],)


def _pool(name, rank, sig):
    cls = type(name, (_Pool,), {
        "name": name, "rank": rank, "ndim": rank + 2, "signature": staticmethod(sig),
        "expects": "(batch, steps, channels)" if rank == 1 else "(batch, rows, cols, channels)",
    })
    return register(cls)


_pool("MaxPooling1D", 1, lambda pool_size=2, strides=None, padding="valid", data_format=None, name=None, **kwargs: None)
_pool("MaxPooling2D", 2, lambda pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs: None)
_pool("AveragePooling1D", 1, lambda pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs: None)
_pool("AveragePooling2D", 2, lambda pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs: None)


class _GlobalPool(Rule):
    def output(self, cfg, shape, layer):
        fmt_ = cfg.get("data_format")
        if fmt_ not in (None, "channels_last", "channels_first"):
            raise Unsure("data_format")
        first = fmt_ == "channels_first"
        c = shape[1] if first else shape[-1]
        kd = cfg["keepdims"]
        if kd is True:
            ones = (1,) * (len(shape) - 2)
            return (shape[0], c) + ones if first else (shape[0],) + ones + (c,)
        if kd is False:
            return (shape[0], c)
        raise Unsure("keepdims")


for _n, _r in (("GlobalMaxPooling1D", 3), ("GlobalAveragePooling1D", 3), ("GlobalMaxPooling2D", 4),
               ("GlobalAveragePooling2D", 4)):
    register(type(_n, (_GlobalPool,), {"name": _n, "ndim": _r,
                                       "signature": staticmethod(lambda data_format=None, keepdims=False, **kwargs: None)}))


@register
class UpSampling1D(Rule):
    name = "UpSampling1D"
    ndim = 3

    def signature(size=2, **kwargs): ...

    def output(self, cfg, shape, layer):
        n = need_int(cfg["size"])
        t = shape[1]
        return (shape[0], t * n if known(t) else (None if t is None else UNKNOWN_DIM), shape[2])


def _pair(v, what):
    if known(v):
        return (v, v)
    if isinstance(v, tuple) and len(v) == 2 and all(known(x) for x in v):
        return v
    raise Unsure(what)


@register
class ZeroPadding1D(Rule):
    name = "ZeroPadding1D"
    ndim = 3

    def signature(padding=1, data_format=None, **kwargs): ...

    def output(self, cfg, shape, layer):
        _channels_last(cfg)
        a, b = _pair(cfg["padding"], "padding")
        t = shape[1]
        return (shape[0], t + a + b if known(t) else (None if t is None else UNKNOWN_DIM), shape[2])


@register
class Cropping1D(Rule):
    name = "Cropping1D"
    ndim = 3

    def signature(cropping=(1, 1), **kwargs): ...

    def output(self, cfg, shape, layer):
        a, b = _pair(cfg["cropping"], "cropping")
        t = shape[1]
        if known(t):
            if t - a - b <= 0:
                raise LayerError("SL112", f"Cropping1D removes {a + b} steps from an input of length {t} {fmt(shape)}; "
                                 f"crop less than the length.")
            return (shape[0], t - a - b, shape[2])
        return (shape[0], None if t is None else UNKNOWN_DIM, shape[2])


@register
class TimeDistributed(Rule):
    name = "TimeDistributed"
    min_ndim = 3
    expects = "(batch, timesteps, ...)"

    def signature(layer, **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 8))\ny = layers.TimeDistributed(layers.Dense(5))(x)\n",)
    INVALID = ((_I + "x = keras.Input((8,))\ny = layers.TimeDistributed(layers.Dense(5))(x)\n", "SL101"),)

    def _inner(self, layer):
        inner = layer.inner if layer is not None else None
        if inner is None:
            raise Unsure("layer")
        return inner

    def inner_shape(self, shape):
        return (shape[0],) + tuple(shape[2:])

    def output(self, cfg, shape, layer):
        inner = self._inner(layer)
        ishape = self.inner_shape(shape)
        err = inner.rule.check_rank(ishape)
        if err and inner.rule.name in ("Conv1D", "Conv2D", "ConvLSTM1D", "ConvLSTM2D", "LSTM", "GRU", "SimpleRNN"):
            raise LayerError("SL101", f"TimeDistributed applies {inner.rule.name} to each time step, so it sees "
                             f"{fmt(ishape)}: {err}; {inner.rule.name} needs {inner.rule.expected_rank_text()}.")
        if (err and inner.rule.ndim is not None and len(ishape) > inner.rule.ndim
                and not isinstance(inner.rule, (_GlobalPool, _Pool))):
            raise Unsure("inner rank")  # Keras keeps the extra axes in ways not modelled here
        try:
            out = inner.rule.output(inner.cfg, ishape, inner)  # Keras computes some rank mismatches anyway
        except (LayerError, IndexError, TypeError):
            if err:
                raise Unsure("inner rank")
            raise
        if out is None or isinstance(out, list):
            raise Unsure("inner")
        return (shape[0], shape[1]) + tuple(out[1:])

    def params(self, cfg, shape, layer):
        inner = self._inner(layer)
        return inner.rule.params(inner.cfg, self.inner_shape(shape), inner)

    def why(self, cfg, shape, out, layer):
        inner = layer.inner if layer is not None else None
        return (f"applies {inner.rule.name} to each of the {shape[1]} time steps",) if inner else ()
