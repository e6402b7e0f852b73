"""The image preprocessing layers that are not random: Rescaling, Resizing, CenterCrop."""

from __future__ import annotations

from ..augmentation import _channels_first, _Image, _size_dims
from ..base import LayerError, Rule, fmt, known, register
from ..spatial import literal
from .common import _I, _int


@register
class Rescaling(Rule):
    name = "Rescaling"

    def signature(scale, offset=0.0, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.Rescaling(1.0 / 255)(x)\n",
             _I + "x = keras.Input((10,))\ny = layers.Rescaling(scale=2.0, offset=-1.0)(x)\n")

    def output(self, cfg, shape, layer):
        return tuple(shape)

    def why(self, cfg, shape, out, layer):
        return (f"x·{cfg['scale']} + {cfg['offset']}: same shape",)


_RESIZE_INTERP = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _hw(cfg, shape):
    """The height and width axes of an image shape, as Resizing/CenterCrop index them."""
    first = _channels_first(cfg)
    if len(shape) == 4:
        return (2, 3) if first else (1, 2)
    return (1, 2) if first else (0, 1)


@register
class Resizing(_Image):
    name = "Resizing"

    def signature(height, width, interpolation="bilinear", crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                  fill_mode="constant", fill_value=0.0, antialias=False, data_format=None, *, factor=None,
                  bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((64, 48, 3))\ny = layers.Resizing(32, 32, crop_to_aspect_ratio=True)(x)\n",
             _I + "x = keras.Input((3, 64, 48))\ny = layers.Resizing(32, 24, data_format='channels_first')(x)\n")
    INVALID = ((_I + "y = layers.Resizing(32, 32, interpolation='linear')(np.zeros((2, 64, 64, 3)))\n", "SL114"),
               (_I + "y = layers.Resizing(32, 32, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)"
                     "(np.zeros((2, 64, 64, 3)))\n", "SL114"),
               (_I + "y = layers.Resizing(32, 32)(np.zeros((64, 64)))\n", "SL101"))

    def check(self, cfg):
        if cfg.get("factor") is not None:
            raise LayerError("SL114", "Resizing does not take a factor argument; Keras raises.")

    def _runtime(self, cfg):
        """What backend.image.resize rejects each time the layer runs (the symbolic call builds)."""
        interp = cfg["interpolation"]
        if literal(interp) and interp not in _RESIZE_INTERP:
            raise LayerError("SL114", f"Resizing interpolation={interp!r} is not one of "
                                      f"{', '.join(repr(a) for a in _RESIZE_INTERP)}; Keras raises 'Invalid value for "
                                      f"argument `interpolation`' as soon as data flows.")
        if literal(cfg["fill_mode"]) and cfg["fill_mode"] != "constant":
            raise LayerError("SL114", f"Resizing only supports fill_mode='constant', got {cfg['fill_mode']!r}; Keras "
                                      f"raises as soon as data flows.")
        c, p = cfg["crop_to_aspect_ratio"], cfg["pad_to_aspect_ratio"]
        if literal(c) and literal(p) and c and p:
            raise LayerError("SL114", "Resizing takes crop_to_aspect_ratio=True or pad_to_aspect_ratio=True, not "
                                      "both; Keras raises 'Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` "
                                      "can be `True`' as soon as data flows.")
        for arg in ("height", "width"):
            v = cfg[arg]
            if _int(v) and v == 0:
                raise LayerError("SL114", f"Resizing {arg}=0: TensorFlow raises 'output dimensions must be positive' "
                                          f"as soon as data flows. Resize to at least 1 pixel.")

    def output(self, cfg, shape, layer):
        h, w = cfg["height"], cfg["width"]
        _size_dims(self.name, h, w)
        self._runtime(cfg)
        out = list(shape)
        hi, wi = _hw(cfg, shape)
        out[hi], out[wi] = h, w
        return tuple(out)

    def why(self, cfg, shape, out, layer):
        return (f"resizes height and width to {cfg['height']}×{cfg['width']}; channels kept",)


@register
class CenterCrop(_Image):
    name = "CenterCrop"

    def signature(height, width, data_format=None, *, factor=None, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((64, 64, 3))\ny = layers.CenterCrop(32, 32)(x)\n",
             _I + "x = keras.Input((16, 16, 3))\ny = layers.CenterCrop(32, 32)(x)\n")
    INVALID = ((_I + "x = keras.Input((64,))\ny = layers.CenterCrop(32, 32)(x)\n", "SL101"),
               (_I + "x = keras.Input((64, 64, 3))\ny = layers.CenterCrop(-1, 32)(x)\n", "SL114"))

    def check(self, cfg):
        if cfg.get("factor") is not None:
            raise LayerError("SL114", "CenterCrop does not take a factor argument; Keras raises.")

    def output(self, cfg, shape, layer):
        h, w = cfg["height"], cfg["width"]
        _size_dims(self.name, h, w)
        out = list(shape)
        hi, wi = _hw(cfg, shape)
        H, W = shape[hi], shape[wi]
        if (h == 0 or w == 0) and known(H) and known(W) and (H < h or W < w):
            raise LayerError("SL114", f"CenterCrop({h}, {w}) is larger than its input {fmt(tuple(shape))} on one side, "
                                      f"so Keras resizes instead of cropping, and a target size of 0 divides by zero "
                                      f"(ZeroDivisionError) as soon as data flows. Give a crop of at least 1 pixel.")
        out[hi], out[wi] = h, w
        return tuple(out)

    def why(self, cfg, shape, out, layer):
        return (f"crops the centre {cfg['height']}×{cfg['width']} (a smaller image is resized up); channels kept",)
