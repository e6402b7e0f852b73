"""Core layers: Dense and EinsumDense, the layers that keep their input's shape (activations,
dropouts and noise, regularization, Masking, Identity), Lambda and InputLayer.  The normalization
layers are in normalization.py, the reshaping layers in reshaping.py, the embeddings in
embedding.py."""

from __future__ import annotations

from .base import (
    UNKNOWN_DIM,
    LayerError,
    Rule,
    Unsure,
    fmt,
    known,
    need_dim,
    need_int,
    positive_int,
    rate_0_1,
    register,
)

_I = "import keras\nfrom keras import layers\n"


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


def _int_axis(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


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
class Lambda(Rule):
    name = "Lambda"
    accepts_any = True  # the function decides what it takes (a tensor, a list, ...)

    def signature(function, output_shape=None, mask=None, arguments=None, **kwargs): ...

    def output(self, cfg, shape, layer):
        return None  # arbitrary Python: unknown


@register
class InputLayer(Rule):
    """Only used for naming/summary rows; keras.Input is handled by the interpreter."""

    name = "InputLayer"

    def signature(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
                  input_tensor=None, optional=False, name=None, **kwargs): ...
