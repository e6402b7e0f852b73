"""Pooling: max and average over windows, and global pooling."""

from __future__ import annotations

from .base import LayerError, Rule, Unsure, as_tuple, register
from .spatial import _channels_last, _window


_I = "import keras\nfrom keras import layers\n"


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
