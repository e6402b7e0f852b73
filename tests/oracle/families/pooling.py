"""Pooling families: MaxPooling/AveragePooling 1D–3D, global pooling 1D–3D and adaptive pooling
1D–3D, each argument by position or by keyword, both data formats, invalid arguments on
purpose, inputs of rank 1–5 with None dims and batch sizes.

Adaptive pooling builds whatever it is given (its symbolic shape is (batch, *output_size,
channels) for any input) and fails only when data flows, so those cases run forward.  One
exception: TensorFlow's max kernels die with SIGFPE (no Python exception: the worker would be
killed) when an output size is 1 or an input size is 1; those cases are valid ones and only
build."""

from __future__ import annotations

from cases import Case, ctor, generator, input_line, maybe_positional, single, style
from hypothesis import strategies as st

SMALL3 = [1, 2, 3, 4, 5, 6]
FORMATS = [None, "channels_last", "channels_first"]


def uniform():
    """A number in [0, 1), spread evenly.  (Hypothesis favours 0.0 in ``st.floats(0, 1)``, so
    ``< p`` there fires far more often than p; this maps its favourite integers inside.)"""
    return st.integers(0, 9999).map(lambda x: (x * 7919 + 4099) % 10000 / 10000)


def chance(p: float):
    """True with probability about p (False for the values hypothesis tries first)."""
    return uniform().map(lambda u: u < p)


@st.composite
def input_spec(draw, ranks, other_p=0.15, none_p=0.12, choices=SMALL3, batch_p=0.15, last_none_p=0.04):
    """(shape without batch, batch_size): mostly one of ``ranks``, sometimes any rank 1–5; None
    dims (the last one more rarely) and sometimes a fixed batch size."""
    rank = draw(st.integers(1, 5)) if draw(chance(other_p)) else draw(st.sampled_from(list(ranks)))
    n = rank - 1
    shape = tuple(None if draw(chance(none_p if i < n - 1 else last_none_p)) else draw(st.sampled_from(choices))
                  for i in range(n))
    batch = draw(st.sampled_from([1, 2, 4])) if draw(chance(batch_p)) else None
    return shape, batch


@st.composite
def data_format(draw, odd_p: float = 0.1):
    """A data_format argument: mostly valid, sometimes upper case or nonsense."""
    if draw(chance(odd_p)):
        return draw(st.sampled_from(["Channels_First", "CHANNELS_LAST", "channels_middle", "nchw"]))
    return draw(st.sampled_from(FORMATS))


@st.composite
def window(draw, d: int, values=(1, 2, 3, 4), tuple_values=(1, 2, 3), bad_p: float = 0.06, zero_ok=False):
    """An int or a tuple of d ints (pool_size, strides); sometimes a value Keras rejects."""
    if draw(chance(bad_p)):
        bad = [0, -1, None, "2", tuple([2] * (d + 1)), (2,) * max(1, d - 1) if d > 1 else (2, 2), 2.0]
        if zero_ok:
            bad = [b for b in bad if b != 0] + [(1,) * (d - 1) + (0,)]
        return draw(st.sampled_from(bad))
    if d > 1 and draw(chance(0.4)) or d == 1 and draw(chance(0.15)):
        return tuple(draw(st.sampled_from(list(tuple_values))) for _ in range(d))
    return draw(st.sampled_from(list(values)))


@generator("MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D")
@st.composite
def gen_Pooling(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2, 3]))
    cls = draw(st.sampled_from(["MaxPooling", "AveragePooling"])) + f"{d}D"
    choices = [1, 2, 3, 4, 5, 6, 7, 8, 10] if d < 3 else SMALL3
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.15, none_p=0.15, choices=choices))
    kw = {}
    if cls.startswith("Average") or draw(st.booleans()):
        kw["pool_size"] = draw(window(d))
    if draw(chance(0.45)):
        kw["strides"] = draw(st.one_of(st.just(None), window(d, values=(1, 2, 3), tuple_values=(1, 2), zero_ok=True)))
    if draw(chance(0.5)):
        kw["padding"] = draw(st.sampled_from(["valid", "same"]) if draw(chance(0.9))
                             else st.sampled_from(["SAME", "Valid", "causal", "full", None]))
    if draw(chance(0.45)):
        kw["data_format"] = draw(data_format())
    if draw(chance(0.1)):
        kw["name"] = "pool"
    if cls.startswith("Average") and draw(chance(0.03)):
        kw.pop("pool_size")  # AveragePooling requires it
    pos, kw = draw(maybe_positional(["pool_size", "strides", "padding", "data_format", "name"], kw))
    return single("Pooling", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls})


@generator("GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
           "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D")
@st.composite
def gen_GlobalPooling(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2, 3]))
    cls = draw(st.sampled_from(["GlobalMaxPooling", "GlobalAveragePooling"])) + f"{d}D"
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.15, none_p=0.15, choices=SMALL3))
    kw = {}
    if draw(chance(0.5)):
        kw["data_format"] = draw(data_format())
    if draw(chance(0.5)):
        kw["keepdims"] = draw(st.sampled_from([True, False, True, 1, 0, None]))
    pos, kw = draw(maybe_positional(["data_format", "keepdims"], kw))
    return single("GlobalPooling", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls})


ADAPTIVE = [f"Adaptive{k}Pooling{d}D" for k in ("Average", "Max") for d in (1, 2, 3)]


@st.composite
def output_size(draw, d: int):
    r = draw(uniform())
    if r < 0.08:  # what Keras rejects, when built or when data flows
        return draw(st.sampled_from([0, -1, None, 2.5, "3", (0,) * d, (None,) + (2,) * (d - 1), (-2,) * d,
                                     (2,) * (d + 1), (3,) * max(1, d - 1) if d > 1 else (3, 3)]))
    if r < 0.5:
        return tuple(draw(st.sampled_from([1, 2, 3, 4, 5, 7])) for _ in range(d))
    return draw(st.sampled_from([1, 2, 3, 4, 6, 8]))


def _sizes(v, d):
    if isinstance(v, int) and not isinstance(v, bool):
        return (v,) * d
    return v if isinstance(v, tuple) else None


def _may_crash(cls, shape, sizes, fmt) -> bool:
    """TensorFlow's adaptive max kernels die (SIGFPE) when a window is wider than its axis: an
    output size of 1 or an input size of 1 on an axis the kernel pools."""
    if "Max" not in cls or sizes is None:
        return False
    n = len(shape) - 1  # spatial rank when data flows (``shape`` has no batch axis)
    spatial = shape[:-1] if fmt != "channels_first" else shape[1:]
    used = sizes[:1] if n == 1 else sizes
    return any(x == 1 for x in used if isinstance(x, int)) or any(s == 1 for s in spatial)


@generator(*ADAPTIVE)
@st.composite
def gen_AdaptivePooling(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2, 3]))
    cls = f"Adaptive{draw(st.sampled_from(['Average', 'Max']))}Pooling{d}D"
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.25, none_p=0.1, choices=SMALL3))
    kw = {"output_size": draw(output_size(d))}
    if draw(chance(0.5)):
        kw["data_format"] = draw(st.sampled_from(FORMATS + ["Channels_Last", "channels_first", "nhwc"]))
    fmt = kw.get("data_format")
    forward = True
    if _may_crash(cls, shape, _sizes(kw["output_size"], d), fmt):
        # build only, and only what builds and runs: the right rank, sizes >= 1, a valid format
        forward = False
        shape = tuple(draw(st.sampled_from(SMALL3)) for _ in range(d + 1))
        kw = {"output_size": draw(st.sampled_from([1, 2, 3])) if draw(st.booleans())
              else tuple(draw(st.sampled_from([1, 2, 3])) for _ in range(d))}
        if fmt in FORMATS:
            kw["data_format"] = fmt
    pos, kw = draw(maybe_positional(["output_size", "data_format"], kw))
    return single("AdaptivePooling", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls}, forward=forward)


@generator("MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D",
           "AdaptiveAveragePooling2D", "AdaptiveMaxPooling1D", "UpSampling2D", "ZeroPadding2D", "Cropping2D")
@st.composite
def gen_PoolingStack(draw):
    """Pooling and resampling layers after one another (a small CNN trunk), mostly on images:
    shapes flow from one layer to the next, None dims included."""
    imp, lp, kp = draw(style())
    two_d = draw(st.booleans())
    fmt = draw(st.sampled_from([None, "channels_first"])) if two_d and draw(chance(0.3)) else None
    if two_d:
        shape = tuple(draw(st.sampled_from([None, 4, 6, 8, 12, 16]) if i < 2 else st.sampled_from([1, 3]))
                      for i in range(3))
        if fmt == "channels_first":
            shape = (shape[2], shape[0], shape[1])
    else:
        shape = (draw(st.sampled_from([None, 6, 8, 16, 20])), draw(st.sampled_from([1, 4])))
    fkw = {"data_format": fmt} if fmt else {}
    src = imp + input_line(kp, "x", shape)
    covers = set()
    var = "x"
    for i in range(draw(st.integers(2, 4))):
        if two_d:
            kind = draw(st.sampled_from(["MaxPooling2D", "AveragePooling2D", "UpSampling2D", "ZeroPadding2D",
                                         "Cropping2D", "GlobalMaxPooling2D", "AdaptiveAveragePooling2D"]))
        else:
            kind = draw(st.sampled_from(["MaxPooling1D", "AveragePooling1D", "UpSampling1D", "ZeroPadding1D",
                                         "Cropping1D", "GlobalAveragePooling1D", "AdaptiveMaxPooling1D"]))
        kw = dict(fkw) if not kind.endswith("1D") else {}
        if kind.startswith(("Max", "Average")):
            pos = [draw(st.sampled_from([2, 3]))]
            if draw(st.booleans()):
                kw["padding"] = draw(st.sampled_from(["valid", "same"]))
        elif kind.startswith("UpSampling"):
            pos = [draw(st.sampled_from([2, 3]))]
        elif kind.startswith(("ZeroPadding", "Cropping")):
            pos = [draw(st.sampled_from([1, 2]))]
        elif kind.startswith("Adaptive"):
            pos = [draw(st.sampled_from([2, 3, 4]))]
        else:
            pos = []
            if draw(st.booleans()):
                kw["keepdims"] = True
        src += f"h{i} = {ctor(lp, kind, pos, kw)}({var})\n"
        var = f"h{i}"
        covers.add(kind)
        if kind.startswith("Global") and "keepdims" not in kw:
            break
    src += f"y = {var}\n"
    return Case("PoolingStack", src, "", frozenset(covers))
