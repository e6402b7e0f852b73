"""Up-sampling, zero padding and cropping."""

from __future__ import annotations

from .base import UNKNOWN_DIM, LayerError, Rule, fmt, known, need_int, register
from .spatial import _channels_last, _pair


_I = "import keras\nfrom keras import layers\n"


@register
class UpSampling1D(Rule):
    name = "UpSampling1D"
    ndim = 3

    def signature(size=2, **kwargs): ...

    def output(self, cfg, shape, layer):
        n = need_int(cfg["size"])
        t = shape[1]
        return (shape[0], t * n if known(t) else (None if t is None else UNKNOWN_DIM), shape[2])


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
