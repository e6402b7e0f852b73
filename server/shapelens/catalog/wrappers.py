"""Wrappers that apply a layer to parts of their input: TimeDistributed."""

from __future__ import annotations

from .base import LayerError, Rule, Unsure, fmt, register
from .pooling import _GlobalPool, _Pool


_I = "import keras\nfrom keras import layers\n"


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
