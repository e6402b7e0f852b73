"""Pooling: max and average over windows, global pooling and adaptive pooling."""

from __future__ import annotations

from .base import LayerError, Rule, Unsure, fmt, known, register
from .spatial import (
    FORMATS,
    check_data_format,
    data_format,
    ints,
    literal,
    pool_output_shape,
    std_tuple,
)

_I = "import keras\nfrom keras import layers\n"

_AXES = {1: "steps", 2: "rows, cols", 3: "dim1, dim2, dim3"}


def _expects(rank: int) -> str:
    return f"(batch, {_AXES[rank]}, channels)"


def _checks(*fns) -> None:
    """Run independent argument checks: an Unsure in one does not hide a certain error in another."""
    for fn in fns:
        try:
            fn()
        except Unsure:
            pass


# -- MaxPooling / AveragePooling --------------------------------------------------------------


class _Pool(Rule):
    """keras.layers.pooling.BasePooling: pool_size and strides by standardize_tuple (strides may be
    0 there, and fail when called), padding compared as given (not lower-cased) when called,
    compute_pooling_output_shape."""

    rank = 1

    def validate(self, cfg):
        _checks(
            lambda: std_tuple(cfg["pool_size"], self.rank, self.name, "pool_size"),
            lambda: cfg["strides"] is None or std_tuple(cfg["strides"], self.rank, self.name, "strides", allow_zero=True),
            lambda: check_data_format(cfg, self.name),
        )

    def _padding(self, cfg) -> str:
        pad = cfg["padding"]
        if isinstance(pad, str) and pad in ("valid", "same"):
            return pad
        if not literal(pad):
            raise Unsure("padding")
        low = pad.lower() if isinstance(pad, str) else None
        hint = (f"write padding='{low}' in lower case (pooling layers, unlike convolutions, do not lower-case it)"
                if low in ("valid", "same") else "use padding='valid' or padding='same'")
        raise LayerError("SL114", f"{self.name} padding must be 'valid' or 'same', got {pad!r}; Keras raises "
                                  f"'Argument padding must be either valid or same' when the layer is called: {hint}.")

    def _window(self, cfg, partial=False):
        k = std_tuple(cfg["pool_size"], self.rank, self.name, "pool_size", partial=partial)
        st = cfg["strides"]
        if not literal(st) and not partial:
            raise Unsure("strides")
        s = k if st is None else std_tuple(st, self.rank, self.name, "strides", allow_zero=True, partial=partial)
        return k, s

    def output(self, cfg, shape, layer):
        pad = self._padding(cfg)  # checked when called, whatever else is known
        fmt_ = data_format(cfg)
        k, s = self._window(cfg, partial=True)
        if any(x == 0 for x in s):
            pool_output_shape(self.name, shape, k, s, pad, fmt_)  # raises for the zero stride
        k, s = ints(k, "pool_size"), ints(s, "strides")
        if len(shape) < 2:
            raise Unsure("rank")
        return pool_output_shape(self.name, shape, k, s, pad, fmt_)

    def step_error(self, cfg, shape):
        """For a wrapper that calls this layer on a tensor of another rank than its InputSpec's
        (TimeDistributed: Keras computes the symbolic shape anyway, see pool_output_shape): the
        message when the TensorFlow kernel then fails as soon as data flows, None when it runs.
        tf.nn.max_pool/avg_pool take inputs of rank 3–5 and a window of 1, N or N+2 values."""
        n = len(shape) - 2
        if n not in (1, 2, 3):
            return (f"{self.name} then sees {len(shape)}-D {fmt(shape)} at each step, and TensorFlow's pooling "
                    f"takes only 3-D to 5-D inputs ('Input rank not supported')")
        if self.rank in (1, n):
            return None
        if self.rank == n + 2:
            raise Unsure("window over the batch axis")  # runs only when its first and last values are 1
        return (f"{self.name} then sees {len(shape)}-D {fmt(shape)} at each step, and its {self.rank}-value "
                f"pool_size does not fit the {n} spatial axis{'es' if n > 1 else ''} when data flows")

    def why(self, cfg, shape, out, layer):
        if not isinstance(out, tuple) or len(out) != len(shape):
            return ()
        try:
            k, s = self._window(cfg)
        except (LayerError, Unsure):
            return ()
        pad = cfg.get("padding")
        ks = k if len(k) > 1 else k[0]
        ss = s if len(s) > 1 else s[0]
        if pad == "valid":
            return (f"padding='valid': each spatial size n becomes floor((n − {ks}) / {ss}) + 1",)
        return (f"padding='same': each spatial size n becomes ceil(n / {ss})",)


def _pool(name, rank, sig, valid, invalid):
    cls = type(name, (_Pool,), {
        "name": name, "rank": rank, "ndim": rank + 2, "signature": staticmethod(sig),
        "expects": _expects(rank), "VALID": valid, "INVALID": invalid,
    })
    return register(cls)


_pool("MaxPooling1D", 1,
      lambda pool_size=2, strides=None, padding="valid", data_format=None, name=None, **kwargs: None,
      (_I + "x = keras.Input((20, 4))\ny = layers.MaxPooling1D(2)(x)\n",
       _I + "x = keras.Input((4, 20))\ny = layers.MaxPooling1D(3, strides=2, padding='same', data_format='channels_first')(x)\n"),
      ((_I + "x = keras.Input((20,))\ny = layers.MaxPooling1D(2)(x)\n", "SL101"),
       (_I + "x = keras.Input((1, 4))\ny = layers.MaxPooling1D(2)(x)\n", "SL112"),
       (_I + "x = keras.Input((20, 4))\ny = layers.MaxPooling1D(2, padding='SAME')(x)\n", "SL114"),
       (_I + "x = keras.Input((20, 4))\ny = layers.MaxPooling1D(0)(x)\n", "SL114")))
_pool("MaxPooling2D", 2,
      lambda pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs: None,
      (_I + "x = keras.Input((28, 28, 3))\ny = layers.MaxPooling2D((2, 2))(x)\n",
       _I + "x = keras.Input((3, 28, 28))\ny = layers.MaxPooling2D(3, 2, 'same', 'channels_first')(x)\n"),
      ((_I + "x = keras.Input((28, 28))\ny = layers.MaxPooling2D()(x)\n", "SL101"),
       (_I + "x = keras.Input((28, 1, 3))\ny = layers.MaxPooling2D((2, 2))(x)\n", "SL112"),
       (_I + "x = keras.Input((28, 28, 3))\ny = layers.MaxPooling2D(strides=0)(x)\n", "SL114"),
       (_I + "x = keras.Input((28, 28, 3))\ny = layers.MaxPooling2D((2, 2, 2))(x)\n", "SL114")))
_pool("MaxPooling3D", 3,
      lambda pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs: None,
      (_I + "x = keras.Input((16, 16, 16, 1))\ny = layers.MaxPooling3D()(x)\n",
       _I + "x = keras.Input((1, 16, 16, 16))\ny = layers.MaxPooling3D((2, 2, 1), data_format='channels_first')(x)\n"),
      ((_I + "x = keras.Input((16, 16, 1))\ny = layers.MaxPooling3D()(x)\n", "SL101"),
       (_I + "x = keras.Input((16, 16, 1, 1))\ny = layers.MaxPooling3D()(x)\n", "SL112"),
       (_I + "x = keras.Input((16, 16, 16, 1))\ny = layers.MaxPooling3D(padding='Same')(x)\n", "SL114")))
_pool("AveragePooling1D", 1,
      lambda pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs: None,
      (_I + "x = keras.Input((20, 4))\ny = layers.AveragePooling1D(4)(x)\n",
       _I + "x = keras.Input((None, 4))\ny = layers.AveragePooling1D(pool_size=3, strides=1, padding='same')(x)\n"),
      ((_I + "x = keras.Input((20, 4))\ny = layers.AveragePooling1D()(x)\n", "SL114"),
       (_I + "x = keras.Input((3, 4))\ny = layers.AveragePooling1D(4)(x)\n", "SL112"),
       (_I + "x = keras.Input((20, 4, 4))\ny = layers.AveragePooling1D(2)(x)\n", "SL101")))
_pool("AveragePooling2D", 2,
      lambda pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs: None,
      (_I + "x = keras.Input((28, 28, 3))\ny = layers.AveragePooling2D((2, 2))(x)\n",
       _I + "x = keras.Input((3, 28, 28))\ny = layers.AveragePooling2D(2, data_format='channels_first')(x)\n"),
      ((_I + "x = keras.Input((28, 28, 3))\ny = layers.AveragePooling2D()(x)\n", "SL114"),
       (_I + "x = keras.Input((28, 28, 3))\ny = layers.AveragePooling2D((3, 0))(x)\n", "SL114"),
       (_I + "x = keras.Input((2, 28, 3))\ny = layers.AveragePooling2D(3)(x)\n", "SL112")))
_pool("AveragePooling3D", 3,
      lambda pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs: None,
      (_I + "x = keras.Input((8, 16, 16, 3))\ny = layers.AveragePooling3D((1, 2, 2))(x)\n",
       _I + "x = keras.Input((3, 8, 16, 16))\ny = layers.AveragePooling3D(2, padding='same', data_format='channels_first')(x)\n"),
      ((_I + "x = keras.Input((16, 16, 3))\ny = layers.AveragePooling3D(2)(x)\n", "SL101"),
       (_I + "x = keras.Input((1, 16, 16, 3))\ny = layers.AveragePooling3D(2)(x)\n", "SL112"),
       (_I + "x = keras.Input((8, 16, 16, 3))\ny = layers.AveragePooling3D((2, 2))(x)\n", "SL114")))


# -- global pooling ---------------------------------------------------------------------------


class _GlobalPool(Rule):
    """keras.layers.pooling.BaseGlobalPooling: reduces every spatial axis (keepdims keeps them as 1;
    Keras tests keepdims for truth)."""

    def validate(self, cfg):
        check_data_format(cfg, self.name)

    def output(self, cfg, shape, layer):
        fmt_ = data_format(cfg)
        kd = cfg["keepdims"]
        if not literal(kd):
            raise Unsure("keepdims")
        if len(shape) < 2:
            raise Unsure("rank")
        n = len(shape) - 2
        first = fmt_ == "channels_first"
        c = shape[1] if first else shape[-1]
        if kd:
            ones = (1,) * n
            return (shape[0], c) + ones if first else (shape[0],) + ones + (c,)
        return (shape[0], c)

    def why(self, cfg, shape, out, layer):
        return ("keepdims=True: every spatial axis becomes 1",) if cfg.get("keepdims") is True else ()


def _global(name, rank, valid, invalid):
    register(type(name, (_GlobalPool,), {
        "name": name, "ndim": rank + 2, "expects": _expects(rank), "VALID": valid, "INVALID": invalid,
        "signature": staticmethod(lambda data_format=None, keepdims=False, **kwargs: None)}))


for _kind in ("Max", "Average"):
    _global(f"Global{_kind}Pooling1D", 1,
            (_I + f"x = keras.Input((20, 4))\ny = layers.Global{_kind}Pooling1D()(x)\n",
             _I + f"x = keras.Input((4, 20))\ny = layers.Global{_kind}Pooling1D('channels_first', keepdims=True)(x)\n"),
            ((_I + f"x = keras.Input((20, 4, 4))\ny = layers.Global{_kind}Pooling1D()(x)\n", "SL101"),
             (_I + f"x = keras.Input((20, 4))\ny = layers.Global{_kind}Pooling1D(data_format='channels_middle')(x)\n",
              "SL114")))
    _global(f"Global{_kind}Pooling2D", 2,
            (_I + f"x = keras.Input((8, 8, 16))\ny = layers.Global{_kind}Pooling2D()(x)\n",
             _I + f"x = keras.Input((16, 8, 8))\ny = layers.Global{_kind}Pooling2D(data_format='channels_first', keepdims=True)(x)\n"),
            ((_I + f"x = keras.Input((8, 16))\ny = layers.Global{_kind}Pooling2D()(x)\n", "SL101"),))
    _global(f"Global{_kind}Pooling3D", 3,
            (_I + f"x = keras.Input((4, 8, 8, 16))\ny = layers.Global{_kind}Pooling3D(keepdims=True)(x)\n",),
            ((_I + f"x = keras.Input((8, 8, 16))\ny = layers.Global{_kind}Pooling3D()(x)\n", "SL101"),))


# -- adaptive pooling -------------------------------------------------------------------------


class _AdaptivePool(Rule):
    """keras.layers.pooling.BaseAdaptivePooling: output_size checked by each class, data_format
    compared as given (not lower-cased; ``data_format or image_data_format()``), no InputSpec.
    The symbolic output is (batch, *output_size, channels) whatever the input rank; the
    TensorFlow kernels that run when data flows pick their path by the input's spatial rank
    (1, 2 or 3; a 1-D path uses only output_size[0], a 2-D or 3-D path needs exactly that many
    sizes) and fail on a size of 0 or None.  Those runtime failures are errors here too."""

    rank = 1

    def normalize(self, cfg):
        pass  # data_format is not lower-cased: 'Channels_Last' raises

    def _sizes(self, cfg):
        """output_size as the layer keeps it: a tuple of ``rank`` values."""
        v = cfg["output_size"]
        d = self.rank
        if isinstance(v, int):  # bools too
            return (v,) * d
        if isinstance(v, tuple):
            if len(v) == d:
                return v
            if d == 1:
                raise LayerError("SL114", f"{self.name} output_size must be an int or a tuple of 1 int, got {v!r} "
                                          f"({len(v)} values); Keras raises 'For 1D input, output_size tuple must "
                                          f"have length 1'. Use output_size={v[0] if v else 1!r}.")
        if literal(v):
            what = {1: "an int or a tuple of 1 int", 2: "an int or a (height, width) tuple",
                    3: "an int or a (depth, height, width) tuple"}[d]
            raise LayerError("SL114", f"{self.name} output_size must be {what}, got {v!r}; Keras raises TypeError.")
        raise Unsure("output_size")

    def _format(self, cfg) -> str:
        v = cfg.get("data_format")
        if v is None:
            return "channels_last"
        if isinstance(v, str) and v in FORMATS:
            return v
        raise Unsure("data_format")

    def validate(self, cfg):
        def fmt_check():
            v = cfg.get("data_format")
            if v is None or not literal(v) or (isinstance(v, str) and v in FORMATS):
                return
            if not v:  # '' / 0 / (): Keras takes image_data_format() instead (`data_format or ...`)
                return
            low = v.lower() if isinstance(v, str) else None
            hint = f" (lower case: data_format={low!r})" if low in FORMATS else ""
            raise LayerError("SL114", f"{self.name} data_format must be exactly 'channels_last' or "
                                      f"'channels_first'{hint}, got {v!r}; adaptive pooling does not lower-case it "
                                      f"and Keras raises 'Invalid data_format'.")

        _checks(lambda: self._sizes(cfg), fmt_check)

    def output(self, cfg, shape, layer):
        sizes = self._sizes(cfg)
        fmt_ = self._format(cfg)
        r = len(shape)
        if r < 2 and fmt_ == "channels_first":
            raise LayerError("SL101", self._rank_text(shape))  # input_shape[1] raises
        # the symbolic shape Keras builds (KerasTensor: no float, str or negative dims)
        for x in sizes:
            if isinstance(x, (str, float, tuple)) or (known(x) and x < 0):
                raise LayerError("SL114", f"{self.name} output_size must hold ints >= 1, got {cfg['output_size']!r}; "
                                          f"Keras raises 'Cannot convert ... to a shape'.")
        n = r - 2  # the spatial rank the kernels see when data flows
        if n not in (1, 2, 3) or (n > 1 and n != self.rank):
            raise LayerError("SL101", self._rank_text(shape))
        used = sizes[:1] if n == 1 else sizes
        for x in used:
            if x is None or (known(x) and not isinstance(x, bool) and x == 0):
                raise LayerError("SL114", f"{self.name} output_size must hold ints >= 1, got {cfg['output_size']!r}; "
                                          f"the model builds, then fails as soon as data flows.")
        if not all(x is None or (isinstance(x, int) and not isinstance(x, bool)) for x in sizes):
            raise Unsure("output_size")  # bools: not modelled (None only where the kernel does not use it)
        c = shape[-1] if fmt_ == "channels_last" else shape[1]
        if fmt_ == "channels_last":
            return (shape[0],) + tuple(sizes) + (c,)
        return (shape[0], c) + tuple(sizes)

    def _rank_text(self, shape) -> str:
        r = len(shape)
        return (f"{self.name} expects a {self.rank + 2}-D input {_expects(self.rank)} but gets {r}-D {fmt(shape)}; "
                f"Keras builds the layer, then fails as soon as data flows ('adaptive pooling supports 1D, 2D, "
                f"or 3D inputs only' or a size mismatch). Reshape the input or use the "
                f"{self.name[:-2]}{max(1, min(3, r - 2))}D layer.")


def _adaptive(name, rank, valid, invalid):
    register(type(name, (_AdaptivePool,), {
        "name": name, "rank": rank, "expects": _expects(rank), "VALID": valid, "INVALID": invalid,
        "signature": staticmethod(lambda output_size, data_format=None, **kwargs: None)}))


for _kind in ("Average", "Max"):
    _adaptive(f"Adaptive{_kind}Pooling1D", 1,
              (_I + f"x = keras.Input((20, 4))\ny = layers.Adaptive{_kind}Pooling1D(5)(x)\n",
               _I + f"x = keras.Input((4, 20))\ny = layers.Adaptive{_kind}Pooling1D((5,), 'channels_first')(x)\n"),
              ((_I + f"x = keras.Input((20, 4))\ny = layers.Adaptive{_kind}Pooling1D((5, 5))(x)\n", "SL114"),
               (_I + f"x = keras.Input((20, 4))\ny = layers.Adaptive{_kind}Pooling1D(5, data_format='Channels_Last')(x)\n",
                "SL114")))
    _adaptive(f"Adaptive{_kind}Pooling2D", 2,
              (_I + f"x = keras.Input((32, 32, 3))\ny = layers.Adaptive{_kind}Pooling2D((7, 7))(x)\n",
               _I + f"x = keras.Input((3, 32, 32))\ny = layers.Adaptive{_kind}Pooling2D(4, data_format='channels_first')(x)\n"),
              ((_I + f"x = keras.Input((32, 32, 3))\ny = layers.Adaptive{_kind}Pooling2D((7, 7, 7))(x)\n", "SL114"),
               (_I + f"x = keras.Input((32, 32, 3))\ny = layers.Adaptive{_kind}Pooling2D((7, -1))(x)\n", "SL114")))
    _adaptive(f"Adaptive{_kind}Pooling3D", 3,
              (_I + f"x = keras.Input((8, 16, 16, 3))\ny = layers.Adaptive{_kind}Pooling3D((2, 4, 4))(x)\n",),
              ((_I + f"x = keras.Input((8, 16, 16, 3))\ny = layers.Adaptive{_kind}Pooling3D((4, 4))(x)\n", "SL114"),
               (_I + f"x = keras.Input((8, 16, 16, 3))\ny = layers.Adaptive{_kind}Pooling3D(2.5)(x)\n", "SL114")))
