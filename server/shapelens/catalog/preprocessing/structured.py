"""The structured-data layers that bucket, count or hash features: Discretization,
CategoryEncoding, Hashing, HashedCrossing."""

from __future__ import annotations

from ..base import LayerError, Rule, Unsure, fmt, register
from ..spatial import literal
from .common import _I, _NOT_ADAPTED, _adapted, _dims_ok, _int, _safe


@register
class Discretization(Rule):
    name = "Discretization"

    def signature(bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False, dtype=None,
                  name=None): ...

    VALID = (_I + "x = keras.Input((3,))\ny = layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])(x)\n",
             _I + "x = keras.Input((1,))\nbins = layers.Discretization(num_bins=4, output_mode='one_hot')\n"
                  "bins.adapt([[0.0], [1.0], [2.0], [3.0]])\ny = bins(x)\n")
    INVALID = ((_I + "layer = layers.Discretization()\n", "SL114"),
               (_I + "layer = layers.Discretization(bin_boundaries=[0.0, 1.0], num_bins=3)\n", "SL114"))

    def _check(self, cfg):
        n = self.name
        for k in ("bin_boundaries", "num_bins", "output_mode", "sparse"):
            if not literal(cfg[k]):
                raise Unsure(k)
        mode, nb, bb = cfg["output_mode"], cfg["num_bins"], cfg["bin_boundaries"]
        if cfg["sparse"] and mode == "int":
            raise LayerError("SL114", f"{n} sparse=True needs output_mode 'one_hot', 'multi_hot' or 'count'; Keras "
                                      f"raises.")
        if mode not in ("int", "one_hot", "multi_hot", "count"):
            raise LayerError("SL114", f"{n} output_mode={mode!r} is not one of 'int', 'one_hot', 'multi_hot', "
                                      f"'count'; Keras raises.")
        if nb is not None and not _int(nb):
            raise Unsure("num_bins")
        if nb is not None and nb < 0:
            raise LayerError("SL114", f"{n} num_bins must be >= 0, got {nb}; Keras raises.")
        if nb is not None and bb is not None:
            raise LayerError("SL114", f"{n} takes num_bins or bin_boundaries, not both; Keras raises. Keep "
                                      f"bin_boundaries to fix the bins, or num_bins to learn them with adapt().")
        if nb is None and bb is None:
            raise LayerError("SL114", f"{n} needs bin_boundaries=[...] or num_bins=n (then adapt()); Keras raises "
                                      f"'You need to set either `num_bins` or `bin_boundaries`'.")

    validate = _safe(_check)

    def output(self, cfg, shape, layer):
        self._check(cfg)
        bb, nb, mode = cfg["bin_boundaries"], cfg["num_bins"], cfg["output_mode"]
        if _adapted(cfg) is not _NOT_ADAPTED and nb is None:
            raise LayerError("SL114", "Discretization was made with bin_boundaries, and Keras raises on its adapt() "
                                      "call ('Cannot adapt a Discretization layer that has been initialized with "
                                      "`bin_boundaries`'). Use num_bins to learn the bins.")
        if mode == "int":
            return tuple(shape)
        if bb is not None:
            if not isinstance(bb, tuple):
                raise Unsure("bin_boundaries")
            depth = len(bb) + 1
        else:
            depth = nb
        shape = tuple(shape)
        if mode == "one_hot":
            if shape and shape[-1] == 1 and len(shape) > 1:
                return shape[:-1] + (depth,)
            return shape + (depth,)
        if len(shape) >= 2:
            return (shape[0],) + shape[2:] + (depth,)
        return (depth,)


@register
class CategoryEncoding(Rule):
    name = "CategoryEncoding"

    def signature(num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs): ...

    VALID = (_I + "x = keras.Input((3,), dtype='int32')\ny = layers.CategoryEncoding(num_tokens=10)(x)\n",
             _I + "x = keras.Input((1,), dtype='int32')\ny = layers.CategoryEncoding(5, output_mode='one_hot')(x)\n")
    INVALID = ((_I + "layer = layers.CategoryEncoding()\n", "SL114"),
               (_I + "layer = layers.CategoryEncoding(0)\n", "SL114"))

    def _check(self, cfg):
        mode, n = cfg["output_mode"], cfg["num_tokens"]
        if not literal(mode) or not literal(n):
            raise Unsure("args")
        mode = "multi_hot" if mode == "binary" else mode
        if mode not in ("count", "one_hot", "multi_hot"):
            raise LayerError("SL114", f"CategoryEncoding output_mode={cfg['output_mode']!r} is not one of 'count', "
                                      f"'one_hot', 'multi_hot'; Keras raises 'Unknown arg for output_mode'.")
        if n is None:
            raise LayerError("SL114", "CategoryEncoding needs num_tokens (the number of categories); Keras raises. "
                                      "If the categories are not known beforehand, use IntegerLookup.")
        if isinstance(n, bool) or not isinstance(n, (int, float)):
            raise Unsure("num_tokens")
        if n < 1:
            raise LayerError("SL114", f"CategoryEncoding num_tokens must be >= 1, got {n}; Keras raises.")
        return mode, n

    validate = _safe(_check)

    def output(self, cfg, shape, layer):
        mode, n = self._check(cfg)
        shape = tuple(shape)
        if len(shape) == 0:
            out = (n,)
        elif mode == "one_hot":
            if shape[-1] != 1 or len(shape) == 1:
                out = shape + (n,)
            else:
                out = shape[:-1] + (n,)
        else:
            out = shape[:-1] + (n,)
        return _dims_ok(self.name, out)


@register
class Hashing(Rule):
    name = "Hashing"

    def signature(num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs): ...

    VALID = (_I + "x = keras.Input((1,), dtype='string')\ny = layers.Hashing(num_bins=8)(x)\n",
             _I + "x = keras.Input((2,), dtype='string')\ny = layers.Hashing(8, output_mode='multi_hot')(x)\n")
    INVALID = ((_I + "layer = layers.Hashing(0)\n", "SL114"),
               (_I + "layer = layers.Hashing(8, salt=(1, 2, 3))\n", "SL114"))

    def _check(self, cfg):
        nb, mode, dtype, salt = cfg["num_bins"], cfg["output_mode"], cfg.get("dtype"), cfg["salt"]
        for v in (nb, mode, salt, cfg["sparse"]):
            if not literal(v):
                raise Unsure("args")
        if nb is None or (isinstance(nb, (int, float)) and nb <= 0):
            raise LayerError("SL114", f"Hashing num_bins must be a positive number of bins, got {nb!r}; Keras raises.")
        if isinstance(nb, bool) or not isinstance(nb, (int, float)):
            raise Unsure("num_bins")
        if mode == "int":
            if dtype is not None and not (isinstance(dtype, str)):
                raise Unsure("dtype")
            if dtype is not None and dtype not in ("int32", "int64"):
                raise LayerError("SL114", f"Hashing with output_mode='int' outputs bin indices, so dtype must be "
                                          f"'int32' or 'int64', got {dtype!r}; Keras raises.")
        if mode not in ("int", "one_hot", "multi_hot", "count"):
            raise LayerError("SL114", f"Hashing output_mode={mode!r} is not one of 'int', 'one_hot', 'multi_hot', "
                                      f"'count'; Keras raises.")
        if cfg["sparse"] and mode == "int":
            raise LayerError("SL114", "Hashing sparse=True needs output_mode 'one_hot', 'multi_hot' or 'count'; Keras "
                                      "raises.")
        if salt is not None and not (isinstance(salt, tuple) and len(salt) == 2 or isinstance(salt, int)):
            raise LayerError("SL114", f"Hashing salt must be an int or a pair of ints, got {salt!r}; Keras raises.")
        return nb, mode

    validate = _safe(_check)

    def output(self, cfg, shape, layer):
        nb, mode = self._check(cfg)
        if mode == "int":
            return tuple(shape)
        shape = tuple(shape)
        return _dims_ok(self.name, (shape[:-1] if shape else ()) + (nb,))


@register
class HashedCrossing(Rule):
    name = "HashedCrossing"
    multi_input = True

    def signature(num_bins, output_mode="int", sparse=False, name=None, dtype=None, **kwargs): ...

    VALID = (_I + "a = keras.Input((1,), dtype='int64')\nb = keras.Input((1,), dtype='string')\n"
                  "y = layers.HashedCrossing(num_bins=16)([a, b])\n",)
    INVALID = ((_I + "a = keras.Input((2,), dtype='int64')\nb = keras.Input((3,), dtype='int64')\n"
                     "y = layers.HashedCrossing(num_bins=16, output_mode='one_hot')([a, b])\n", "SL116"),
               (_I + "layer = layers.HashedCrossing(16, output_mode='multi_hot')\n", "SL114"))

    def _check(self, cfg):
        mode = cfg["output_mode"]
        if not literal(mode):
            raise Unsure("output_mode")
        if mode not in ("int", "one_hot"):
            raise LayerError("SL114", f"HashedCrossing output_mode must be 'int' or 'one_hot', got {mode!r}; Keras "
                                      f"raises.")
        return mode

    validate = _safe(_check)

    def output(self, cfg, shapes, layer):
        mode = self._check(cfg)
        if len(shapes) != 2:
            raise LayerError("SL107", f"HashedCrossing crosses exactly 2 features, but gets a list of {len(shapes)} "
                                      f"tensors; Keras raises 'Expected as input a list/tuple of 2 tensors'. Chain "
                                      f"two HashedCrossing layers to cross more.")
        a, b = tuple(shapes[0]), tuple(shapes[1])
        if not a or not b:
            raise Unsure("rank 0")
        if a[-1] != b[-1] and not (isinstance(a[-1], str) or isinstance(b[-1], str)):
            raise LayerError("SL116", f"HashedCrossing needs two inputs of the same shape, but gets {fmt(a)} and "
                                      f"{fmt(b)}; Keras raises 'Expected the two input tensors to have identical "
                                      f"shapes'. Give both features the same shape, e.g. (batch, 1).")
        if isinstance(a[-1], str) or isinstance(b[-1], str):
            raise Unsure("dim")
        nb = cfg["num_bins"]
        if mode == "int":
            return a
        if not _int(nb):
            raise Unsure("num_bins")
        if a[-1] != 1:
            return a + (nb,)
        return a[:-1] + (nb,)
