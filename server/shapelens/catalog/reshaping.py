"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector."""

from __future__ import annotations

from .base import (
    UNKNOWN_DIM,
    LayerError,
    Rule,
    Unsure,
    fmt,
    known,
    register,
)

_I = "import keras\nfrom keras import layers\n"


def _prod(dims):
    p = 1
    for d in dims:
        if d is None:
            return None
        if not known(d):
            return UNKNOWN_DIM
        p *= d
    return p


@register
class Flatten(Rule):
    name = "Flatten"
    min_ndim = 1

    def signature(data_format=None, **kwargs): ...

    def output(self, cfg, shape, layer):
        rest = shape[1:]
        if not rest:
            return (shape[0], 1)
        return (shape[0], _prod(rest))


@register
class Reshape(Rule):
    name = "Reshape"

    def signature(target_shape, **kwargs): ...

    INVALID = ((_I + "x = keras.Input((10, 4))\ny = layers.Reshape((3, 7))(x)\n", "SL111"),)
    VALID = (_I + "x = keras.Input((10, 4))\ny = layers.Reshape((5, -1))(x)\n",)

    def output(self, cfg, shape, layer):
        target = cfg["target_shape"]
        if known(target):
            target = (target,)
        if not isinstance(target, tuple) or not all(known(d) or d is None for d in target):
            raise Unsure("target_shape")
        total = _prod(shape[1:])
        negs = [i for i, d in enumerate(target) if d == -1]
        if len(negs) > 1:
            raise LayerError("SL111", f"Reshape{fmt(tuple(target))} has more than one -1; Keras allows at most one "
                             f"unknown dimension.")
        if not known(total):
            out = tuple(None if d == -1 else d for d in target)
            return (shape[0],) + out
        fixed = 1
        for d in target:
            if d != -1:
                if not known(d):
                    raise Unsure("target_shape")
                fixed *= d
        if negs:
            if fixed == 0 or total % fixed:
                raise LayerError(
                    "SL111",
                    f"Reshape{fmt(tuple(target))} cannot hold the {total:,} values of its input {fmt(shape)}: "
                    f"{total:,} is not a multiple of {fixed:,}; choose a target shape whose sizes multiply to {total:,}.",
                )
            return (shape[0],) + tuple(total // fixed if d == -1 else d for d in target)
        if fixed != total:
            raise LayerError(
                "SL111",
                f"Reshape{fmt(tuple(target))} holds {fixed:,} values but its input {fmt(shape)} has {total:,} per sample; "
                f"choose a target shape whose sizes multiply to {total:,} (or use -1 for one of them).",
            )
        return (shape[0],) + tuple(target)


@register
class Permute(Rule):
    name = "Permute"

    def signature(dims, **kwargs): ...

    def output(self, cfg, shape, layer):
        dims = cfg["dims"]
        if not isinstance(dims, tuple) or not all(known(d) for d in dims):
            raise Unsure("dims")
        if len(dims) != len(shape) - 1:
            raise LayerError("SL101", f"Permute{fmt(dims)} reorders {len(dims)} axes, so it expects {len(dims) + 1}-D input, "
                             f"but gets {len(shape)}-D {fmt(shape)}.")
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise LayerError("SL114", f"Permute dims={dims} must be a permutation of 1..{len(dims)} (the batch axis 0 "
                             f"stays first).")
        return (shape[0],) + tuple(shape[d] for d in dims)


@register
class RepeatVector(Rule):
    name = "RepeatVector"
    ndim = 2
    expects = "(batch, features)"

    def signature(n, **kwargs): ...

    VALID = (_I + "x = keras.Input((7,))\ny = layers.RepeatVector(4)(x)\n",)
    INVALID = ((_I + "x = keras.Input((10, 7))\ny = layers.RepeatVector(4)(x)\n", "SL101"),)

    def validate(self, cfg):
        n = cfg["n"]
        if isinstance(n, (float, str)) or isinstance(n, bool):
            raise LayerError("SL114", f"RepeatVector expects an integer number of repeats, got {n!r}.")

    def output(self, cfg, shape, layer):
        n = cfg["n"]
        return (shape[0], n if known(n) else UNKNOWN_DIM, shape[1])

    def why(self, cfg, shape, out, layer):
        return (f"repeats the {shape[1]}-wide vector {cfg['n']} times: a new time axis",)
