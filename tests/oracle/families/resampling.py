"""Resampling families: UpSampling 1D–3D, ZeroPadding 1D–3D and Cropping 1D–3D, each argument by
position or by keyword, both data formats, ints / pairs / pairs of pairs, invalid arguments on
purpose, inputs of rank 1–5 with None dims and batch sizes.

UpSampling2D checks its interpolation only when data flows, and ZeroPadding2D/3D(-1) builds
and fails in ``ops.pad``: those families run forward.  Cropping only builds: its call checks
the real sizes again, and the forward run's stand-in size for a None dim (3) would make a
failure the program may never see."""

from __future__ import annotations

from cases import ctor, generator, maybe_positional, single, style
from hypothesis import strategies as st

from families.pooling import chance, input_spec, uniform

SMALL3 = [1, 2, 3, 4, 5, 6]


@st.composite
def data_format(draw, odd_p: float = 0.08):
    if draw(chance(odd_p)):
        return draw(st.sampled_from(["Channels_First", "CHANNELS_LAST", "channels_middle"]))
    return draw(st.sampled_from([None, "channels_last", "channels_first"]))


def _choices(d):
    return [1, 2, 3, 4, 5, 6, 8, 10] if d < 3 else SMALL3


@st.composite
def amounts(draw, d: int, values, bad, int_p=0.35, flat_p=0.3):
    """padding/cropping for a d-D layer: an int, d ints, d pairs (mixed with ints), or a bad one.
    For d == 1: an int or a pair."""
    r = draw(uniform())
    if r < 0.07:
        return draw(st.sampled_from(bad))
    if r < 0.07 + int_p:
        return draw(st.sampled_from(values))
    if d == 1:
        return (draw(st.sampled_from(values)), draw(st.sampled_from(values)))
    if r < 0.07 + int_p + flat_p:
        return tuple(draw(st.sampled_from(values)) for _ in range(d))
    out = []
    for _ in range(d):
        if draw(chance(0.2)):
            out.append(draw(st.sampled_from(values)))
        else:
            out.append((draw(st.sampled_from(values)), draw(st.sampled_from(values))))
    return tuple(out)


@generator("UpSampling1D", "UpSampling2D", "UpSampling3D")
@st.composite
def gen_UpSampling(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2, 3]))
    cls = f"UpSampling{d}D"
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.15, none_p=0.15, choices=_choices(d)))
    kw = {}
    names = ["size"]
    if draw(chance(0.7)):
        if d == 1:
            kw["size"] = draw(st.sampled_from([1, 2, 3]) if draw(chance(0.9))
                              else st.sampled_from([0, -2, 2.0, (2,), True, None]))
        elif draw(chance(0.06)):
            kw["size"] = draw(st.sampled_from([0, -1, (2, 0), (2,) * (d + 1), (2,) * (d - 1), None, "2"]))
        elif draw(st.booleans()):
            kw["size"] = tuple(draw(st.sampled_from([1, 2, 3])) for _ in range(d))
        else:
            kw["size"] = draw(st.sampled_from([1, 2, 3]))
    if d > 1:
        names.append("data_format")
        if draw(chance(0.45)):
            kw["data_format"] = draw(data_format())
    if d == 2:
        names.append("interpolation")
        if draw(chance(0.5)):
            kw["interpolation"] = draw(st.sampled_from(["nearest", "bilinear", "Bilinear", "NEAREST", "bicubic", "area",
                                                        "lanczos3", "lanczos5"]) if draw(chance(0.88))
                                       else st.sampled_from(["gaussian", "mitchellcubic", "cubic", "", None, 1]))
    pos, kw = draw(maybe_positional(names, kw))
    return single("UpSampling", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls},
                  forward=True)


@generator("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D")
@st.composite
def gen_ZeroPadding(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2, 3]))
    cls = f"ZeroPadding{d}D"
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.15, none_p=0.15, choices=_choices(d)))
    kw = {}
    if draw(chance(0.75)):
        bad = [-1, -2, None, 1.5, "1", (1,) * (d + 1), ((1, 2),) * (d + 1)]
        if d > 1:
            bad += [(1,) * (d - 1), ((1, -1),) * d, ((1, 2, 3),) + ((1, 1),) * (d - 1)]
        kw["padding"] = draw(amounts(d, [0, 1, 2, 3], bad))
    if draw(chance(0.45)):
        kw["data_format"] = draw(data_format())
    pos, kw = draw(maybe_positional(["padding", "data_format"], kw))
    return single("ZeroPadding", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls},
                  forward=True)


@generator("Cropping1D", "Cropping2D", "Cropping3D")
@st.composite
def gen_Cropping(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2, 3]))
    cls = f"Cropping{d}D"
    choices = [1, 2, 4, 5, 6, 8, 10, 12] if d < 3 else [1, 2, 4, 5, 6, 8]  # room to crop, sometimes too little
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.15, none_p=0.15, choices=choices))
    kw = {}
    names = ["cropping"]
    if draw(chance(0.8)):
        bad = [-1, None, 1.5, "1", (1,) * (d + 1), ((1, 1),) * (d + 1)]
        if d > 1:
            bad += [(1,) * (d - 1), ((0, -1),) * d, (-1,) * d]
        kw["cropping"] = draw(amounts(d, [0, 1, 1, 2, 3], bad))
    if d > 1:
        names.append("data_format")
        if draw(chance(0.45)):
            kw["data_format"] = draw(data_format())
    elif draw(chance(0.03)):
        kw["data_format"] = "channels_last"  # Cropping1D has none: 'Unrecognized keyword arguments'
    pos, kw = draw(maybe_positional(names, kw))
    return single("Cropping", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls})
