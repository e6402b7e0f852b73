"""Core, normalization, regularization, reshaping and embedding layers."""

from __future__ import annotations

from .base import UNKNOWN_DIM, LayerError, Rule, Unsure, fmt, known, need_dim, need_int, positive_int, rate_0_1, register

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
class Dense(Rule):
    name = "Dense"
    min_ndim = 2

    def signature(units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                  bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                  lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((10, 3))\ny = layers.Dense(5)(x)\n",
        _I + "model = keras.Sequential([keras.Input((8,)), layers.Dense(4, activation='relu'), layers.Dense(1)])\n",
    )
    INVALID = (
        (_I + "x = keras.Input((8,))\ny = layers.Dense(0)(x)\n", "SL114"),
        (_I + "x = keras.Input((8,))\ny = layers.Dense(2.5)(x)\n", "SL114"),
    )

    def validate(self, cfg):
        positive_int(cfg["units"], "Dense", "units")

    def output(self, cfg, shape, layer):
        return tuple(shape[:-1]) + (cfg["units"] if known(cfg["units"]) else UNKNOWN_DIM,)

    def why(self, cfg, shape, out, layer):
        notes = []
        if len(shape) > 2:
            notes.append(f"Dense acts on the last axis only: {len(shape)}-D in, {len(shape)}-D out")
        f, u = shape[-1], cfg["units"]
        if known(f) and known(u) and cfg["use_bias"] is True:
            notes.append(f"params = {f}·{u} weights + {u} biases = {f * u + u:,}")
        return tuple(notes)

    def params(self, cfg, shape, layer):
        f = need_dim(shape, -1, "Dense")
        u = need_int(cfg["units"])
        return f * u + (u if cfg["use_bias"] is True else 0) if cfg["use_bias"] in (True, False) else None


class _Identity(Rule):
    def output(self, cfg, shape, layer):
        return tuple(shape)


def _identity(name, sig, **attrs):
    cls = type(name, (_Identity,), {"name": name, "signature": staticmethod(sig), **attrs})
    return register(cls)


_identity("Activation", lambda activation, **kwargs: None)
def _validate_rate(self, cfg):
    rate_0_1(cfg.get("rate"), self.name)


_identity("Dropout", lambda rate, noise_shape=None, seed=None, **kwargs: None, validate=_validate_rate)
_identity("GaussianNoise", lambda stddev, seed=None, **kwargs: None)
_identity("GaussianDropout", lambda rate, seed=None, **kwargs: None, validate=_validate_rate)
# AlphaDropout: keras.layers checks the rate but tensorflow.keras.layers builds AlphaDropout(1.2): say nothing.
_identity("AlphaDropout", lambda rate, noise_shape=None, seed=None, **kwargs: None)
_identity("ActivityRegularization", lambda l1=0.0, l2=0.0, **kwargs: None)
def _validate_relu(self, cfg):
    for arg in ("max_value", "negative_slope", "threshold"):
        v = cfg.get(arg)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
            raise LayerError("SL114", f"ReLU {arg} cannot be negative, got {v!r}.")


_identity("ReLU", lambda max_value=None, negative_slope=0.0, threshold=0.0, **kwargs: None, validate=_validate_relu)
_identity("LeakyReLU", lambda negative_slope=0.3, alpha=None, **kwargs: None)  # alpha: Keras 2's name, still accepted
def _prelu_params(self, cfg, shape, layer):
    axes = cfg.get("shared_axes")
    if axes is None:
        shared = set()
    elif known(axes):
        shared = {axes}
    elif isinstance(axes, tuple) and all(known(a) for a in axes):
        shared = set(axes)
    else:
        raise Unsure("shared_axes")
    if any(not 1 <= a < len(shape) for a in shared):
        raise LayerError("SL114", f"PReLU shared_axes={tuple(sorted(shared))} names an axis its {len(shape)}-D input "
                         f"{fmt(shape)} does not have.")
    n = 1
    for k in range(1, len(shape)):
        if k in shared:
            continue
        n *= need_dim(shape, k, "PReLU", "non-batch")
    return n


_identity("PReLU", lambda alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None, shared_axes=None, **kwargs: None,
          params=_prelu_params)
_identity("ELU", lambda alpha=1.0, **kwargs: None)
_identity("Softmax", lambda axis=-1, **kwargs: None)
_identity("Masking", lambda mask_value=0.0, **kwargs: None)
_identity("SpatialDropout1D", lambda rate, seed=None, name=None, dtype=None: None, ndim=3,
          expects="(batch, timesteps, channels)")
_identity("SpatialDropout2D", lambda rate, data_format=None, seed=None, name=None, dtype=None: None, ndim=4)


def _axis_size(cfg, shape, weighted=True):
    axis = cfg["axis"]
    if isinstance(axis, int) and not isinstance(axis, bool):
        axes = [axis]
    elif isinstance(axis, (tuple, list)) and all(known(a) for a in axis):
        axes = list(axis)
    else:
        raise Unsure("axis")
    total = 1
    for a in axes:
        if not -len(shape) <= a < len(shape):
            raise LayerError("SL114", f"axis={cfg['axis']} is out of range for an input of rank {len(shape)} {fmt(shape)}.")
        if weighted:
            total *= need_dim(shape, a, "This normalization layer", "normalized")
    return total


@register
class BatchNormalization(_Identity):
    name = "BatchNormalization"

    def signature(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
                  beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
                  moving_variance_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                  beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None,
                  renorm_momentum=0.99, synchronized=False, **kwargs): ...

    def params(self, cfg, shape, layer):
        c = _axis_size(cfg, shape)
        if cfg["center"] not in (True, False) or cfg["scale"] not in (True, False) or cfg["renorm"] is not False:
            raise Unsure("flags")
        return c * (2 + int(cfg["center"]) + int(cfg["scale"]))

    def non_trainable(self, cfg, shape, layer):
        return 2 * _axis_size(cfg, shape)


@register
class LayerNormalization(_Identity):
    name = "LayerNormalization"

    def signature(axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer="zeros",
                  gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                  beta_constraint=None, gamma_constraint=None, **kwargs): ...

    def params(self, cfg, shape, layer):
        if cfg["center"] not in (True, False) or cfg["scale"] not in (True, False):
            raise Unsure("flags")
        n = int(cfg["center"]) + int(cfg["scale"])
        c = _axis_size(cfg, shape, weighted=n > 0)  # no weights: a None axis is fine
        return c * n


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


@register
class Lambda(Rule):
    name = "Lambda"
    accepts_any = True  # the function decides what it takes (a tensor, a list, ...)

    def signature(function, output_shape=None, mask=None, arguments=None, **kwargs): ...

    def output(self, cfg, shape, layer):
        return None  # arbitrary Python: unknown


@register
class Embedding(Rule):
    name = "Embedding"

    def signature(input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                  embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None,
                  lora_alpha=None, quantization_config=None, input_length=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((20,))\ny = layers.Embedding(1000, 32)(x)\n",)

    def validate(self, cfg):
        positive_int(cfg["input_dim"], "Embedding", "input_dim")
        positive_int(cfg["output_dim"], "Embedding", "output_dim")

    def output(self, cfg, shape, layer):
        od = cfg["output_dim"]
        return tuple(shape) + (od if known(od) else UNKNOWN_DIM,)

    def params(self, cfg, shape, layer):
        return need_int(cfg["input_dim"]) * need_int(cfg["output_dim"])

    def why(self, cfg, shape, out, layer):
        return (f"each integer id becomes a vector of {cfg['output_dim']}: a new last axis",)


@register
class InputLayer(Rule):
    """Only used for naming/summary rows; keras.Input is handled by the interpreter."""

    name = "InputLayer"

    def signature(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
                  input_tensor=None, optional=False, name=None, **kwargs): ...
