"""The rule every Keras layer in the catalog follows.

A rule knows the layer's Keras 3 constructor signature (positional order and defaults), what
input ranks it accepts, its output shape(s), its parameter count and the errors Keras raises.
Shapes are tuples of dims: int, None (unknown/batch) or str (symbolic).  A rule raises
:class:`LayerError` for what Keras would certainly reject and returns ``None`` where it cannot
know; the interpreter turns ``None`` into an unknown tensor and stays silent.
"""

from __future__ import annotations

import inspect
import re
from typing import Optional

UNKNOWN_DIM = "?"  # a static dim the engine cannot compute (printed as-is)


class LayerError(Exception):
    """Keras would raise on this layer: a diagnostic with a stable code."""

    def __init__(self, code: str, message: str, fixes: tuple = (), hint: Optional[str] = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fixes = fixes  # tuple of engine fix requests, resolved by the interpreter
        self.hint = hint


class Unsure(Exception):
    """The rule cannot know (a symbolic or unknown value where a number is needed)."""


def snake_case(name: str) -> str:
    """Keras' own naming: LSTM → lstm, SimpleRNN → simple_rnn, ConvLSTM2D → conv_lstm2d."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def known(d) -> bool:
    return isinstance(d, int) and not isinstance(d, bool)


def need_int(v, what: str = "value") -> int:
    if known(v):
        return v
    raise Unsure(what)


def need_dim(shape, axis: int, layer_name: str, what: str = "features") -> int:
    """A dim the layer's weights are sized by: Keras raises when it is None."""
    d = shape[axis]
    if d is None:
        raise LayerError(
            "SL117",
            f"{layer_name} sizes its weights by the input's {what} axis, but that axis is None in "
            f"{fmt(shape)}; Keras raises 'Shapes used to initialize variables must be fully-defined'. "
            f"Give the input a fixed size there, e.g. keras.Input(shape=(..., n_{what})).",
        )
    return need_int(d, what)


def prod(dims) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


def positive_int(v, layer_name: str, arg: str) -> None:
    """Keras rejects a non-positive or non-integer count (units, filters, input_dim, ...)."""
    if isinstance(v, bool) or (isinstance(v, (int, float)) and (not isinstance(v, int) or v <= 0)):
        raise LayerError("SL114", f"{layer_name} {arg} must be a positive int, got {v!r}.")


def rate_0_1(v, layer_name: str, arg: str = "rate") -> None:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and not 0 <= v <= 1:
        raise LayerError("SL114", f"{layer_name} {arg} must be between 0 and 1, got {v!r}.")


def fmt(shape) -> str:
    from ..results import format_shape

    return format_shape(shape)


def describe_rank(n: int) -> str:
    return f"{n}-D"


class Rule:
    """Base class; subclasses set ``name``, ``signature`` and override ``output``/``params``."""

    name = ""
    # A function whose signature is the constructor's (self excluded); body unused.
    signature = None
    ndim: Optional[int] = None  # exact input rank (Keras InputSpec ndim)
    min_ndim: Optional[int] = None
    max_ndim: Optional[int] = None
    expects = ""  # what the input axes mean, for messages: "(batch, timesteps, features)"
    multi_input = False  # takes a list of tensors
    recurrent = False
    VALID: tuple = ()  # source snippets Keras accepts (double as tests)
    INVALID: tuple = ()  # (snippet, code) Keras rejects

    _sig_cache = None

    @classmethod
    def sig(cls) -> inspect.Signature:
        if cls.__dict__.get("_sig_cache") is None:
            cls._sig_cache = inspect.signature(cls.signature)
        return cls._sig_cache

    @property
    def keras_name(self) -> str:
        return snake_case(self.name)

    # String options this layer lower-cases before it checks them, as its Keras source does
    # (convolutions: ``padding``; pooling layers do not, ``MaxPooling2D(padding="SAME")`` raises).
    # ``data_format`` is lower-cased by every layer (backend.standardize_data_format).
    lowercase: tuple = ()

    # -- constructor ------------------------------------------------------------------------
    def normalize(self, cfg: dict) -> None:
        """Put string options in the form Keras itself uses (before ``validate``)."""
        for key in self.lowercase + ("data_format",):
            v = cfg.get(key)
            if isinstance(v, str):
                cfg[key] = v.lower()

    def validate(self, cfg: dict) -> None:
        """Raise LayerError for arguments Keras rejects when the layer is created."""

    # -- call -------------------------------------------------------------------------------
    def check_rank(self, shape: tuple) -> Optional[str]:
        r = len(shape)
        if self.ndim is not None and r != self.ndim:
            return f"expected ndim={self.ndim}, found ndim={r}"
        if self.min_ndim is not None and r < self.min_ndim:
            return f"expected min_ndim={self.min_ndim}, found ndim={r}"
        if self.max_ndim is not None and r > self.max_ndim:
            return f"expected max_ndim={self.max_ndim}, found ndim={r}"
        return None

    def expected_rank_text(self) -> str:
        if self.ndim is not None:
            return f"{self.ndim}-D input{(' ' + self.expects) if self.expects else ''}"
        if self.min_ndim is not None:
            return f"input of at least {self.min_ndim} dimensions{(' ' + self.expects) if self.expects else ''}"
        return "input"

    def output(self, cfg: dict, shape, layer) -> object:
        """Output shape (tuple) or list of shapes; None if unknown."""
        return shape

    def params(self, cfg: dict, shape, layer) -> Optional[int]:
        return 0

    def output_names(self, cfg: dict, layer) -> Optional[tuple]:
        return None

    def why(self, cfg: dict, shape, out, layer) -> tuple:
        return ()

    def non_trainable(self, cfg: dict, shape, layer) -> int:
        return 0

    # Methods of the layer object the rule answers (``vocabulary_size``, ``get_vocabulary``):
    # ``layer_method`` returns the call's value, or None where it cannot know.  ``adapt(data)``
    # is kept by the engine and reaches the rules as ``cfg["_adapted"]`` (the data value).
    methods: tuple = ()

    def layer_method(self, cfg: dict, name: str, args: list, kwargs: dict):
        return None


RULES: dict = {}


def register(cls):
    RULES[cls.name] = cls()
    return cls


def conv_length(length, kernel, stride, padding, dilation=1):
    """Output length of a 1-D convolution/pooling window, as Keras computes it."""
    if length is None:
        return None
    if not known(length) or not known(kernel) or not known(stride) or not known(dilation):
        return UNKNOWN_DIM
    eff = (kernel - 1) * dilation + 1
    if padding == "same":
        return (length + stride - 1) // stride
    if padding == "causal":
        return (length + stride - 1) // stride
    return (length - eff) // stride + 1 if length - eff >= 0 else (length - eff) // stride + 1


def as_tuple(v, n: int, what: str):
    """An int or a tuple of n ints (Keras' standardize_tuple)."""
    if known(v):
        return (v,) * n
    if isinstance(v, tuple) and len(v) == n and all(known(x) for x in v):
        return v
    if isinstance(v, tuple) and len(v) == n:
        raise Unsure(what)
    if isinstance(v, (tuple, list)) or isinstance(v, (float, str, bool)) or v is None:
        raise Unsure(what)
    raise Unsure(what)
