"""Image augmentation layers (the Random* family and the other image preprocessing layers): shapes as Keras computes them.

Every layer here is a ``BaseImagePreprocessingLayer`` (keras/src/layers/preprocessing/
image_preprocessing/).  Called on a symbolic tensor Keras only runs ``compute_output_shape``:
all of them return the input shape except RandomCrop (the crop size replaces height and width),
and none has weights (parameter count 0).  Their ``call`` first checks the rank
(``_is_batched``: a 3-D single image or a 4-D batch), so a tensor of another rank builds but fails
as soon as data flows (predict, fit, an eager call): the rules report it as SL101 (CenterCrop,
RandomColorDegeneration and RandomCrop on rank <= 2 raise while building already).

Arguments are checked as each constructor does: ``_set_factor`` with the class' factor bounds
(``factor or 0.0`` when the factor goes through the base constructor), ``_set_value_range`` (a
list or tuple of two), the fill modes and interpolations of the geometric layers, and the
sublayers AugMix, RandAugment and RandomColorJitter make in their constructors.

This module holds the argument checks and the rule they share, and the geometric layers; the
layers that change colour and intensity, and the mixes of augmentations, are in
augmentation_colour.py.
"""

from __future__ import annotations

from .base import LayerError, Rule, Unsure, register
from .spatial import check_data_format, literal

_I = "import keras\nfrom keras import layers\nimport numpy as np\n"

_FILL = ("reflect", "wrap", "constant", "nearest")
_INTERP = ("nearest", "bilinear")


def _num(v) -> bool:
    """A number as Keras' ``isinstance(v, (int, float))`` sees it (bools included)."""
    return isinstance(v, (int, float))


def _known(v) -> None:
    if not literal(v):
        raise Unsure("argument")


def _bad(name, arg, v, rng, keras_says, fix) -> LayerError:
    return LayerError("SL114", f"{name} {arg} must be a number or a pair of numbers in {rng}, got {v!r}; Keras raises "
                               f"'{keras_says}'. {fix}")


def base_factor(name, v, bounds, arg="factor", via_base=False):
    """``BaseImagePreprocessingLayer._set_factor``: a number in [lo, hi] or a pair whose first is
    <= hi and second >= lo.  Returns (lower, upper) as Keras keeps them."""
    _known(v)
    if via_base:
        try:
            v = v or 0.0  # the base constructor's ``factor or 0.0``
        except Exception:  # noqa: BLE001
            raise Unsure(arg)
    lo, hi = bounds
    rng = f"[{lo}, {hi}]"
    says = f"The `factor` argument should be a number (or a list of two numbers) in the range {rng}"
    fix = f"Use e.g. {arg}=0.1 or {arg}=({lo if lo >= 0 else -0.1}, 0.1)."
    if isinstance(v, tuple):
        if len(v) != 2 or not all(_num(x) for x in v):
            raise _bad(name, arg, v, rng, says, fix)
        if v[0] > hi or v[1] < lo:
            raise _bad(name, arg, v, rng, says, fix)
        return tuple(sorted(v))
    if _num(v):
        if v < lo or v > hi:
            raise _bad(name, arg, v, rng, says, fix)
        f = abs(v)
        return (max(-f, lo), f)
    raise _bad(name, arg, v, rng, says, fix)


def each_in(name, v, arg, lo, hi, lo_open=False):
    """The geometric layers' own ``_set_factor``: a number, or a pair of numbers, each in [lo, hi]
    ((lo, hi] with ``lo_open``).  Returns (lower, upper)."""
    _known(v)
    rng = f"({lo}, {hi}]" if lo_open else f"[{lo}, {hi}]"

    def bad():
        return LayerError("SL114", f"{name} {arg} must be a number or a pair of numbers, each in {rng}, got {v!r}; "
                                   f"Keras raises 'The `{arg}` ... argument should be a number (or a list of two "
                                   f"numbers) in the range {rng}'. Use e.g. {arg}=0.2.")

    def out_of(x):
        return x > hi or (x <= lo if lo_open else x < lo)

    if isinstance(v, tuple):
        if len(v) != 2 or not all(_num(x) for x in v) or any(out_of(x) for x in v):
            raise bad()
        return tuple(sorted(v))
    if _num(v):
        if out_of(v):
            raise bad()
        return (-abs(v), abs(v))
    raise bad()


def value_range(name, v):
    """``_set_value_range``: a list or tuple of two."""
    _known(v)
    if not isinstance(v, tuple) or len(v) != 2:
        raise LayerError("SL114", f"{name} value_range must be a pair (low, high), got {v!r}; Keras raises 'The "
                                  f"`value_range` argument should be a list of two numbers'. Use value_range=(0, 255) "
                                  f"for 8-bit images or (0, 1) for scaled ones.")


def one_of(name, arg, v, allowed):
    _known(v)
    if v not in allowed:
        raise LayerError("SL114", f"{name} {arg}={v!r} is not supported; Keras raises 'Unknown `{arg}`'. Use one of "
                                  f"{', '.join(repr(a) for a in allowed)}.")


def _channels_first(cfg) -> bool:
    v = cfg.get("data_format")
    if v is None or v == "channels_last":
        return False
    if v == "channels_first":
        return True
    raise Unsure("data_format")


class _Image(Rule):
    """A BaseImagePreprocessingLayer: a 3-D image or a 4-D batch, output = input."""

    min_ndim = 3
    max_ndim = 4
    expects = "(height, width, channels) for one image or (batch, height, width, channels) for a batch"
    factor_bounds = (-1, 1)

    def expected_rank_text(self) -> str:
        return ("a 3-D image (height, width, channels) or a 4-D batch of images (Keras raises 'Expected image "
                "tensor to have rank 3 (single image) or 4 (batch of images)' as soon as data flows)")

    def validate(self, cfg):
        try:
            check_data_format(cfg, self.name)
            self.check(cfg)
        except Unsure:
            pass

    def check(self, cfg):
        """The constructor's own checks (raise LayerError; Unsure where a value is not known)."""

    def output(self, cfg, shape, layer):
        return tuple(shape)


def _image(name, sig, check=None, **attrs):
    body = {"name": name, "signature": staticmethod(sig), **attrs}
    if check is not None:
        body["check"] = lambda self, cfg: check(self.name, cfg)
    return register(type(name, (_Image,), body))


# -- geometric ----------------------------------------------------------------------------------------


def _fill_interp(name, cfg, fills=_FILL):
    one_of(name, "fill_mode", cfg["fill_mode"], fills)
    one_of(name, "interpolation", cfg["interpolation"], _INTERP)


def _base_kwargs(name, cfg, uses_base_factor, bounds=(-1, 1)):
    """What the base constructor does with a ``factor=`` the layer does not take itself."""
    if "factor" not in cfg:
        return
    v = cfg["factor"]
    if uses_base_factor:
        base_factor(name, v, bounds, via_base=True)
    elif v is not None:
        _known(v)
        raise LayerError("SL114", f"{name} does not take a factor argument (got factor={v!r}); Keras raises. "
                                  f"Remove it.")


@register
class RandomFlip(_Image):
    name = "RandomFlip"

    def signature(mode="horizontal_and_vertical", seed=None, data_format=None, *, bounding_box_format=None,
                  **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomFlip('horizontal')(x)\n",)
    INVALID = ((_I + "y = layers.RandomFlip()(np.zeros((8, 32)))\n", "SL101"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, False)


@register
class RandomRotation(_Image):
    name = "RandomRotation"

    def signature(factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0,
                  data_format=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomRotation(0.1, fill_mode='constant')(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomRotation(1.5)(x)\n", "SL114"),
               (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomRotation(0.1, fill_mode='mirror')(x)\n", "SL114"))

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (-1, 1), via_base=True)
        _fill_interp(self.name, cfg)


@register
class RandomZoom(_Image):
    name = "RandomZoom"

    def signature(height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear", seed=None,
                  fill_value=0.0, data_format=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomZoom((-0.2, 0.3), 0.1)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomZoom(-1.0)(x)\n", "SL114"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, False)
        each_in(self.name, cfg["height_factor"], "height_factor", -1.0, 1.0, lo_open=True)
        if cfg["width_factor"] is not None:
            each_in(self.name, cfg["width_factor"], "width_factor", -1.0, 1.0, lo_open=True)
        _fill_interp(self.name, cfg)


@register
class RandomTranslation(_Image):
    name = "RandomTranslation"

    def signature(height_factor, width_factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                  fill_value=0.0, data_format=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomTranslation(0.1, 0.2)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomTranslation(0.1, 1.2)(x)\n", "SL114"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, False)
        each_in(self.name, cfg["height_factor"], "height_factor", -1.0, 1.0)
        each_in(self.name, cfg["width_factor"], "width_factor", -1.0, 1.0)
        _fill_interp(self.name, cfg)


@register
class RandomShear(_Image):
    name = "RandomShear"

    def signature(x_factor=0.0, y_factor=0.0, interpolation="bilinear", fill_mode="reflect", fill_value=0.0,
                  data_format=None, seed=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomShear(0.2, (0.1, 0.3))(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomShear(x_factor=-0.2)(x)\n", "SL114"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, False)
        each_in(self.name, cfg["x_factor"], "x_factor", 0.0, 1.0)
        each_in(self.name, cfg["y_factor"], "y_factor", 0.0, 1.0)
        _fill_interp(self.name, cfg)


@register
class RandomPerspective(_Image):
    name = "RandomPerspective"

    def signature(factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0, seed=None, data_format=None,
                  *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomPerspective(0.5, scale=0.3)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomPerspective(scale=1.5)(x)\n", "SL114"),)

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (0, 1))
        s = cfg["scale"]
        _known(s)
        if not _num(s) or s < 0.0 or s > 1.0:
            raise LayerError("SL114", f"RandomPerspective scale must be a number in [0, 1], got {s!r}; Keras raises "
                                      f"'The `scale` argument should be a number in the range [0,1]'.")
        one_of(self.name, "interpolation", cfg["interpolation"], _INTERP)


_ELASTIC_FILL = ("constant", "nearest", "wrap", "mirror", "reflect")


@register
class RandomElasticTransform(_Image):
    name = "RandomElasticTransform"

    def signature(factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect", fill_value=0.0,
                  value_range=(0, 255), seed=None, data_format=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomElasticTransform(0.5, scale=0.2)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomElasticTransform(scale=2.0)(x)\n", "SL114"),)

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (0, 1))
        base_factor(self.name, cfg["scale"], (0, 1), arg="scale")
        one_of(self.name, "interpolation", cfg["interpolation"], _INTERP)
        one_of(self.name, "fill_mode", cfg["fill_mode"], _ELASTIC_FILL)


@register
class RandomCrop(_Image):
    name = "RandomCrop"

    def signature(height, width, seed=None, data_format=None, name=None, *, bounding_box_format=None,
                  **kwargs): ...

    VALID = (_I + "x = keras.Input((64, 64, 3))\ny = layers.RandomCrop(32, 48)(x)\n",
             _I + "x = keras.Input((3, 64, 64))\ny = layers.RandomCrop(32, 32, data_format='channels_first')(x)\n")
    INVALID = ((_I + "y = layers.RandomCrop(0, 32)(np.zeros((2, 64, 64, 3)), training=False)\n", "SL114"),
               (_I + "x = keras.Input((64,))\ny = layers.RandomCrop(32, 32)(x)\n", "SL101"))

    def check(self, cfg):
        _base_kwargs(self.name, cfg, True)

    def output(self, cfg, shape, layer):
        h, w = cfg["height"], cfg["width"]
        _size_dims(self.name, h, w)
        for arg, v in (("height", h), ("width", w)):
            if v == 0:  # the symbolic call builds; running it outside training divides by the crop size
                raise LayerError("SL114", f"RandomCrop {arg}=0: Keras divides by the crop size whenever the layer "
                                          f"runs outside training (ZeroDivisionError in predict/evaluate). Give a "
                                          f"crop of at least 1 pixel.")
        first = _channels_first(cfg)
        out = list(shape)
        hi, wi = (-2, -1) if first else (-3, -2)
        out[hi], out[wi] = h, w
        return tuple(out)

    def why(self, cfg, shape, out, layer):
        return (f"crops (or, where the image is smaller, resizes) to {cfg['height']}×{cfg['width']}; channels kept",)


def _size_dims(name, h, w):
    """A size Keras writes into the output shape: an int >= 0 (a negative one or a float fails the
    shape conversion: 'Cannot convert ... to a shape')."""
    for arg, v in (("height", h), ("width", w)):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise Unsure(arg)
        if isinstance(v, float) or v < 0:
            raise LayerError("SL114", f"{name} {arg} must be a non-negative int, got {v!r}; Keras raises 'Cannot "
                                      f"convert ... to a shape' when the layer is called. Use an int, e.g. {arg}="
                                      f"{max(1, int(abs(v))) if isinstance(v, (int, float)) else 32}.")
