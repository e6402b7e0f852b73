"""Convolutions."""

from __future__ import annotations

from .base import UNKNOWN_DIM, LayerError, Rule, Unsure, as_tuple, known, need_dim, need_int, positive_int, prod, register
from .spatial import _channels_last, _window


_I = "import keras\nfrom keras import layers\n"


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
