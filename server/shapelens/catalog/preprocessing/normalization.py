"""Normalization.

* Normalization keeps the shape; without ``mean``/``variance`` it has 2·features + 1
  non-trainable weights (mean, variance, count) sized by the kept axes of the shape it is built
  with: its first call's input, or the data ``adapt()`` saw.  Statistics that do not broadcast
  against the input fail as soon as data flows (SL116).
"""

from __future__ import annotations

from ..base import LayerError, Rule, Unsure, fmt, known, register
from .common import _I, _NOT_ADAPTED, _adapted, _int, _is_array, _is_list, _safe


def _value_shape(v):
    """np.shape of a mean/variance value: a number, a nested literal list, an array."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return ()
    if _is_array(v):
        if v.shape is None or not all(_int(d) for d in v.shape):
            raise Unsure("array shape")
        return tuple(v.shape)
    if isinstance(v, tuple):
        subs = [_value_shape(x) for x in v]
        if subs and any(s != subs[0] for s in subs):
            raise Unsure("ragged")
        return (len(v),) + (subs[0] if subs else ())
    raise Unsure("value")


def _norm_axis(cfg):
    a = cfg["axis"]
    if a is None:
        return ()
    if _int(a):
        return (a,)
    if isinstance(a, tuple) and all(_int(x) for x in a):
        return a
    raise Unsure("axis")


def _broadcast_fails(a, b):
    """numpy broadcasting of two shapes fails on known dims (None/unknown dims never fail)."""
    for x, y in zip(reversed(a), reversed(b)):
        if known(x) and known(y) and x != y and x != 1 and y != 1:
            return (x, y)
    return None


@register
class Normalization(Rule):
    name = "Normalization"

    def signature(axis=-1, mean=None, variance=None, invert=False, **kwargs): ...

    VALID = (_I + "norm = layers.Normalization()\nnorm.adapt(np.random.rand(100, 4))\n"
                  "x = keras.Input((4,))\ny = norm(x)\n",
             _I + "x = keras.Input((8, 3))\ny = layers.Normalization(mean=[0.5, 0.5, 0.5], variance=[0.2, 0.2, 0.2])(x)\n")
    INVALID = ((_I + "norm = layers.Normalization()\nnorm.adapt(np.random.rand(100, 3))\n"
                     "x = keras.Input((4,))\ny = norm(x)\nmodel = keras.Model(x, y)\n", "SL116"),
               (_I + "layer = layers.Normalization(mean=[0.0, 1.0])\n", "SL114"),
               (_I + "x = keras.Input((None,))\ny = layers.Normalization()(x)\n", "SL114"))

    def _check(self, cfg):
        axis = _norm_axis(cfg)
        mean, var = cfg["mean"], cfg["variance"]
        if (mean is None) != (var is None):
            raise LayerError("SL114", "Normalization needs both mean and variance, or neither (then adapt() or the "
                                      "first call sets them); Keras raises 'both `mean` and `variance` must be set'.")
        if mean is not None:
            ms, vs = _value_shape(mean), _value_shape(var)
            if ms != vs:
                raise LayerError("SL114", f"Normalization mean has shape {ms} but variance {vs}; Keras raises "
                                          f"'`mean` and `variance` must have the same shape'.")
            if len(ms) > len(axis):
                raise LayerError("SL114", f"Normalization mean of shape {ms} has more axes than axis={cfg['axis']!r} "
                                          f"keeps ({len(axis)}); Keras raises.")
        return axis

    validate = _safe(_check)

    def _build(self, axis, build_shape, when):
        """Normalization.build: axes in range and known; (kept axes, broadcast shape)."""
        nd = len(build_shape)
        if any(a < -nd or a >= nd for a in axis):
            raise LayerError("SL114", f"Normalization axis={axis if len(axis) != 1 else axis[0]} is out of range for "
                                      f"{when} {fmt(build_shape)} (rank {nd}); Keras raises 'All `axis` values must be "
                                      f"in the range [-ndim, ndim)'.")
        keep = tuple(sorted(a if a >= 0 else a + nd for a in axis))
        for d in keep:
            if build_shape[d] is None:
                raise LayerError("SL114", f"Normalization keeps one mean and variance per position of axis {d}, but "
                                          f"that axis is None in {when} {fmt(build_shape)}; Keras raises 'All `axis` "
                                          f"values to be kept must have a known shape'. Give the input a fixed size "
                                          f"there, e.g. keras.Input(shape=(..., n_features)).")
            if not known(build_shape[d]):
                raise Unsure("kept dim")
        bshape = tuple(build_shape[d] if d in keep else 1 for d in range(nd))
        return keep, bshape

    def _adapt_shape(self, cfg):
        """The shape adapt() builds the layer with, or None when it was not adapted."""
        data = _adapted(cfg)
        if data is _NOT_ADAPTED:
            return None
        if _is_list(data) or isinstance(data, tuple):
            items = data.items if _is_list(data) else data
            if not items:
                raise LayerError("SL114", "Normalization.adapt() got an empty list; Keras raises 'adapt() received an "
                                          "empty iterable'. Pass a NumPy array.")
            first = items[0]
            if _is_array(first):
                data = first  # an iterable of batches: the first one sets the shape
            elif (isinstance(first, (int, float, str, tuple)) or _is_list(first)) and not isinstance(first, bool) \
                    or first is None:
                raise LayerError("SL114", "Normalization.adapt() got a Python list, which Keras reads as batches: its "
                                          "first item has no .shape, so Keras raises TypeError ('adapt() expects an "
                                          "iterable that yields arrays or tensors'). Pass np.array(...) instead.")
            else:
                raise Unsure("adapt data")
        if not _is_array(data) or data.shape is None:
            raise Unsure("adapt data")
        if not all(_int(d) for d in data.shape):
            raise Unsure("adapt shape")
        return tuple(data.shape)

    def _stats(self, cfg, shape):
        """(kept axes, broadcast shape, built from, weights) for a call on ``shape``."""
        axis = self._check(cfg)
        ashape = self._adapt_shape(cfg)
        if ashape is not None:
            keep, bshape = self._build(axis, ashape, "the data adapt() got,")
            return keep, bshape, ashape, cfg["mean"] is None
        keep, bshape = self._build(axis, shape, "its input")
        return keep, bshape, None, cfg["mean"] is None

    def output(self, cfg, shape, layer):
        keep, bshape, ashape, _ = self._stats(cfg, shape)
        if cfg["mean"] is not None:
            ms = _value_shape(cfg["mean"])
            if ms:
                expanded = [1] * len(shape)
                for i in range(1, len(ms) + 1):
                    expanded[keep[-i]] = ms[-i]
                for e, b in zip(expanded, bshape):
                    if known(b) and e != 1 and e != b:
                        raise LayerError(
                            "SL116", f"Normalization mean/variance of shape {ms} do not fit its input {fmt(shape)} "
                                     f"along the kept axis (size {b}); Keras raises when it broadcasts them "
                                     f"('Incompatible shapes'). Give one value per feature ({b}) or a scalar.")
        elif ashape is not None:
            bad = _broadcast_fails(tuple(shape), bshape)
            if bad is not None:
                feats = bshape[keep[-1]] if keep else 1
                raise LayerError(
                    "SL116", f"Normalization was adapted on data of shape {fmt(ashape)} ({feats} features along "
                             f"axis {keep[-1] if keep else '-'}), but it is called on {fmt(tuple(shape))}: its "
                             f"mean and variance (broadcast shape {fmt(bshape)}) do not fit the input "
                             f"({bad[0]} vs {bad[1]}), and Keras fails as soon as data flows (predict/fit: "
                             f"'Incompatible shapes'). Adapt it on data with the input's feature count, or feed it "
                             f"inputs like the adapted data.")
        return tuple(shape)

    def params(self, cfg, shape, layer):
        keep, bshape, _, weighted = self._stats(cfg, shape)
        if not weighted:
            return 0
        n = 1
        for d in keep:
            n *= bshape[d]
        return 2 * n + 1

    def non_trainable(self, cfg, shape, layer):
        return self.params(cfg, shape, layer)

    def why(self, cfg, shape, out, layer):
        keep, bshape, ashape, weighted = self._stats(cfg, shape)
        if not weighted:
            return ("mean and variance given: no weights",)
        n = 1
        for d in keep:
            n *= bshape[d]
        src = f"the adapted data {fmt(ashape)}" if ashape is not None else "its first input"
        return (f"non-trainable mean ({n}) + variance ({n}) + count (1), sized by {src}",)
