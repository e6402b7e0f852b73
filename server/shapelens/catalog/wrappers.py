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
        if err and (inner.rule.name.startswith(("Conv", "SeparableConv", "DepthwiseConv"))
                    or inner.rule.name in ("LSTM", "GRU", "SimpleRNN")):
            raise LayerError("SL101", f"TimeDistributed applies {inner.rule.name} to each time step, so it sees "
                             f"{fmt(ishape)}: {err}; {inner.rule.name} needs {inner.rule.expected_rank_text()}.")
        if err and isinstance(inner.rule, _Pool) and not isinstance(inner.rule, _GlobalPool):
            # Keras computes the symbolic shape anyway; TensorFlow's kernel may fail once data flows
            msg = inner.rule.step_error(inner.cfg, ishape)  # (may raise Unsure)
            if msg:
                raise LayerError("SL101", f"TimeDistributed applies {inner.rule.name} to each time step: {msg}; "
                                 f"Keras builds the model, then raises as soon as data flows. "
                                 f"{inner.rule.name} needs {inner.rule.expected_rank_text()}.")
            out = inner.rule.output(inner.cfg, ishape, inner)
            return (shape[0], shape[1]) + tuple(out[1:])
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


# The layers SpectralNormalization can normalize (they have a ``kernel`` or ``embeddings``
# weight), with the size of that weight's last axis: the length of the ``vector_u`` it adds.
def _kernel_last(inner, shape):
    cfg, rule = inner.cfg, inner.rule.name
    if rule == "Dense":
        return cfg["units"]
    if rule in ("Conv1D", "Conv2D", "Conv3D"):
        return cfg["filters"]
    if rule in ("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"):  # kernel (..., filters, in_channels)
        if cfg.get("data_format") not in (None, "channels_last"):
            raise Unsure("data_format")
        return shape[-1]
    if rule in ("DepthwiseConv1D", "DepthwiseConv2D"):  # kernel (..., in_channels, depth_multiplier)
        return cfg.get("depth_multiplier", 1)
    if rule in ("Embedding", "ReversibleEmbedding"):
        return cfg["output_dim"]
    if rule == "EinsumDense":
        kernel, _, _ = inner.rule._analysis(cfg, shape)
        return kernel[-1] if kernel else None
    raise Unsure("kernel")


# Layers Keras builds without a ``kernel`` or ``embeddings`` attribute: SpectralNormalization
# raises "<Layer> object has no attribute 'kernel' nor 'embeddings'" on them.
_NO_KERNEL = frozenset({
    "Activation", "ActivityRegularization", "AlphaDropout", "BatchNormalization", "Dropout", "ELU", "Flatten",
    "GaussianDropout", "GaussianNoise", "GroupNormalization", "Identity", "LayerNormalization", "LeakyReLU",
    "Masking", "Permute", "PReLU", "ReLU", "RepeatVector", "Reshape", "RMSNormalization", "Softmax",
    "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "UnitNormalization", "LSTM", "GRU", "SimpleRNN",
    "SeparableConv1D", "SeparableConv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
})


@register
class SpectralNormalization(Rule):
    """Wraps a layer with a kernel; Wrapper.build builds the inner layer on the input shape
    (without the inner layer's input checks), the output is the inner layer's
    compute_output_shape, and the params are the inner layer's plus a non-trainable vector u
    of the kernel's last-axis size."""

    name = "SpectralNormalization"

    def signature(layer, power_iterations=1, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((28, 28, 1))\ny = layers.SpectralNormalization(layers.Conv2D(8, 3))(x)\n",
        _I + "x = keras.Input((16,))\ny = layers.SpectralNormalization(layers.Dense(4), power_iterations=2)(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((10, 3))\ny = layers.SpectralNormalization(layers.LSTM(4))(x)\n", "SL114"),
        (_I + "x = keras.Input((16,))\ny = layers.SpectralNormalization(layers.Dense(4), power_iterations=0)(x)\n",
         "SL114"),
    )

    def validate(self, cfg):
        inner = cfg["layer"]
        if inner is None or isinstance(inner, (str, int, float, bool, tuple)):
            raise LayerError("SL114", f"SpectralNormalization wraps a layer (e.g. layers.Dense(64)), got {inner!r}; "
                             f"Keras raises 'isn't a supported layer type'.")
        p = cfg["power_iterations"]
        if isinstance(p, (int, float)) and not isinstance(p, bool) and p <= 0:
            raise LayerError("SL114", f"SpectralNormalization power_iterations must be greater than zero, got {p!r}.")

    def _inner(self, cfg):
        inner = cfg.get("layer")
        if getattr(inner, "rule", None) is None or not hasattr(inner, "cfg"):
            raise Unsure("layer")
        if inner.rule.name in _NO_KERNEL:
            raise LayerError("SL114", f"SpectralNormalization normalizes a layer's kernel, but {inner.rule.name} has "
                             f"none; Keras raises '{inner.rule.name} object has no attribute 'kernel' nor "
                             f"'embeddings''. Wrap a Dense, Conv or Embedding layer.")
        return inner

    def _inner_output(self, inner, shape):
        err = inner.rule.check_rank(shape)
        if err:
            if inner.rule.name in ("Conv1D", "Conv2D", "Conv3D"):
                raise LayerError("SL101", f"SpectralNormalization builds its {inner.rule.name} on {fmt(shape)}: "
                                 f"{err}; Keras raises 'Kernel shape must have the same length as input'. "
                                 f"{inner.rule.name} needs {inner.rule.expected_rank_text()}.")
            if inner.rule.name not in ("Dense", "Embedding", "ReversibleEmbedding", "EinsumDense"):
                raise Unsure("inner rank")
        out = inner.rule.output(dict(inner.cfg, _call={"args": (), "kwargs": {}}), shape, inner)  # compute_output_shape(input_shape)
        if out is None or isinstance(out, list):
            raise Unsure("inner")
        return out

    def output(self, cfg, shape, layer):
        inner = self._inner(cfg)
        out = self._inner_output(inner, shape)
        try:
            inner.rule.params(inner.cfg, shape, inner)  # build: its weight errors
        except Unsure:
            pass
        return out

    def params(self, cfg, shape, layer):
        inner = self._inner(cfg)
        p = inner.rule.params(inner.cfg, shape, inner)
        u = _kernel_last(inner, shape)
        if p is None or not isinstance(u, int) or isinstance(u, bool):
            raise Unsure("kernel")
        return p + u

    def why(self, cfg, shape, out, layer):
        inner = cfg.get("layer")
        if getattr(inner, "rule", None) is None:
            return ()
        return (f"normalizes the kernel of its {inner.rule.name}: the same output, plus a non-trainable vector u",)
