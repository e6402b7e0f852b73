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
def _validate_spatial_dropout(self, cfg):
    rate_0_1(cfg.get("rate"), self.name)  # Dropout.__init__
    df = cfg.get("data_format")  # backend.standardize_data_format (already lower-cased)
    if isinstance(df, str) and df not in ("channels_first", "channels_last"):
        raise LayerError("SL114", f"{self.name} data_format must be 'channels_first' or 'channels_last', got {df!r}.")


# BaseSpatialDropout takes no **kwargs: (rate, [data_format,] seed, name, dtype) only
_identity("SpatialDropout1D", lambda rate, seed=None, name=None, dtype=None: None, ndim=3,
          expects="(batch, timesteps, channels)", validate=_validate_spatial_dropout)
_identity("SpatialDropout2D", lambda rate, data_format=None, seed=None, name=None, dtype=None: None, ndim=4,
          expects="(batch, rows, cols, channels)", validate=_validate_spatial_dropout,
          VALID=(_I + "x = keras.Input((8, 8, 3))\ny = layers.SpatialDropout2D(0.2)(x)\n",),
          INVALID=((_I + "x = keras.Input((8, 8, 3))\ny = layers.SpatialDropout2D(1.5)(x)\n", "SL114"),))
_identity("SpatialDropout3D", lambda rate, data_format=None, seed=None, name=None, dtype=None: None, ndim=5,
          expects="(batch, dim1, dim2, dim3, channels)", validate=_validate_spatial_dropout,
          VALID=(_I + "x = keras.Input((4, 8, 8, 3))\ny = layers.SpatialDropout3D(0.2)(x)\n",),
          INVALID=((_I + "x = keras.Input((8, 8, 3))\ny = layers.SpatialDropout3D(0.2)(x)\n", "SL101"),
                   (_I + "x = keras.Input((4, 8, 8, 3))\ny = layers.SpatialDropout3D(0.2, data_format='nhwc')(x)\n",
                    "SL114")))
_identity("Identity", lambda **kwargs: None,
          VALID=(_I + "x = keras.Input((10, 3))\ny = layers.Identity()(x)\n",),
          INVALID=((_I + "x = keras.Input((10, 3))\ny = layers.Identity(units=3)(x)\n", "SL114"),))


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


def _int_axis(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _axes_in_range(name, cfg, shape):
    """compute_output_shape of GroupNormalization, UnitNormalization, RMSNormalization: every
    axis must be in [-rank, rank)."""
    axis = cfg["axis"]
    axes = [axis] if _int_axis(axis) else list(axis) if isinstance(axis, tuple) else None
    if axes is None or not all(_int_axis(a) for a in axes):
        raise Unsure("axis")
    for a in axes:
        if a >= len(shape) or a < -len(shape):
            raise LayerError("SL114", f"{name}(axis={axis!r}) names axis {a}, which its {len(shape)}-D input "
                             f"{fmt(shape)} does not have; use an axis between {-len(shape)} and {len(shape) - 1} "
                             f"(usually -1, the features).")
    return axes


def _bool_flag(cfg, key):
    v = cfg.get(key)
    if v is True or v is False:
        return v
    raise Unsure(key)


@register
class GroupNormalization(_Identity):
    name = "GroupNormalization"

    def signature(groups=32, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                  gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                  beta_constraint=None, gamma_constraint=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((16, 16, 32))\ny = layers.GroupNormalization(groups=8)(x)\n",
        _I + "x = keras.Input((10, 6))\ny = layers.GroupNormalization(-1)(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((16, 16, 30))\ny = layers.GroupNormalization(groups=8)(x)\n", "SL114"),
        (_I + "x = keras.Input((10, 6))\ny = layers.GroupNormalization()(x)\n", "SL114"),
        (_I + "x = keras.Input((10, 6))\ny = layers.GroupNormalization(groups=0)(x)\n", "SL114"),
    )

    def validate(self, cfg):
        g = cfg["groups"]
        # `not isinstance(groups, int) or (groups <= 0 and groups != -1)` (a bool is an int)
        if isinstance(g, (float, str)) or g is None or (_int_axis(g) and g <= 0 and g != -1):
            raise LayerError("SL114", f"GroupNormalization groups must be a positive int (or -1 for instance "
                             f"normalization), got {g!r}.")

    def _channels(self, cfg, shape):
        axis = cfg["axis"]
        if isinstance(axis, tuple) and axis:
            raise LayerError("SL114", f"GroupNormalization normalizes groups of one axis, but axis={axis!r} is a "
                             f"list; Keras fails indexing the input shape with it. Give one int axis.")
        if not _int_axis(axis):
            raise Unsure("axis")
        if not -len(shape) <= axis < len(shape):
            raise LayerError("SL114", f"GroupNormalization(axis={axis}) names an axis its {len(shape)}-D input "
                             f"{fmt(shape)} does not have; use -1 (the channels).")
        dim = shape[axis]
        if dim is None:
            raise LayerError("SL117", f"GroupNormalization splits axis {axis} into groups, but that axis is None in "
                             f"{fmt(shape)}; Keras raises 'Axis {axis} of input tensor should have a defined "
                             f"dimension'. Give the input a fixed size there.")
        dim = need_int(dim, "channels")
        g = cfg["groups"]
        if not _int_axis(g):
            raise Unsure("groups")
        if g == -1:
            g = dim
        if dim < g:
            raise LayerError("SL114", f"GroupNormalization(groups={g}) needs at least {g} channels, but axis {axis} of "
                             f"{fmt(shape)} has {dim}; Keras raises 'Number of groups ({g}) cannot be more than the "
                             f"number of channels ({dim})'. Use a number of groups that divides {dim}.")
        if dim % g:
            divs = [k for k in range(1, dim + 1) if dim % k == 0]
            raise LayerError("SL114", f"GroupNormalization(groups={g}) must split the {dim} channels of {fmt(shape)} "
                             f"into equal groups, but {dim} is not a multiple of {g}; use a divisor of {dim} "
                             f"({', '.join(map(str, divs))}).")
        return dim

    def output(self, cfg, shape, layer):
        self._channels(cfg, shape)  # build comes first
        _axes_in_range("GroupNormalization", cfg, shape)
        return tuple(shape)

    def params(self, cfg, shape, layer):
        dim = self._channels(cfg, shape)
        return dim * (int(_bool_flag(cfg, "scale")) + int(_bool_flag(cfg, "center")))


@register
class UnitNormalization(_Identity):
    name = "UnitNormalization"

    def signature(axis=-1, **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 3))\ny = layers.UnitNormalization(axis=[1, 2])(x)\n",)
    INVALID = (
        (_I + "x = keras.Input((10,))\ny = layers.UnitNormalization(axis=2)(x)\n", "SL114"),
        (_I + "x = keras.Input((10,))\ny = layers.UnitNormalization(axis=None)(x)\n", "SL114"),
    )

    def validate(self, cfg):
        axis = cfg["axis"]
        if axis is None or isinstance(axis, (float, str)):
            raise LayerError("SL114", f"UnitNormalization axis must be an int or a list of ints, got {axis!r}; "
                             f"Keras raises a TypeError.")

    def output(self, cfg, shape, layer):
        _axes_in_range("UnitNormalization", cfg, shape)
        return tuple(shape)


@register
class RMSNormalization(_Identity):
    name = "RMSNormalization"

    def signature(axis=-1, epsilon=1e-6, **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 16))\ny = layers.RMSNormalization()(x)\n",)
    INVALID = (
        (_I + "x = keras.Input((10, 16))\ny = layers.RMSNormalization(axis=3)(x)\n", "SL114"),
        (_I + "x = keras.Input((10, None))\ny = layers.RMSNormalization()(x)\n", "SL117"),
    )

    def _scale_shape(self, cfg, shape):
        axis = cfg["axis"]
        if isinstance(axis, tuple):
            if not all(_int_axis(a) for a in axis):
                raise Unsure("axis")
            axes = sorted(axis)
        elif _int_axis(axis):
            axes = [axis]
        else:
            raise Unsure("axis")
        for a in axes:
            if not -len(shape) <= a < len(shape):
                raise LayerError("SL114", f"RMSNormalization(axis={axis!r}) names axis {a}, which its {len(shape)}-D "
                                 f"input {fmt(shape)} does not have; use -1 (the features).")
        dims = [shape[a] for a in axes]
        if any(d is None for d in dims):
            raise LayerError("SL117", f"RMSNormalization sizes its scale by axis {axis!r} of the input, but it is None "
                             f"in {fmt(shape)}; Keras raises 'Shapes used to initialize variables must be "
                             f"fully-defined'. Give the input a fixed size there.")
        return [need_int(d) for d in dims]

    def output(self, cfg, shape, layer):
        self._scale_shape(cfg, shape)
        return tuple(shape)

    def params(self, cfg, shape, layer):
        n = 1
        for d in self._scale_shape(cfg, shape):
            n *= d
        return n


# -- EinsumDense ----------------------------------------------------------------------------

class _EinsumError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _analyze_einsum(equation, bias_axes, input_shape, output_shape):
    """keras.src.layers.core.einsum_dense._analyze_einsum_string, step by step (its quirks
    included: the ``re.match`` prefix match, the reversed order of the dims a left ``...``
    stands for in the output).  Returns (kernel shape, bias shape or None, output shape)."""
    import re

    s = re.sub(r"\.\.\.", "0", equation)
    m = re.match("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", s)
    left = False
    if not m:
        m = re.match("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", s)
        left = bool(m)
    if not m:
        m = re.match("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", s)
    if not m:
        raise _EinsumError("SL114", f"EinsumDense equation {equation!r} is not of the form 'ab,bc->ac', "
                           f"'...b,bc->...c' or 'ab...,bc->ac...'; Keras raises 'Invalid einsum equation'.")
    input_spec, weight_spec, output_spec = m.group(1), m.group(2), m.group(3)
    elided = len(input_shape) - len(input_spec)
    if elided < 0:
        raise _EinsumError("SL101", f"EinsumDense('{equation}') names {len(input_spec)} input axes "
                           f"'{input_spec}', but its input {fmt(tuple(input_shape))} has {len(input_shape)}; "
                           f"give the input {len(input_spec)} axes (batch included) or change the equation.")
    out = list(output_shape)
    out.insert(0, input_shape[0])
    if elided > 0 and left:
        for i in range(1, elided):
            out.insert(1, input_shape[i])
    elif elided > 0 and not left:
        for i in range(len(input_shape) - elided, len(input_shape)):
            out.append(input_shape[i])
    if left:
        in_map = {d: (i + elided) - len(input_shape) for i, d in enumerate(input_spec)}
        out_map = {d: i + elided for i, d in enumerate(output_spec)}
    else:
        in_map = {d: i for i, d in enumerate(input_spec)}
        out_map = {d: i for i, d in enumerate(output_spec)}

    def at(lst, i, what):
        try:
            return lst[i]
        except IndexError:
            raise _EinsumError("SL114", f"EinsumDense('{equation}') has no {what} size for its axis {i}: "
                               f"output_shape={tuple(output_shape)!r} is too short for the output "
                               f"'{output_spec}'; Keras fails with 'index out of range'.")

    for d in input_spec:
        n = at(input_shape, in_map[d], "input")
        if d in out_map:
            o = at(out, out_map[d], "output")
            if o is not None and o != n:
                raise _EinsumError("SL114", f"EinsumDense('{equation}'): axis '{d}' is in both the input and the output, "
                                   f"but the input {fmt(tuple(input_shape))} has {n} there and "
                                   f"output_shape={tuple(output_shape)!r} says {o}; Keras raises 'Input shape and "
                                   f"output shape do not match'. Use {n} (or None) for it in output_shape.")
    for d in output_spec:
        if d not in input_spec and d not in weight_spec:
            raise _EinsumError("SL114", f"EinsumDense('{equation}'): output axis '{d}' is in neither the input "
                               f"'{input_spec}' nor the weight '{weight_spec}'; Keras raises. Add it to the weight.")
    kernel = []
    for d in weight_spec:
        if d in out_map:
            kernel.append(at(out, out_map[d], "output"))
        elif d in in_map:
            kernel.append(at(input_shape, in_map[d], "input"))
        else:
            raise _EinsumError("SL114", f"EinsumDense('{equation}'): weight axis '{d}' is in neither the input "
                               f"'{input_spec}' nor the output '{output_spec}'; Keras raises 'the weight must be "
                               f"fully specified'.")
    bias = None
    if bias_axes is not None:
        skip = elided if left else 0
        idx = {c: at(out, i + skip, "output") for i, c in enumerate(output_spec)}
        for c in bias_axes:
            if c not in output_spec:
                raise _EinsumError("SL114", f"EinsumDense bias_axes={bias_axes!r}: '{c}' is not an axis of the output "
                                   f"'{output_spec}'; Keras raises. Use letters of '{output_spec}'.")
        if not bias_axes:
            raise _EinsumError("SL114", "EinsumDense bias_axes='' names no axis; Keras fails (min() of an empty "
                               "list). Use None for no bias.")
        first = min(output_spec.find(c) for c in bias_axes)
        bias = [idx[c] if c in bias_axes else 1 for c in output_spec[first:]]
        if not left:
            bias += [1] * elided
    return kernel, bias, out


def _weight_size(shape, what, equation):
    n = 1
    for d in shape:
        if d is None:
            raise LayerError("SL117", f"EinsumDense('{equation}') would make a {what} of shape {fmt(tuple(shape))}: "
                             f"Keras raises 'Shapes used to initialize variables must be fully-defined'. Give "
                             f"output_shape a size there, or the input a fixed size.")
        if d < 0:
            raise LayerError("SL114", f"EinsumDense('{equation}') would make a {what} of shape {fmt(tuple(shape))}; "
                             f"Keras raises 'Negative dimensions are not allowed'.")
        n *= d
    return n


@register
class EinsumDense(Rule):
    name = "EinsumDense"

    def signature(equation, output_shape, activation=None, bias_axes=None, kernel_initializer="glorot_uniform",
                  bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                  kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                  gptq_unpacked_column_size=None, quantization_config=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((10, 32))\ny = layers.EinsumDense('abc,cd->abd', output_shape=(10, 64), bias_axes='d')(x)\n",
        _I + "x = keras.Input((10, 32))\ny = layers.EinsumDense('...b,bc->...c', 64)(x)\n",
        _I + "x = keras.Input((10, 32))\ny = layers.EinsumDense('abc,cde->abde', (None, 4, 8), bias_axes='de')(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((10, 32))\ny = layers.EinsumDense('abc,cd->abd', output_shape=64)(x)\n", "SL114"),
        (_I + "x = keras.Input((10, 32))\ny = layers.EinsumDense('abc->abd', output_shape=(10, 64))(x)\n", "SL114"),
        (_I + "x = keras.Input((10, 32))\ny = layers.EinsumDense('abc,cd->abd', (10, 64), bias_axes='e')(x)\n", "SL114"),
        (_I + "x = keras.Input((32,))\ny = layers.EinsumDense('abc,cd->abd', output_shape=(10, 64))(x)\n", "SL101"),
        (_I + "x = keras.Input((10, 32))\ny = layers.EinsumDense('abc,cd->abd', (10, None))(x)\n", "SL117"),
    )

    def validate(self, cfg):
        osh = cfg["output_shape"]  # __init__: (output_shape,) for an int, else tuple(output_shape)
        if osh is None or isinstance(osh, (float, bool)):
            raise LayerError("SL114", f"EinsumDense output_shape must be an int or a tuple of ints (the output "
                             f"without the batch axis), got {osh!r}; Keras raises a TypeError.")

    def _analysis(self, cfg, shape):
        eq, bias_axes, osh = cfg["equation"], cfg["bias_axes"], cfg["output_shape"]
        if not isinstance(eq, str):
            raise Unsure("equation")
        if bias_axes is not None and not isinstance(bias_axes, str):
            raise Unsure("bias_axes")
        if _int_axis(osh):
            osh = (osh,)
        if not isinstance(osh, tuple) or not all(d is None or _int_axis(d) for d in osh):
            raise Unsure("output_shape")
        if not all(d is None or known(d) for d in shape):
            raise Unsure("symbolic")
        try:
            return _analyze_einsum(eq, bias_axes, tuple(shape), osh)
        except _EinsumError as e:
            raise LayerError(e.code, e.message)

    def output(self, cfg, shape, layer):
        kernel, bias, out = self._analysis(cfg, shape)
        eq = cfg["equation"]
        _weight_size(kernel, "kernel", eq)  # build runs before the output shape
        if bias is not None:
            _weight_size(bias, "bias", eq)
        return tuple(out)

    def params(self, cfg, shape, layer):
        if cfg["lora_rank"] is not None or cfg["quantization_config"] is not None:
            raise Unsure("lora")
        kernel, bias, _ = self._analysis(cfg, shape)
        eq = cfg["equation"]
        return _weight_size(kernel, "kernel", eq) + (_weight_size(bias, "bias", eq) if bias is not None else 0)


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
class ReversibleEmbedding(Embedding):
    """An Embedding whose call with ``reverse=True`` maps vectors back to logits over the
    vocabulary: ``(..., output_dim) -> (..., input_dim)`` by the (tied) embedding matrix."""

    name = "ReversibleEmbedding"

    def signature(input_dim, output_dim, tie_weights=True, embeddings_initializer="uniform",
                  embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False, reverse_dtype=None,
                  logit_soft_cap=None, weights=None, lora_rank=None, lora_alpha=None, quantization_config=None,
                  input_length=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((20,), dtype='int32')\ny = layers.ReversibleEmbedding(1000, 32)(x)\n",
        _I + "x = keras.Input((20,), dtype='int32')\nemb = layers.ReversibleEmbedding(1000, 32)\nh = emb(x)\n"
             "logits = emb(h, reverse=True)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((20,), dtype='int32')\ny = layers.ReversibleEmbedding(0, 32)(x)\n", "SL114"),
        (_I + "x = keras.Input((20, 16))\ny = layers.ReversibleEmbedding(1000, 32)(x, reverse=True)\n", "SL116"),
    )

    def validate(self, cfg):
        positive_int(cfg["input_dim"], "ReversibleEmbedding", "input_dim")
        positive_int(cfg["output_dim"], "ReversibleEmbedding", "output_dim")

    def _reverse(self, cfg):
        """The call's ``reverse`` argument, ``call(inputs, reverse=False)``: the engine passes the
        call's arguments after the input as cfg['_call'] = {"args": (...), "kwargs": {...}}."""
        call = cfg.get("_call")
        if not isinstance(call, dict):
            raise Unsure("call arguments")  # not passed: a reverse=True call would look like a forward one
        args, kwargs = call.get("args", ()), call.get("kwargs", {})
        for a in args:
            if isinstance(a, (bool, int, float, str)):
                raise LayerError("SL114", f"ReversibleEmbedding gets {a!r} as a positional argument; Keras raises "
                                 f"'Only input tensors may be passed as positional arguments'. Pass it by keyword: "
                                 f"emb(x, reverse={a!r}).")
        if args:
            raise Unsure("positional call argument")
        v = kwargs.get("reverse", False)
        if v is True or v is False or v is None:
            return bool(v)
        raise Unsure("reverse")

    def output(self, cfg, shape, layer):
        if not self._reverse(cfg):
            return super().output(cfg, shape, layer)
        d, od = shape[-1], cfg["output_dim"]
        if known(d) and known(od) and d != od:
            raise LayerError("SL116", f"ReversibleEmbedding(reverse=True) multiplies its input {fmt(shape)} by the "
                             f"transposed {cfg['input_dim']}×{od} embedding matrix, so the last axis must be "
                             f"output_dim={od}, not {d}; Keras fails when the model runs. Project the input to {od} "
                             f"features first (e.g. Dense({od})).")
        vocab = cfg["input_dim"]
        return tuple(shape[:-1]) + (vocab if known(vocab) else UNKNOWN_DIM,)

    def params(self, cfg, shape, layer):
        if cfg["tie_weights"] not in (True, False) or cfg["lora_rank"] is not None or cfg["quantization_config"] is not None:
            raise Unsure("flags")
        n = need_int(cfg["input_dim"]) * need_int(cfg["output_dim"])
        return n if cfg["tie_weights"] else 2 * n

    def why(self, cfg, shape, out, layer):
        try:
            rev = self._reverse(cfg)
        except Unsure:
            return ()
        if rev:
            return (f"reverse=True: vectors of {cfg['output_dim']} become logits over the {cfg['input_dim']} ids",)
        return super().why(cfg, shape, out, layer)


@register
class InputLayer(Rule):
    """Only used for naming/summary rows; keras.Input is handled by the interpreter."""

    name = "InputLayer"

    def signature(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
                  input_tensor=None, optional=False, name=None, **kwargs): ...
