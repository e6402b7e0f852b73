"""What the spatial layers share: the data format, sliding windows (convolution and pooling
arithmetic, as Keras computes it) and pairs of paddings or croppings."""

from __future__ import annotations

from .base import LayerError, Unsure, conv_length, fmt, known


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


def _pair(v, what):
    if known(v):
        return (v, v)
    if isinstance(v, tuple) and len(v) == 2 and all(known(x) for x in v):
        return v
    raise Unsure(what)
