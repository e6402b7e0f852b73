"""Embedding layers: Embedding, ReversibleEmbedding."""

from __future__ import annotations

from .base import (
    UNKNOWN_DIM,
    LayerError,
    Rule,
    Unsure,
    fmt,
    known,
    need_int,
    positive_int,
    register,
)

_I = "import keras\nfrom keras import layers\n"


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
