"""Oracle generators for the image augmentation layers (the Random* family, the mixes and the
other image preprocessing layers).  Keras builds them on any rank (a symbolic call only runs
``compute_output_shape``) and checks the rank, some channel counts and some sizes when data
flows, so every case also runs forward on zeros.  Factors inside and outside each layer's
bounds, numbers and pairs, fill modes and interpolations, value ranges, channels_first and
channels_last, 3-D single images and 4-D batches, and ranks 1-5 now and then."""

from __future__ import annotations

from cases import (
    Case,
    ctor,
    generator,
    input_spec,
    maybe_positional,
    single,
    style,
)
from hypothesis import strategies as st

IMG = [1, 2, 3, 4, 5, 6, 8]


@st.composite
def image_spec(draw, none_p=0.1, other_p=0.15, choices=IMG, channels=None):
    shape, batch = draw(input_spec(ranks=(4, 4, 3), other_p=other_p, none_p=none_p, choices=choices))
    if channels is not None and len(shape) >= 2 and draw(st.floats(0, 1)) < 0.8:
        shape = tuple(shape[:-1]) + (channels,)
    return shape, batch


@st.composite
def factor(draw, good, bad):
    """A factor: mostly a good number or pair, sometimes a bad one."""
    if draw(st.floats(0, 1)) < 0.85:
        return draw(st.sampled_from(good))
    return draw(st.sampled_from(bad))


SIGNED = [0.1, 0.3, (-0.2, 0.3), (0.1, 0.5), 0.0, 1.0]
SIGNED_BAD = [1.5, -1.5, (0.1, 0.2, 0.3), "big", (2.0, 3.0), None]
UNIT = [0.1, 0.5, (0.1, 0.4), 1.0, 0.0]
UNIT_BAD = [-0.2, 1.5, (0.5, -0.1), (-0.5, 0.5), (2.0, 3.0), None, "x"]
FILLS = ["reflect", "wrap", "constant", "nearest", "mirror"]
INTERPS = ["bilinear", "nearest", "bicubic"]
RANGES = [(0, 255), (0, 1), [0, 1], (0, 128, 255), 255]


def _df(draw, kw, p=0.2):
    if draw(st.floats(0, 1)) < p:
        kw["data_format"] = draw(st.sampled_from(["channels_first", "channels_last", "channels_middle"]))


GEOMETRIC = ["RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomShear", "RandomPerspective",
             "RandomElasticTransform", "RandomCrop"]


@generator(*GEOMETRIC)
@st.composite
def gen_RandomGeometric(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(GEOMETRIC))
    shape, batch = draw(image_spec())
    kw, names = {}, []
    if cls == "RandomFlip":
        if draw(st.booleans()):
            kw["mode"] = draw(st.sampled_from(["horizontal", "vertical", "horizontal_and_vertical"]))
        names = ["mode", "seed"]
    elif cls == "RandomRotation":
        kw["factor"] = draw(factor(SIGNED, SIGNED_BAD[:-1] + [(1.5, 0.5)]))
        names = ["factor", "fill_mode", "interpolation"]
    elif cls == "RandomZoom":
        kw["height_factor"] = draw(factor([0.1, -0.3, (-0.2, 0.3), 1.0, (0.1, 0.2)], [-1.0, 1.2, (-1.0, 0.2), "x"]))
        if draw(st.booleans()):
            kw["width_factor"] = draw(factor([0.2, (-0.1, 0.1), None], [-1.5, (0.1, 0.2, 0.3)]))
        names = ["height_factor", "width_factor", "fill_mode", "interpolation"]
    elif cls == "RandomTranslation":
        kw["height_factor"] = draw(factor([0.1, (-0.2, 0.3), -1.0, 1.0], [1.2, (-1.5, 0.1), None]))
        kw["width_factor"] = draw(factor([0.2, (0.0, 0.1)], [-1.2, "x"]))
        names = ["height_factor", "width_factor", "fill_mode", "interpolation"]
    elif cls == "RandomShear":
        if draw(st.booleans()):
            kw["x_factor"] = draw(factor([0.1, (0.1, 0.3), 1.0], [-0.1, (-0.1, 0.2), 1.5]))
        if draw(st.booleans()):
            kw["y_factor"] = draw(factor([0.2, (0.0, 0.5)], [2.0, None]))
        names = ["x_factor", "y_factor", "interpolation", "fill_mode"]
    elif cls == "RandomPerspective":
        if draw(st.booleans()):
            kw["factor"] = draw(factor(UNIT, UNIT_BAD))
        if draw(st.floats(0, 1)) < 0.4:
            kw["scale"] = draw(st.sampled_from([0.0, 0.5, 1.0, 1.5, -0.1]))
        names = ["factor", "scale", "interpolation"]
    elif cls == "RandomElasticTransform":
        if draw(st.booleans()):
            kw["factor"] = draw(factor(UNIT, UNIT_BAD))
        if draw(st.floats(0, 1)) < 0.4:
            kw["scale"] = draw(factor([0.1, (0.1, 0.5), 1.0], [1.5, (-2.0, -1.0)]))
        names = ["factor", "scale", "interpolation", "fill_mode"]
    else:  # RandomCrop
        kw["height"] = draw(st.sampled_from([1, 2, 3, 5, 8]) if draw(st.floats(0, 1)) < 0.92 else st.sampled_from([0, -1]))
        kw["width"] = draw(st.sampled_from([1, 2, 4, 8]))
        names = ["height", "width", "seed"]
    if cls not in ("RandomFlip", "RandomCrop"):
        if "fill_mode" in names and draw(st.floats(0, 1)) < 0.25:
            kw["fill_mode"] = draw(st.sampled_from(FILLS))
        if draw(st.floats(0, 1)) < 0.2:
            kw["interpolation"] = draw(st.sampled_from(INTERPS))
    _df(draw, kw)
    pos, kw = draw(maybe_positional(names, kw))
    return single("RandomGeometric", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, forward=True)


COLOR = ["RandomContrast", "RandomBrightness", "RandomHue", "RandomSaturation", "RandomSharpness",
         "RandomPosterization", "RandomInvert", "RandomGrayscale", "RandomColorDegeneration", "RandomColorJitter",
         "Solarization", "AutoContrast", "Equalization", "ContrastLimitedAdaptiveHistogramEqualization"]


@generator(*COLOR)
@st.composite
def gen_RandomColor(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(COLOR))
    kw, names = {}, []
    if cls == "ContrastLimitedAdaptiveHistogramEqualization":
        # sizes matter when data flows (the tile grid pads the image): known height and width
        if draw(st.floats(0, 1)) < 0.85:
            shape = (draw(st.sampled_from(IMG)), draw(st.sampled_from(IMG)), draw(st.sampled_from([1, 3])))
            batch = None
        else:
            shape, batch = draw(st.sampled_from([((5, 3), 2), ((4,), None), ((2, 4, 4, 3), None), ((4, 5, 3), 2)]))
        if draw(st.floats(0, 1)) < 0.6:
            kw["tile_grid_size"] = draw(st.sampled_from([(2, 2), (1, 1), (3, 2), (4, 4), (8, 8)]))
        if draw(st.floats(0, 1)) < 0.3:
            kw["clip_limit"] = draw(st.sampled_from([2.0, 0.0]))
        if draw(st.floats(0, 1)) < 0.2:
            kw["value_range"] = draw(st.sampled_from([(0, 1), (0, 255)]))
        names = ["value_range", "clip_limit", "tile_grid_size"]
    else:
        shape, batch = draw(image_spec(channels=3 if draw(st.floats(0, 1)) < 0.7 else None))
    if cls in ("RandomContrast", "RandomHue", "RandomSharpness", "RandomInvert"):
        if cls != "RandomInvert" or draw(st.booleans()):
            kw["factor"] = draw(factor(UNIT, UNIT_BAD))
        names = ["factor", "value_range"]
    elif cls in ("RandomBrightness", "RandomSaturation", "RandomColorDegeneration"):
        kw["factor"] = draw(factor(SIGNED, SIGNED_BAD))
        names = ["factor", "value_range"]
    elif cls == "RandomPosterization":
        kw["factor"] = draw(factor([1, 4, 8, (2, 6)], [0, 9, 0.5, (0, 4)]))
        names = ["factor", "value_range"]
    elif cls == "RandomGrayscale":
        if draw(st.booleans()):
            kw["factor"] = draw(factor([0.0, 0.2, 1.0], [1.2, -0.1, (0.1, 0.2)]))
        names = ["factor"]
    elif cls == "RandomColorJitter":
        for arg, good, bad in (("brightness_factor", SIGNED, SIGNED_BAD[:-1]), ("contrast_factor", UNIT, UNIT_BAD[:-1]),
                               ("saturation_factor", SIGNED, SIGNED_BAD[:-1]), ("hue_factor", UNIT, UNIT_BAD[:-1])):
            if draw(st.floats(0, 1)) < 0.45:
                kw[arg] = draw(factor(good, bad))
        names = ["value_range", "brightness_factor", "contrast_factor", "saturation_factor", "hue_factor"]
    elif cls == "Solarization":
        if draw(st.booleans()):
            kw["addition_factor"] = draw(factor(UNIT, UNIT_BAD))
        if draw(st.booleans()):
            kw["threshold_factor"] = draw(factor(UNIT, UNIT_BAD))
        names = ["addition_factor", "threshold_factor", "value_range"]
    elif cls in ("AutoContrast", "Equalization"):
        names = ["value_range"]
        if cls == "Equalization" and draw(st.floats(0, 1)) < 0.3:
            kw["bins"] = draw(st.sampled_from([16, 256]))
    if cls != "ContrastLimitedAdaptiveHistogramEqualization" and draw(st.floats(0, 1)) < 0.3:
        kw["value_range"] = draw(st.sampled_from(RANGES))
    if cls not in ("RandomContrast", "RandomBrightness", "Solarization", "AutoContrast"):
        _df(draw, kw, 0.15)
    pos, kw = draw(maybe_positional(names, kw))
    if cls == "Equalization":
        # Keras 3.15.1 hands the input KerasTensor back from a symbolic call, so no model can be made
        # (and run) from it: call it on data instead, where its checks run
        data = ((batch or 2),) + tuple(3 if d is None else d for d in shape)
        src = imp + "import numpy as np\n" + f"y = {ctor(lp, cls, pos, kw)}(np.zeros({data!r}))\n"
        return Case("RandomColor", src, cls, frozenset({cls}), mode="script")
    return single("RandomColor", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, forward=True)


MIX = ["RandomGaussianBlur", "RandomErasing", "CutMix", "MixUp", "AugMix", "RandAugment", "MaxNumBoundingBoxes"]


@generator(*MIX)
@st.composite
def gen_RandomMix(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(MIX))
    shape, batch = draw(image_spec(channels=3 if draw(st.floats(0, 1)) < 0.8 else None))
    kw, names = {}, []
    if cls == "RandomGaussianBlur":
        if draw(st.booleans()):
            kw["factor"] = draw(factor(UNIT, UNIT_BAD))
        if draw(st.floats(0, 1)) < 0.4:
            kw["kernel_size"] = draw(st.sampled_from([3, 5, (3, 5), 4, (3, 4), (3, 3, 3), 1]))
        if draw(st.floats(0, 1)) < 0.3:
            kw["sigma"] = draw(factor([0.5, 1.0, (0.1, 0.9)], [2.0, -0.5]))
        names = ["factor", "kernel_size", "sigma", "value_range"]
    elif cls == "RandomErasing":
        if draw(st.booleans()):
            kw["factor"] = draw(factor(UNIT, UNIT_BAD))
        if draw(st.floats(0, 1)) < 0.4:
            kw["scale"] = draw(factor([(0.1, 0.2), 0.3, (0.02, 0.33)], [1.5, (0.5, -0.1)]))
        names = ["factor", "scale", "fill_value", "value_range"]
    elif cls == "CutMix":
        if draw(st.booleans()):
            kw["factor"] = draw(factor(UNIT, UNIT_BAD))
        names = ["factor", "seed"]
    elif cls == "MixUp":
        if draw(st.booleans()):
            kw["alpha"] = draw(st.sampled_from([0.2, 0.5, 1.0]))
        names = ["alpha"]
    elif cls in ("AugMix", "RandAugment"):
        if draw(st.booleans()):
            kw["factor"] = draw(factor([0.3, 0.5, (0.1, 0.6), 1.0], [1.5, (-0.2, 0.5), -0.1]))
        if draw(st.floats(0, 1)) < 0.3:
            kw["value_range"] = draw(st.sampled_from([(0, 255), (0, 1), (0, 1, 2), 255]))
        if draw(st.floats(0, 1)) < 0.2:
            kw["interpolation"] = draw(st.sampled_from(["bilinear", "nearest", "bicubic"]))
        if cls == "AugMix":
            if draw(st.floats(0, 1)) < 0.3:
                kw["num_chains"] = draw(st.sampled_from([1, 2]))
            if draw(st.floats(0, 1)) < 0.2:
                kw["all_ops"] = False
            names = ["value_range", "num_chains", "chain_depth", "factor"]
        else:
            if draw(st.floats(0, 1)) < 0.3:
                kw["num_ops"] = draw(st.sampled_from([1, 3]))
            names = ["value_range", "num_ops", "factor"]
    else:  # MaxNumBoundingBoxes
        kw["max_number"] = draw(st.sampled_from([1, 5, 10, 2.5]) if draw(st.floats(0, 1)) < 0.9 else st.sampled_from([None, "x"]))
        if draw(st.floats(0, 1)) < 0.2:
            kw["fill_value"] = draw(st.sampled_from([-1, 0]))
        names = ["max_number", "fill_value"]
    if cls not in ("MaxNumBoundingBoxes",):
        _df(draw, kw, 0.15)
    pos, kw = draw(maybe_positional(names, kw))
    return single("RandomMix", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, forward=True)


@generator()
@st.composite
def gen_AugmentStack(draw):
    """A Sequential of augmentation layers before a small convnet head, as tutorials write it."""
    imp, lp, kp = draw(style())
    h = draw(st.sampled_from([8, 16]))
    c = draw(st.sampled_from([1, 3]))
    items = [ctor(lp, "RandomFlip", [draw(st.sampled_from(["horizontal", "vertical"]))], {}),
             ctor(lp, "RandomRotation", [0.1], {}), ctor(lp, "RandomZoom", [0.1], {}),
             ctor(lp, "RandomContrast", [0.2], {}), ctor(lp, "RandomTranslation", [0.1, 0.1], {}),
             ctor(lp, "RandomCrop", [h // 2, h // 2], {}), ctor(lp, "Rescaling", [1 / 255.0], {}),
             ctor(lp, "Resizing", [h // 2, h // 2], {}), ctor(lp, "CenterCrop", [h // 2, h // 2], {})]
    chosen = draw(st.lists(st.sampled_from(items), min_size=1, max_size=4))
    body = ",\n    ".join([f"{kp}Input(shape={(h, h, c)!r})"] + chosen + [
        ctor(lp, "Conv2D", [4, 3], {}), ctor(lp, "GlobalAveragePooling2D", [], {}), ctor(lp, "Dense", [2], {})])
    src = imp + f"model = {kp}Sequential([\n    {body},\n])\n"
    covers = {n for n in ("RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation",
                          "RandomCrop", "Rescaling", "Resizing", "CenterCrop") if any(f"{n}(" in x for x in chosen)}
    return Case("AugmentStack", src, "", frozenset(covers | {"Conv2D", "GlobalAveragePooling2D", "Dense"}),
                forward=True)
