"""Pipeline: a sequence of layers called as one, followed layer by layer as Keras traces it."""

from __future__ import annotations

from ..augmentation import _channels_first
from ..base import LayerError, Rule, Unsure, fmt, known, register
from .common import _I, _int, _is_layer
from .image import _hw

# How a layer behaves inside Pipeline.call, which Keras traces as a TensorFlow graph (the inner
# layers run their real ``call`` with training=True, not ``compute_output_shape``): the image
# layers that keep their static shape even where a dim is None, and those that need known sizes.
_PIPE_KEEP = {"RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness",
              "RandomShear", "RandomSharpness", "RandomPosterization", "RandomInvert", "RandomGaussianBlur",
              "AutoContrast", "MixUp", "Solarization", "MaxNumBoundingBoxes", "Equalization", "RandomColorJitter"}
_PIPE_NEED_HW = {"RandomPerspective", "RandomElasticTransform", "RandomErasing", "CutMix",
                 "ContrastLimitedAdaptiveHistogramEqualization", "RandomCrop"}
_PIPE_RGB = {"RandomHue": (3,), "RandomSaturation": (3,), "RandomColorDegeneration": (3,), "RandAugment": (3,),
             "AugMix": (1, 3), "RandomGrayscale": (1, 3)}
_PIPE_OTHER = {"Dense", "Rescaling"}  # not image layers: their own rule


@register
class Pipeline(Rule):
    """Its layers applied in order.  Keras traces ``call`` as a TensorFlow graph, so the inner
    layers run for real (training=True): the output is what that graph infers, which is each
    layer's ``compute_output_shape`` when the image sizes are known; a None height or width
    stays None through the layers that keep the shape, becomes None in CenterCrop, and makes
    the layers that need sizes Unknown.  The parameter count is the inner layers'.  A layer
    that ``adapt()`` may have taught (the engine keeps that per layer, not here) or any other
    layer makes the result Unknown."""

    name = "Pipeline"

    def signature(layers, name=None): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\n"
                  "y = layers.Pipeline([layers.RandomFlip(), layers.RandomRotation(0.1), layers.Rescaling(1 / 255)])(x)\n",)
    INVALID = ((_I + "x = keras.Input((64,))\ny = layers.Pipeline([layers.CenterCrop(32, 32)])(x)\n", "SL101"),)

    def _inner(self, cfg):
        items = cfg["layers"]
        if not isinstance(items, tuple) or not all(_is_layer(x) and x.rule is not None for x in items):
            raise Unsure("layers")
        return items

    def _run(self, cfg, shape):
        items = self._inner(cfg)
        shape = tuple(shape)
        allowed = _PIPE_KEEP | _PIPE_NEED_HW | set(_PIPE_RGB) | _PIPE_OTHER | {"Resizing", "CenterCrop"}
        if any(lay.rule.name not in allowed for lay in items):
            raise Unsure("inner layer")
        for lay in items:  # all of them keep the rank: each checks it, whatever the sizes
            err = lay.rule.check_rank(shape)
            if err:
                raise LayerError("SL101", f"Pipeline runs {lay.rule.name} on {fmt(shape)}: {err}; {lay.rule.name} "
                                          f"needs {lay.rule.expected_rank_text()}.")
        total = 0
        for lay in items:
            rule = lay.rule
            n = rule.name
            if n in _PIPE_OTHER:
                out = rule.output(lay.cfg, shape, lay)
                p = rule.params(lay.cfg, shape, lay)
                if not isinstance(out, tuple) or p is None:
                    raise Unsure("inner")
                total += p
                shape = out
                continue
            first = _channels_first(lay.cfg)
            hi, wi = _hw(lay.cfg, shape)
            ci = (len(shape) - 3) if first else len(shape) - 1
            h, w, c = shape[hi], shape[wi], shape[ci]
            # a 3-D image's height is the batch axis of keras.Input: None unless batch_size is set
            hw_known = known(h) and known(w)
            if n in _PIPE_NEED_HW and not hw_known:
                raise Unsure("sizes")
            if n in _PIPE_RGB:
                if not known(c):
                    raise Unsure("channels")
                if c not in _PIPE_RGB[n]:
                    raise Unsure("channels")  # Keras raises here (training=True); not modelled
            if n == "CenterCrop" and not hw_known:
                # a side known to be smaller than the crop: Keras resizes (static crop size);
                # else it slices at a start it cannot know: height and width become None
                ch, cw = lay.cfg["height"], lay.cfg["width"]
                if not (_int(ch) and _int(cw)):
                    raise Unsure("crop")
                resize = (known(h) and h < ch) or (known(w) and w < cw)
                out = list(shape)
                out[hi], out[wi] = (ch, cw) if resize else (None, None)
                shape = tuple(out)
                continue
            out = rule.output(lay.cfg, shape, lay)
            if not isinstance(out, tuple):
                raise Unsure("output")
            shape = out
        return shape, total

    def output(self, cfg, shape, layer):
        return self._run(cfg, shape)[0]

    def params(self, cfg, shape, layer):
        return self._run(cfg, shape)[1]
