"""Convolutions: the rule they share and Conv1D/2D/3D; their transposes are in
convolution_transpose.py, the separable and depthwise convolutions in convolution_separable.py.

Everything here follows Keras 3's own code (keras/src/layers/convolutional/base_*.py and
ops/operation_utils.compute_conv_output_shape, backend/common/backend_utils.
compute_conv_transpose_output_shape):

* at construction, ``standardize_tuple`` turns kernel_size/strides/dilation_rate (and a
  transpose's output_padding) into tuples of ``rank`` ints > 0 (output_padding >= 0), and raises
  on anything else; ``standardize_padding`` lower-cases padding and accepts 'valid', 'same' (and
  'causal' for Conv1D only); ``standardize_data_format`` accepts channels_last/channels_first;
  filters and depth_multiplier must be > 0, groups > 0 and divide filters; strides > 1 together
  with dilation_rate > 1 is rejected by Conv and ConvTranspose (not by separable/depthwise ones);
  a transpose's output_padding must be smaller than its stride;
* when called: a rank other than rank + 2 raises (InputSpec min_ndim below, the kernel's rank
  above); the channel axis sizes the weights (None raises); Conv's input channels must divide by
  groups; 'valid' windows that do not fit raise (not for transposes);
* Python's ``isinstance(x, int)`` is Keras' test, so ``True`` counts as 1.

What the engine does not know (a symbolic dim, a float where Keras only fails later, an unknown
argument) makes the output or the parameter count unknown (``Unsure``), never a guess.
"""

from __future__ import annotations

import math

from .base import (
    UNKNOWN_DIM,
    LayerError,
    Rule,
    Unsure,
    fmt,
    known,
    need_dim,
    prod,
    register,
)

_I = "import keras\nfrom keras import layers\n"

_FORMATS = ("channels_last", "channels_first")


# -- Keras' argument standardisation ------------------------------------------------------------

def _is_int(v) -> bool:
    """Keras' own test (``isinstance(v, int)``): a bool is an int there."""
    return isinstance(v, int)


def _is_num(v) -> bool:
    return isinstance(v, (int, float))


def _std_tuple(v, n: int, arg: str, layer: str, allow_zero: bool = False, numeric: bool = False):
    """``standardize_tuple``: a tuple of n ints (of ints or floats with ``numeric``: Keras lets
    floats through), a LayerError where Keras raises, None where the engine cannot know."""
    want = ">= 0" if allow_zero else "> 0"

    def bad(why):
        one = {"kernel_size": "3", "output_padding": "0"}.get(arg, "1")
        return LayerError("SL114", f"{layer} {arg} must be an int or a tuple of {n} ints {want}, got {v!r} ({why}); "
                          f"Keras raises 'The `{arg}` argument must be a tuple of {n} integers'. Use e.g. "
                          f"{arg}={one}" + (f" or {arg}=({', '.join([one] * n)})." if n > 1 else "."))

    def too_small(x):
        return x < 0 if allow_zero else x <= 0

    if _is_int(v):
        if too_small(v):
            raise bad(f"not {want}")
        return (int(v),) * n
    if v is None or isinstance(v, (float, str)):
        raise bad("not a tuple")
    if not isinstance(v, tuple):
        return None
    if len(v) != n:
        raise bad(f"{len(v)} values for {n} axes")
    if any(x is None or isinstance(x, str) for x in v):
        raise bad("not all ints")
    if any(_is_num(x) and too_small(x) for x in v):
        raise bad(f"not all {want}")
    if all(_is_int(x) for x in v):
        return tuple(int(x) for x in v)
    if numeric and all(_is_num(x) for x in v):
        return tuple(x if isinstance(x, float) else int(x) for x in v)
    return None


def _tuple(cfg, key: str, n: int, layer: str, allow_zero: bool = False, numeric: bool = False):
    """The standardised tuple for a call (validate already raised for what Keras rejects)."""
    t = _std_tuple(cfg[key], n, key, layer, allow_zero, numeric)
    if t is None:
        raise Unsure(key)
    return t


def _truthy(v):
    """``if self.use_bias:`` on a value the engine knows."""
    if v is None or isinstance(v, (bool, int, float, str, tuple)):
        return bool(v)
    raise Unsure("use_bias")


def _count(v, what: str):
    """filters / groups / depth_multiplier when weights are made: an int (bool counts), or Unsure."""
    if _is_int(v):
        return int(v)
    raise Unsure(what)


# -- the shared rule --------------------------------------------------------------------------

class _ConvBase(Rule):
    rank = 1
    lowercase = ("padding",)  # standardize_padding lower-cases it
    causal = False  # Conv1D alone takes padding='causal'
    has_filters = True

    # -- construction ------------------------------------------------------------------------
    def validate(self, cfg):
        n = self.rank
        _std_tuple(cfg["kernel_size"], n, "kernel_size", self.name)
        s = _std_tuple(cfg["strides"], n, "strides", self.name, numeric=True)
        d = _std_tuple(cfg["dilation_rate"], n, "dilation_rate", self.name, numeric=True)
        self._validate_padding(cfg["padding"])
        self._validate_data_format(cfg.get("data_format"))
        if self.has_filters:
            f = cfg["filters"]
            if isinstance(f, str) or (_is_num(f) and f <= 0):
                raise LayerError("SL114", f"{self.name} filters must be a positive int, got {f!r}; Keras raises "
                                 f"'Invalid value for argument `filters`'. Give the number of output channels, "
                                 f"e.g. {self.name}(32, ...).")
        self._validate_more(cfg, s, d)

    def _validate_padding(self, pad):
        allowed = ("valid", "same", "causal") if self.causal else ("valid", "same")
        if isinstance(pad, str) and pad in allowed or isinstance(pad, tuple):
            return
        if isinstance(pad, str) or pad is None or _is_num(pad):
            hint = (" ('causal' is for Conv1D only)" if pad == "causal" else "")
            raise LayerError("SL114", f"{self.name} padding must be {' or '.join(repr(a) for a in allowed)}, got "
                             f"{pad!r}{hint}; Keras raises 'The `padding` argument must be a list/tuple or one of "
                             f"{{...}}'. Use padding='same' to keep the size or padding='valid' for no padding.")

    def _validate_data_format(self, df):
        if df is None:
            return
        if isinstance(df, (str, int, float)) and str(df).lower() not in _FORMATS:
            raise LayerError("SL114", f"{self.name} data_format must be 'channels_last' or 'channels_first', got "
                             f"{df!r}; Keras raises. Use data_format='channels_last' for (batch, ..., channels) "
                             f"inputs.")

    def _validate_more(self, cfg, s, d):
        pass

    def _no_strided_dilation(self, s, d):
        if s is not None and d is not None and max(s) > 1 and max(d) > 1:
            raise LayerError("SL114", f"{self.name} cannot combine strides > 1 with dilation_rate > 1 (got "
                             f"strides={s[0] if self.rank == 1 else s}, dilation_rate="
                             f"{d[0] if self.rank == 1 else d}); Keras raises '`strides > 1` not supported in "
                             f"conjunction with `dilation_rate > 1`'. Use one of them.")

    # -- call ----------------------------------------------------------------------------------
    def _first(self, cfg) -> bool:
        df = cfg.get("data_format")
        if df is None or df == "channels_last":
            return False
        if df == "channels_first":
            return True
        raise Unsure("data_format")

    def _split(self, cfg, shape):
        """(channels_first?, spatial dims, channel dim)."""
        if len(shape) != self.rank + 2:
            raise Unsure("rank")
        first = self._first(cfg)
        return first, tuple(shape[2:] if first else shape[1:-1]), (shape[1] if first else shape[-1])

    def _padding(self, cfg, shape, spatial):
        pad = cfg["padding"]
        if isinstance(pad, tuple):
            return self._tuple_padding(pad, shape, spatial)
        allowed = ("valid", "same", "causal") if self.causal else ("valid", "same")
        if pad not in allowed:
            raise Unsure("padding")
        return pad

    def _tuple_padding(self, pad, shape, spatial):
        # standardize_padding keeps a list/tuple as is; compute_conv_output_shape then raises
        raise LayerError("SL114", f"{self.name} padding must be 'valid' or 'same', got {pad!r}; Keras keeps a "
                         f"list/tuple at construction and raises when the layer is built on {fmt(shape)}. Pad "
                         f"the input with a ZeroPadding layer and use padding='valid'.")

    def _windows(self, cfg, shape, spatial, pad):
        """compute_conv_output_shape's spatial dims (raises where 'valid' leaves nothing)."""
        k = _tuple(cfg, "kernel_size", self.rank, self.name)
        s = _tuple(cfg, "strides", self.rank, self.name, numeric=True)  # floats work here (np.floor)
        d = _tuple(cfg, "dilation_rate", self.rank, self.name, numeric=True)
        first = self._first(cfg)
        out = []
        for i, n in enumerate(spatial):
            if n is None:
                out.append(None)
                continue
            if not known(n):
                out.append(UNKNOWN_DIM)
                continue
            if pad == "valid":
                m = int(math.floor((n - d[i] * (k[i] - 1) - 1) / s[i]) + 1)
                if m <= 0:
                    axis = (2 if first else 1) + i
                    ks = k[0] if self.rank == 1 else k
                    eff = f" (dilated to {d[i] * (k[i] - 1) + 1})" if d[i] > 1 else ""
                    raise LayerError(
                        "SL112",
                        f"{self.name} with kernel_size={ks}{eff} and padding='valid' shrinks the input "
                        f"{fmt(shape)} to size {m} on axis {axis} (size {n}); Keras raises 'Computed output size "
                        f"would be zero or negative'. Use padding='same', a smaller kernel_size, or a "
                        f"larger input.")
            else:  # 'same' and 'causal'
                m = int(math.floor((n - 1) / s[i]) + 1)
            out.append(m)
        return tuple(out)

    def _channels(self, shape, c):
        """The input channel count the weights are sized by (SL117 when None)."""
        if c is None:
            raise LayerError(
                "SL117",
                f"{self.name} sizes its weights by the input's channels axis, but that axis is None in "
                f"{fmt(shape)}; Keras raises when it creates the kernel. Give the input a fixed number of "
                f"channels, e.g. keras.Input(shape=(..., n_channels)) (or (n_channels, ...) with "
                f"data_format='channels_first').")
        return c

    def _weights_count(self, v, arg: str, shape):
        """filters or depth_multiplier when the kernel is made: None or a float raises there."""
        if v is None or isinstance(v, float):
            raise LayerError("SL114", f"{self.name} {arg}={v!r} cannot size the kernel on {fmt(shape)}; Keras raises "
                             f"when it builds the layer ('Shapes used to initialize variables must be "
                             f"fully-defined' / 'Cannot convert ... to a shape'). Give a positive int.")
        return v

    def _float_kernel(self, cfg, shape, *more):
        """Floats Keras lets through construction but not into the kernel's shape (kernel_size=(3.0,),
        groups=2.0): add_weight raises 'Cannot convert ... to a shape'."""
        bad = [f"kernel_size={cfg['kernel_size']!r}"] if any(isinstance(x, float) for x in _flat(cfg["kernel_size"])) else []
        bad += [f"{k}={cfg[k]!r}" for k in more if isinstance(cfg[k], float)]
        if bad:
            raise LayerError("SL114", f"{self.name} {' and '.join(bad)} cannot size the kernel on {fmt(shape)}; Keras "
                             f"raises 'Cannot convert ... to a shape' when it builds the layer. Use ints.")

    def _out(self, first, shape, spatial, ch):
        ch = int(ch) if _is_int(ch) else UNKNOWN_DIM
        return (shape[0], ch) + spatial if first else (shape[0],) + spatial + (ch,)

    def why(self, cfg, shape, out, layer):
        if not isinstance(out, tuple):
            return ()
        try:
            first, spatial, _ = self._split(cfg, shape)
            k = _tuple(cfg, "kernel_size", self.rank, self.name)
            s = _tuple(cfg, "strides", self.rank, self.name)
            d = _tuple(cfg, "dilation_rate", self.rank, self.name)
        except (Unsure, LayerError):
            return ()
        pad = cfg.get("padding")
        osp = out[2:] if first else out[1:-1]
        notes = []
        for i, (n, m) in enumerate(zip(spatial, osp)):
            if not known(n) or not known(m):
                continue
            notes.append(self._why_axis(cfg, pad, n, m, k[i], s[i], d[i], i, (2 if first else 1) + i))
        return tuple(x for x in notes if x)

    def _why_axis(self, cfg, pad, n, m, k, s, d, i, axis):
        eff = (k - 1) * d + 1
        where = "" if self.rank == 1 else f" (axis {axis})"
        if pad == "valid":
            return f"padding='valid'{where}: ({n} − {eff}) // {s} + 1 = {m}"
        return f"padding='{pad}'{where}: ⌈{n} / {s}⌉ = {m}"


# -- Conv1D / Conv2D / Conv3D ------------------------------------------------------------------

class _Conv(_ConvBase):
    """BaseConv: kernel (*kernel_size, channels // groups, filters) + bias (filters,)."""

    def _validate_more(self, cfg, s, d):
        f, g = cfg["filters"], cfg["groups"]
        if g is None or isinstance(g, str) or (_is_num(g) and g <= 0):
            raise LayerError("SL114", f"{self.name} groups must be a positive int, got {g!r}; Keras raises 'The "
                             f"number of groups must be a positive integer'. Leave groups=1 for an ordinary "
                             f"convolution.")
        if _is_num(f) and _is_num(g) and f % g != 0:
            raise LayerError("SL114", f"{self.name} filters ({f}) must be divisible by groups ({g}); Keras raises "
                             f"'The number of filters must be evenly divisible by the number of groups'. Use a "
                             f"multiple of {g} filters or other groups.")
        self._no_strided_dilation(s, d)

    def output(self, cfg, shape, layer):
        first, spatial, c = self._split(cfg, shape)
        pad = self._padding(cfg, shape, spatial)
        c = self._channels(shape, c)
        g = cfg["groups"]
        if known(c) and _is_int(g) and c % g:
            raise LayerError("SL114", f"{self.name}(groups={g}) needs the input channels ({c}) to be divisible by "
                             f"groups, but its input is {fmt(shape)}; Keras raises 'The number of input channels "
                             f"must be evenly divisible by the number of groups'. Use groups that divide {c}.")
        self._float_kernel(cfg, shape, "groups")
        sp = self._windows(cfg, shape, spatial, pad)
        f = self._weights_count(cfg["filters"], "filters", shape)
        self._lora(cfg, shape)
        return self._out(first, shape, sp, f)

    def _lora(self, cfg, shape):
        """BaseConv's LoRA (lora_rank=): two more weights, (*kernel_size, channels // groups, r) and
        (r, filters); enable_lora raises at build when a kernel_constraint is set."""
        r = cfg.get("lora_rank")
        if r is None or r is False or r == 0:
            return 0
        if not _is_int(r) or r < 0:
            raise Unsure("lora_rank")
        kc = cfg.get("kernel_constraint")
        if isinstance(kc, str):  # a constraint's name (an unknown name raises at construction anyway)
            raise LayerError("SL114", f"{self.name} cannot enable LoRA (lora_rank={r}) with a kernel_constraint; Keras "
                             f"raises 'Lora is incompatible with kernel constraints' when it builds the layer on "
                             f"{fmt(shape)}. Remove kernel_constraint or lora_rank.")
        if kc is not None:
            raise Unsure("kernel_constraint")
        return int(r)

    def params(self, cfg, shape, layer):
        kk = prod(_tuple(cfg, "kernel_size", self.rank, self.name))
        f = _count(cfg["filters"], "filters")
        c = need_dim(shape, 1 if self._first(cfg) else -1, self.name, "channels")
        g = _count(cfg["groups"], "groups")
        if c % g:
            raise Unsure("groups")  # output() raised already
        kernel = kk * (c // g) * f
        r = self._lora(cfg, shape)
        lora = kk * (c // g) * r + r * f
        return kernel + lora + (f if _truthy(cfg["use_bias"]) else 0)

    def non_trainable(self, cfg, shape, layer):
        try:  # LoRA freezes the kernel
            if self._lora(cfg, shape):
                c = need_dim(shape, 1 if self._first(cfg) else -1, self.name, "channels")
                kk = prod(_tuple(cfg, "kernel_size", self.rank, self.name))
                return kk * (c // _count(cfg["groups"], "groups")) * _count(cfg["filters"], "filters")
        except (Unsure, LayerError):
            pass
        return 0


def _flat(v):
    return v if isinstance(v, tuple) else (v,)


@register
class Conv1D(_Conv):
    name = "Conv1D"
    rank = 1
    ndim = 3  # InputSpec(min_ndim=3); more axes fail on the kernel's rank
    causal = True
    expects = "(batch, steps, channels)"

    def signature(filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                  groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                  bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, kernel_constraint=None, bias_constraint=None, *,
                  lora_rank=None, lora_alpha=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((20, 4))\ny = layers.Conv1D(16, 3, padding='same', strides=2)(x)\n",
        _I + "x = keras.Input((20, 4))\ny = layers.Conv1D(8, 3, padding='causal', dilation_rate=2)(x)\n",
        _I + "x = keras.Input((4, 20))\ny = layers.Conv1D(8, 5, data_format='channels_first', groups=2)(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((20,))\ny = layers.Conv1D(16, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((2, 4))\ny = layers.Conv1D(16, 3)(x)\n", "SL112"),
        (_I + "x = keras.Input((20, 4))\ny = layers.Conv1D(16, 3, strides=2, dilation_rate=2)(x)\n", "SL114"),
        (_I + "x = keras.Input((20, 6))\ny = layers.Conv1D(8, 3, groups=4)(x)\n", "SL114"),
        (_I + "x = keras.Input((20, None))\ny = layers.Conv1D(8, 3)(x)\n", "SL117"),
    )


@register
class Conv2D(_Conv):
    name = "Conv2D"
    rank = 2
    ndim = 4  # InputSpec(min_ndim=4); a 5-D input (a sequence of images) raises "Kernel shape must have the same length as input"
    expects = "(batch, rows, cols, channels)"

    def signature(filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                  dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
                  kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                  bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                  bias_constraint=None, *, lora_rank=None, lora_alpha=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((28, 28, 1))\ny = layers.Conv2D(32, (3, 3), activation='relu')(x)\n",
        _I + "x = keras.Input((3, 32, 32))\ny = layers.Conv2D(16, 3, strides=2, padding='same', "
             "data_format='channels_first')(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((28, 28))\ny = layers.Conv2D(32, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((4, 4, 3))\ny = layers.Conv2D(8, 5)(x)\n", "SL112"),
        (_I + "x = keras.Input((28, 28, 1))\ny = layers.Conv2D(8, 3, padding='causal')(x)\n", "SL114"),
        (_I + "x = keras.Input((28, 28, 1))\ny = layers.Conv2D(8, (3, 3, 3))(x)\n", "SL114"),
        (_I + "x = keras.Input((28, 28, 1))\ny = layers.Conv2D(0, 3)(x)\n", "SL114"),
    )


@register
class Conv3D(_Conv):
    name = "Conv3D"
    rank = 3
    ndim = 5  # InputSpec(min_ndim=5); more axes fail on the kernel's rank
    expects = "(batch, depth, rows, cols, channels)"

    def signature(filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None,
                  dilation_rate=(1, 1, 1), groups=1, activation=None, use_bias=True,
                  kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                  bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                  bias_constraint=None, *, lora_rank=None, lora_alpha=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((8, 16, 16, 3))\ny = layers.Conv3D(8, 3, padding='same')(x)\n",
        _I + "x = keras.Input((3, 8, 16, 16))\ny = layers.Conv3D(4, (1, 3, 3), data_format='channels_first')(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((16, 16, 3))\ny = layers.Conv3D(8, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((2, 16, 16, 3))\ny = layers.Conv3D(8, 3)(x)\n", "SL112"),
        (_I + "x = keras.Input((8, 16, 16, 3))\ny = layers.Conv3D(8, 3, data_format='channels_middle')(x)\n", "SL114"),
    )
