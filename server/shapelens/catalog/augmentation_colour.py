"""Image augmentation layers that change colour and intensity (RandomContrast, RandomBrightness,
RandomColorJitter, Solarization, ...), the batch mixes and box limits (CutMix, MixUp,
MaxNumBoundingBoxes) and the mixes of augmentations (AugMix, RandAugment).  The argument checks
and the rule they share, and what Keras does on a symbolic call: augmentation.py."""

from __future__ import annotations

import math

from .augmentation import (
    _I,
    _INTERP,
    _base_kwargs,
    _channels_first,
    _Image,
    _image,
    _known,
    _num,
    base_factor,
    each_in,
    one_of,
    value_range,
)
from .base import LayerError, fmt, known, register

# -- colour and intensity ----------------------------------------------------------------------------


@register
class RandomContrast(_Image):
    name = "RandomContrast"

    def signature(factor, value_range=(0, 255), seed=None, *, data_format=None, bounding_box_format=None,
                  **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomContrast(0.2)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomContrast(-0.2)(x)\n", "SL114"),)

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (0, 1))


@register
class RandomBrightness(_Image):
    name = "RandomBrightness"

    def signature(factor, value_range=(0, 255), seed=None, *, data_format=None, bounding_box_format=None,
                  **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomBrightness((-0.2, 0.3), value_range=(0, 1))(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomBrightness(0.2, value_range=255)(x)\n", "SL114"),)

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (-1, 1), via_base=True)
        value_range(self.name, cfg["value_range"])


def _factor_and_range(bounds, with_range=True, via_base=False):
    def check(name, cfg):
        base_factor(name, cfg["factor"], bounds, via_base=via_base)
        if with_range:
            value_range(name, cfg["value_range"])
    return check


_image("RandomHue", lambda factor, value_range=(0, 255), data_format=None, seed=None, *, bounding_box_format=None,
       **kwargs: None, _factor_and_range((0, 1), with_range=False),
       VALID=(_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomHue(0.2)(x)\n",),
       INVALID=((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomHue(1.5)(x)\n", "SL114"),))
_image("RandomSaturation", lambda factor, value_range=(0, 255), data_format=None, seed=None, *,
       bounding_box_format=None, **kwargs: None, _factor_and_range((-1, 1)),
       VALID=(_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomSaturation(0.5)(x)\n",),
       INVALID=((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomSaturation(0.5, value_range=(0, 1, 2))(x)\n",
                 "SL114"),))
_image("RandomSharpness", lambda factor, value_range=(0, 255), data_format=None, seed=None, *,
       bounding_box_format=None, **kwargs: None, _factor_and_range((0, 1)),
       VALID=(_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomSharpness(0.3)(x)\n",),
       INVALID=((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomSharpness(None)(x)\n", "SL114"),))
_image("RandomPosterization", lambda factor, value_range=(0, 255), data_format=None, seed=None, *,
       bounding_box_format=None, **kwargs: None, _factor_and_range((1, 8)),
       VALID=(_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomPosterization(4)(x)\n",),
       INVALID=((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomPosterization(0.5)(x)\n", "SL114"),))
_image("RandomInvert", lambda factor=1.0, value_range=(0, 255), seed=None, data_format=None, *,
       bounding_box_format=None, **kwargs: None, _factor_and_range((0, 1), with_range=False),
       VALID=(_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomInvert(0.5)(x)\n",),
       INVALID=((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomInvert(2.0)(x)\n", "SL114"),))


@register
class RandomColorDegeneration(_Image):
    name = "RandomColorDegeneration"

    def signature(factor, value_range=(0, 255), data_format=None, seed=None, *, bounding_box_format=None,
                  **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomColorDegeneration(0.5)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 1))\ny = layers.RandomColorDegeneration(0.5)(x)\n", "SL116"),)

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (-1, 1))
        value_range(self.name, cfg["value_range"])

    def output(self, cfg, shape, layer):
        c = shape[-3] if _channels_first(cfg) else shape[-1]
        if known(c) and c != 3:
            raise LayerError("SL116", f"RandomColorDegeneration works on RGB images, but its input {fmt(shape)} has "
                                      f"{c} channel{'s' if c != 1 else ''}; Keras raises 'Input images must have 3 "
                                      f"channels'. Feed it 3-channel images (or check data_format).")
        return tuple(shape)


@register
class RandomGrayscale(_Image):
    name = "RandomGrayscale"

    def signature(factor=0.5, data_format=None, seed=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomGrayscale(0.2)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomGrayscale(1.2)(x)\n", "SL114"),)

    def check(self, cfg):
        f = cfg["factor"]
        _known(f)
        if not _num(f) or f < 0 or f > 1:
            raise LayerError("SL114", f"RandomGrayscale factor must be a number between 0 and 1 (the probability "
                                      f"of graying an image), got {f!r}; Keras raises '`factor` should be between 0 "
                                      f"and 1'.")


@register
class RandomGaussianBlur(_Image):
    name = "RandomGaussianBlur"

    def signature(factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255), data_format=None, seed=None, *,
                  bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomGaussianBlur(0.5, kernel_size=5)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomGaussianBlur(kernel_size=4)(x)\n", "SL114"),)

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (0, 1))
        k = cfg["kernel_size"]
        _known(k)
        ks = k if isinstance(k, tuple) else (k,)
        if isinstance(k, tuple) and len(k) != 2 or not all(_num(x) for x in ks) or any(x % 2 == 0 for x in ks):
            raise LayerError("SL114", f"RandomGaussianBlur kernel_size must be an odd number (or a pair of odd "
                                      f"numbers), got {k!r}; Keras raises 'kernel_size must be an odd number'. Use "
                                      f"e.g. kernel_size=3 or 5.")
        base_factor(self.name, cfg["sigma"], (0, 1), arg="sigma")


@register
class RandomErasing(_Image):
    name = "RandomErasing"

    def signature(factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=(0, 255), seed=None,
                  data_format=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomErasing(0.5, scale=(0.1, 0.2))(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomErasing(scale=1.5)(x)\n", "SL114"),)

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (0, 1))
        base_factor(self.name, cfg["scale"], (0, 1), arg="scale")


@register
class RandomColorJitter(_Image):
    name = "RandomColorJitter"

    def signature(value_range=(0, 255), brightness_factor=None, contrast_factor=None, saturation_factor=None,
                  hue_factor=None, seed=None, data_format=None, *, factor=None, bounding_box_format=None,
                  **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\n"
                  "y = layers.RandomColorJitter(brightness_factor=0.2, contrast_factor=0.3, hue_factor=0.1)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandomColorJitter(contrast_factor=-0.5)(x)\n", "SL114"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, True)
        n = self.name
        if cfg["brightness_factor"] is not None:  # RandomBrightness(factor=..., value_range=...)
            base_factor(n, cfg["brightness_factor"], (-1, 1), arg="brightness_factor", via_base=True)
            value_range(n, cfg["value_range"])
        if cfg["contrast_factor"] is not None:
            base_factor(n, cfg["contrast_factor"], (0, 1), arg="contrast_factor")
        if cfg["saturation_factor"] is not None:
            base_factor(n, cfg["saturation_factor"], (-1, 1), arg="saturation_factor")
            value_range(n, cfg["value_range"])
        if cfg["hue_factor"] is not None:
            base_factor(n, cfg["hue_factor"], (0, 1), arg="hue_factor")


@register
class Solarization(_Image):
    name = "Solarization"

    def signature(addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255), seed=None, *, data_format=None,
                  bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.Solarization(0.2, (0.3, 0.6))(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.Solarization(threshold_factor=1.5)(x)\n", "SL114"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, False)
        each_in(self.name, cfg["addition_factor"], "addition_factor", 0, 1)
        each_in(self.name, cfg["threshold_factor"], "threshold_factor", 0, 1)
        value_range(self.name, cfg["value_range"])


@register
class AutoContrast(_Image):
    name = "AutoContrast"

    def signature(value_range=(0, 255), *, data_format=None, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.AutoContrast((0, 1))(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.AutoContrast(255)(x)\n", "SL114"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, False)
        value_range(self.name, cfg["value_range"])


@register
class Equalization(_Image):
    """Keras 3.15.1 returns the input KerasTensor itself from a symbolic call, so a model built from
    it fails ('... is part of a cycle'); the call alone has the input's shape."""

    name = "Equalization"

    def signature(value_range=(0, 255), bins=256, data_format=None, *, factor=None, bounding_box_format=None,
                  **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.Equalization(bins=128)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.Equalization(value_range=(0, 128, 255))(x)\n",
                "SL114"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, True)
        value_range(self.name, cfg["value_range"])


@register
class ContrastLimitedAdaptiveHistogramEqualization(_Image):
    name = "ContrastLimitedAdaptiveHistogramEqualization"

    def signature(value_range=(0, 255), clip_limit=4.0, tile_grid_size=(8, 8), data_format=None, *, factor=None,
                  bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.ContrastLimitedAdaptiveHistogramEqualization()(x)\n",)
    INVALID = ((_I + "y = layers.ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(8, 8))"
                     "(np.zeros((2, 3, 3, 1)))\n", "SL116"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, True)

    def output(self, cfg, shape, layer):
        # the image is padded (mode 'symmetric') to a multiple of the tile grid: a pad longer than
        # the image fails in TensorFlow's MirrorPad whenever the layer runs
        g = cfg["tile_grid_size"]
        if isinstance(g, tuple) and len(g) == 2 and all(isinstance(v, int) and not isinstance(v, bool) and v > 0
                                                         for v in g):
            first = _channels_first(cfg)
            hw = (shape[-2], shape[-1]) if first else (shape[-3], shape[-2])
            for size, grid, what in ((hw[0], g[0], "height"), (hw[1], g[1], "width")):
                if known(size):
                    tile = (size + grid - 1) // grid
                    pad = tile * grid - size
                    if pad > size:
                        raise LayerError(
                            "SL116", f"ContrastLimitedAdaptiveHistogramEqualization pads the image {what} {size} to "
                                     f"{tile * grid} to fit tile_grid_size={g}, more than the image itself; "
                                     f"TensorFlow raises (MirrorPad: paddings must be no greater than the dimension "
                                     f"size) as soon as data flows. Use a tile grid of at most {size} along the "
                                     f"{what}, or a bigger image.")
        return tuple(shape)


@register
class CutMix(_Image):
    name = "CutMix"

    def signature(factor=1.0, seed=None, data_format=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.CutMix(0.5)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.CutMix(1.5)(x)\n", "SL114"),)

    def check(self, cfg):
        base_factor(self.name, cfg["factor"], (0, 1))


@register
class MixUp(_Image):
    name = "MixUp"

    def signature(alpha=0.2, data_format=None, seed=None, *, factor=None, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.MixUp(alpha=0.4)(x)\n",)
    INVALID = ((_I + "y = layers.MixUp()(np.zeros((4, 32, 32, 3, 1)))\n", "SL101"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, True)


@register
class MaxNumBoundingBoxes(_Image):
    """Pads or trims a dict's bounding boxes to ``max_number``; an image tensor passes unchanged.
    Called on a dict of images and boxes (its real use) the output is a dict the engine does not
    follow: Unknown."""

    name = "MaxNumBoundingBoxes"

    def signature(max_number, fill_value=-1, *, factor=None, data_format=None, bounding_box_format=None,
                  **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.MaxNumBoundingBoxes(10)(x)\n",)
    INVALID = ((_I + "layer = layers.MaxNumBoundingBoxes(None)\n", "SL114"),)

    def check(self, cfg):
        _base_kwargs(self.name, cfg, True)
        for arg in ("max_number", "fill_value"):
            v = cfg[arg]
            _known(v)
            ok = isinstance(v, (int, float)) and not math.isnan(v) and not math.isinf(v)
            if isinstance(v, str):
                try:
                    int(v)
                    ok = True
                except ValueError:
                    ok = False
            if not ok:
                raise LayerError("SL114", f"MaxNumBoundingBoxes {arg} must be an int, got {v!r}; Keras raises "
                                          f"(int({v!r}) fails). Give e.g. max_number=10.")


# -- the mixes of augmentations --------------------------------------------------------------------


def _mix_check(name, cfg, layers_all):
    """AugMix / RandAugment: their own factor in [0, 1], then the sublayers their constructors make
    (RandomShear first: each end of the factor in [0, 1]; the interpolation; value_range through
    Solarization, RandomPosterization, AutoContrast, Equalization...)."""
    lo, hi = base_factor(name, cfg["factor"], (0, 1))
    for x in (lo, hi):
        if x < 0 or x > 1:
            raise LayerError("SL114", f"{name} factor={cfg['factor']!r} gives its RandomShear a factor {x!r} outside "
                                      f"[0, 1]; Keras raises while making the sublayers. Use a factor in [0, 1].")
    one_of(name, "interpolation", cfg["interpolation"], _INTERP)
    value_range(name, cfg["value_range"])


@register
class AugMix(_Image):
    name = "AugMix"

    def signature(value_range=(0, 255), num_chains=3, chain_depth=3, factor=0.3, alpha=1.0, all_ops=True,
                  interpolation="bilinear", seed=None, data_format=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.AugMix(value_range=(0, 1), num_chains=2)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.AugMix(factor=(-0.2, 0.5))(x)\n", "SL114"),)

    def check(self, cfg):
        _mix_check(self.name, cfg, True)


@register
class RandAugment(_Image):
    name = "RandAugment"

    def signature(value_range=(0, 255), num_ops=2, factor=0.5, interpolation="bilinear", seed=None,
                  data_format=None, *, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.RandAugment(num_ops=3, factor=0.3)(x)\n",)
    INVALID = ((_I + "x = keras.Input((32, 32, 3))\ny = layers.RandAugment(interpolation='bicubic')(x)\n", "SL114"),)

    def check(self, cfg):
        _mix_check(self.name, cfg, False)
