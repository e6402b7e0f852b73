"""Generators for the convolution family: Conv1D/2D/3D, Conv1D/2D/3DTranspose, SeparableConv1D/2D,
DepthwiseConv1D/2D, one layer on a random input and short chains of them.

Every argument is drawn both by position and by keyword (when drawn, the arguments before it in
the constructor's order are often spelled out with their defaults so that it can go by
position), in both data formats and in the spellings Keras lower-cases; invalid values on purpose
(zero or negative counts, tuples of the wrong length, padding 'causal' where only Conv1D takes
it, strides > 1 with dilation_rate > 1, output_padding >= strides, groups that do not divide,
floats, None); inputs of rank 1-5 with None dims and batch sizes.  Sizes stay small (<= 8) so
Keras builds every case in milliseconds.
"""

from __future__ import annotations

from hypothesis import strategies as st

from cases import ACTIVATIONS, Case, ctor, generator, maybe_positional, r, single, style

SIZES = [5, 6, 7, 8, 4, 3, 2, 1]  # hypothesis favours the first: a size most windows fit
SIZES_3D = [4, 5, 6, 3, 2, 1]

# constructor parameters in Keras' positional order (up to use_bias) and their defaults
CONV_ORDER = ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups",
              "activation", "use_bias"]
TRANSPOSE_ORDER = ["filters", "kernel_size", "strides", "padding", "output_padding", "data_format",
                   "dilation_rate", "activation", "use_bias"]
TRANSPOSE3D_ORDER = ["filters", "kernel_size", "strides", "padding", "data_format", "output_padding",
                     "dilation_rate", "activation", "use_bias"]
SEPARABLE_ORDER = ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                   "depth_multiplier", "activation", "use_bias"]
DEPTHWISE_ORDER = ["kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate",
                   "activation", "use_bias"]
DEFAULTS = {"strides": 1, "padding": "valid", "data_format": None, "dilation_rate": 1, "groups": 1,
            "activation": None, "use_bias": True, "output_padding": None, "depth_multiplier": 1}


def order_of(cls: str) -> list:
    if cls.startswith("Conv3DTranspose"):
        return TRANSPOSE3D_ORDER
    if "Transpose" in cls:
        return TRANSPOSE_ORDER
    if cls.startswith("Separable"):
        return SEPARABLE_ORDER
    if cls.startswith("Depthwise"):
        return DEPTHWISE_ORDER
    return CONV_ORDER


def chance(p: float):
    """True with probability about p; False is the simplest value (what hypothesis draws when it
    explores small examples and where it shrinks to).  Hypothesis' floats(0, 1) favour 0.0 and
    tiny values: ``floats(0, 1) < 0.05`` holds for about 30 % of draws."""
    return st.integers(0, 999).map(lambda i: i >= 1000 - p * 1000)


@st.composite
def per_axis(draw, d: int, values, tuple_p: float = 0.3):
    """An int, or (sometimes) a tuple/list of d of them."""
    if draw(chance(tuple_p)):
        t = tuple(draw(st.sampled_from(values)) for _ in range(d))
        return list(t) if draw(chance(0.2)) else t
    return draw(st.sampled_from(values))


@st.composite
def odd_tuple(draw, d: int, ok_values):
    """Something standardize_tuple rejects (or a float it lets through)."""
    return draw(st.sampled_from([
        0, -1, tuple([ok_values[0]] * (d + 1)), tuple([2] * max(1, d - 1)) if d > 1 else (2, 2),
        2.0, tuple([2.0] * d), None, "3", tuple([1] * (d - 1) + [0]),
    ]))


@st.composite
def conv_kwargs(draw, cls: str, d: int):
    """Keyword arguments for one convolution layer (valid mostly, invalid on purpose)."""
    transpose = "Transpose" in cls
    depthwise = cls.startswith("Depthwise")
    separable = cls.startswith("Separable")
    plain = not (transpose or depthwise or separable)
    kw = {}
    if not depthwise:
        kw["filters"] = draw(st.sampled_from([0, -2, None, 4.0, 2.5, True]) if draw(chance(0.07))
                             else st.sampled_from([4, 2, 1, 3, 6, 8]))
    ks = draw(per_axis(d, [3, 1, 2, 4, 5] if d < 3 else [2, 1, 3]))
    if draw(chance(0.05)):
        ks = draw(odd_tuple(d, [3]))
    kw["kernel_size"] = ks
    if draw(chance(0.03)):  # dilated or strided by floats: Keras computes them
        kw[draw(st.sampled_from(["strides", "dilation_rate"]))] = draw(st.sampled_from([1.0, 2.0, tuple([2.0] * d)]))
    if "strides" not in kw and draw(chance(0.4)):
        kw["strides"] = draw(per_axis(d, [2, 1, 3]))
        if draw(chance(0.03)):
            kw["strides"] = draw(odd_tuple(d, [1]))
    if draw(chance(0.5)):
        pads = ["valid", "same", "SAME", "Valid", "causal"] if d == 1 else ["valid", "same", "Same"]
        pad = draw(st.sampled_from(pads))
        if draw(chance(0.06)):
            pad = draw(st.sampled_from(["causal", "full", "CAUSAL", None, ("valid",)]))
        kw["padding"] = pad
    if draw(chance(0.45)):
        df = draw(st.sampled_from(["channels_last", "channels_first", "channels_first", None, "Channels_First",
                                   "CHANNELS_LAST"]))
        if draw(chance(0.03)):
            df = "channels_middle"
        kw["data_format"] = df
    if "dilation_rate" not in kw and draw(chance(0.1 if "strides" in kw else 0.35)):  # strides > 1 with dilation_rate > 1 raises
        kw["dilation_rate"] = draw(per_axis(d, [2, 1, 3]))
        if draw(chance(0.03)):
            kw["dilation_rate"] = draw(odd_tuple(d, [1]))
    if plain and draw(chance(0.25)):
        f = kw["filters"]
        divisors = [g for g in (1, 2, 3, 4) if isinstance(f, int) and f > 0 and f % g == 0] or [1]
        kw["groups"] = draw(st.sampled_from([0, -1, 2.0, None]) if draw(chance(0.08))
                            else st.sampled_from([1, 2, 3, 4]) if draw(chance(0.3))
                            else st.sampled_from(divisors))
    if transpose and draw(chance(0.4)):
        op = draw(st.one_of(st.sampled_from([None, 0, 1, 2]), per_axis(d, [0, 1, 2], tuple_p=1.0)))
        if draw(chance(0.05)):
            op = draw(st.sampled_from([-1, tuple([0] * (d + 1)), True]))
        kw["output_padding"] = op
        if op not in (None, 0) and "strides" not in kw and not draw(chance(0.3)):
            kw["strides"] = draw(per_axis(d, [2, 3]))  # output_padding must stay below the stride
    if (depthwise or separable) and draw(chance(0.5)):
        kw["depth_multiplier"] = draw(st.sampled_from([0, -1, None, 2.0, True]) if draw(chance(0.08))
                                      else st.sampled_from([1, 2, 3]))
    if draw(chance(0.2)):
        kw["activation"] = draw(st.sampled_from(ACTIVATIONS))
    if draw(chance(0.3)):
        kw["use_bias"] = draw(st.booleans())
    if plain and draw(chance(0.06)):
        kw["lora_rank"] = draw(st.sampled_from([0, 1, 2]))
        if draw(chance(0.3)):
            kw["lora_alpha"] = 4
        if draw(chance(0.2)):
            kw["kernel_constraint"] = "max_norm"
    if draw(chance(0.03)):  # a keyword the class does not take
        kw[draw(st.sampled_from(["groups", "output_padding", "depth_multiplier", "lora_rank"]))] = 1
    return kw


@st.composite
def positional(draw, cls: str, kw: dict):
    """Move a prefix of the constructor's arguments to positions; sometimes spell out the
    defaults first so that later ones (data_format, groups, output_padding...) go by position."""
    order = order_of(cls)
    if draw(chance(0.3)):
        last = max([order.index(k) for k in kw if k in order], default=0)
        full = {}
        for name in order[:last + 1]:
            full[name] = kw[name] if name in kw else DEFAULTS[name]
        full.update({k: v for k, v in kw.items() if k not in full})
        kw = full
    return draw(maybe_positional(order, kw))


@st.composite
def conv_input(draw, d: int, first: bool):
    """(shape without batch, batch size): mostly rank d + 2, sometimes any rank 1-5; spatial dims
    None now and then, the channel axis (last, or first with channels_first) rarely."""
    rank = draw(st.integers(1, 5)) if draw(chance(0.15)) else d + 2
    choices = SIZES_3D if d == 3 else SIZES
    shape = [None if draw(chance(0.12)) else draw(st.sampled_from(choices)) for _ in range(rank - 1)]
    if shape:
        ch = 0 if first else len(shape) - 1
        shape[ch] = None if draw(chance(0.05)) else draw(st.sampled_from([3, 4, 2, 1, 6, 8]))
    batch = draw(st.sampled_from([1, 2, 4])) if draw(chance(0.15)) else None
    return tuple(shape), batch


def _one(family: str, classes: list):
    @st.composite
    def gen(draw):
        imp, lp, kp = draw(style())
        cls = draw(st.sampled_from(classes))
        d = int(next(ch for ch in cls if ch.isdigit()))
        kw = draw(conv_kwargs(cls, d))
        df = kw.get("data_format")
        shape, batch = draw(conv_input(d, isinstance(df, str) and df.lower() == "channels_first"))
        pos, kw = draw(positional(cls, kw))
        return single(family, imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls})

    gen.__name__ = "gen_" + family
    return gen


CONV = ["Conv1D", "Conv2D", "Conv3D"]
TRANSPOSE = ["Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"]
SEPARABLE = ["SeparableConv1D", "SeparableConv2D"]
DEPTHWISE = ["DepthwiseConv1D", "DepthwiseConv2D"]

generator(*CONV)(_one("Convolution", CONV))
generator(*TRANSPOSE)(_one("ConvTranspose", TRANSPOSE))
generator(*SEPARABLE)(_one("SeparableConv", SEPARABLE))
generator(*DEPTHWISE)(_one("DepthwiseConv", DEPTHWISE))


@st.composite
def chain_layer(draw, lp: str, d: int, channels_first: bool = False):
    """One layer of a chain: mostly valid arguments (the interest is in what flows between them)."""
    cls = draw(st.sampled_from({1: ["Conv1D", "Conv1DTranspose", "SeparableConv1D", "DepthwiseConv1D"],
                                2: ["Conv2D", "Conv2DTranspose", "SeparableConv2D", "DepthwiseConv2D"],
                                3: ["Conv3D", "Conv3DTranspose"]}[d]))
    kw = {}
    if not cls.startswith("Depthwise"):
        kw["filters"] = draw(st.sampled_from([2, 4, 6]))
    kw["kernel_size"] = draw(st.sampled_from([3, 2, 1]))
    if draw(st.booleans()):
        kw["padding"] = draw(st.sampled_from(["valid", "same"]))
    if draw(chance(0.3)):
        kw["strides"] = 2
    elif draw(chance(0.15)):
        kw["dilation_rate"] = 2
    if cls.startswith(("Depthwise", "Separable")) and draw(st.booleans()):
        kw["depth_multiplier"] = draw(st.sampled_from([1, 2]))
    if cls in ("Conv1D", "Conv2D") and draw(chance(0.15)):
        kw["groups"] = 2
    if "Transpose" in cls and kw.get("strides") == 2 and draw(chance(0.4)):
        kw["output_padding"] = draw(st.sampled_from([0, 1]))
    if draw(chance(0.15)):
        kw["use_bias"] = False
    if channels_first:
        kw["data_format"] = "channels_first"
    pos, kw = draw(positional(cls, kw))
    return ctor(lp, cls, pos, kw), cls


@generator(*CONV, *TRANSPOSE, *SEPARABLE, *DEPTHWISE)
@st.composite
def gen_ConvChain(draw):
    """2-4 convolutions of one spatial rank in a Sequential or a functional model, all in one
    data format (set per layer, or once with keras.config.set_image_data_format)."""
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 1, 2, 2, 3]))
    n = draw(st.integers(2, 4))
    how = draw(st.sampled_from(["last", "last", "first", "global_first"]))
    items = [draw(chain_layer(lp, d, how == "first")) for _ in range(n)]
    choices = SIZES_3D if d == 3 else SIZES
    shape = tuple(draw(st.sampled_from(choices)) if not draw(chance(0.1)) else None for _ in range(d + 1))
    if not draw(chance(0.1)):  # the channel axis mostly known
        ch = draw(st.sampled_from([3, 4, 2, 1]))
        shape = ((ch,) + shape[1:]) if how != "last" else (shape[:-1] + (ch,))
    form = draw(st.sampled_from(["sequential", "functional"]))
    body = ""
    if form == "sequential":
        layers_src = ",\n    ".join([f"{kp}Input(shape={r(shape)})"] + [c for c, _ in items])
        body += f"model = {kp}Sequential([\n    {layers_src},\n])\n"
    else:
        body += f"inp = {kp}Input(shape={r(shape)})\nx = inp\n"
        for c, _ in items:
            body += f"x = {c}(x)\n"
        body += f"model = {kp}Model(inp, x)\n"
    src = imp
    if how == "global_first":  # the worker runs every case in one process: always set it back
        indented = "".join("    " + ln + "\n" for ln in body.splitlines())
        src += (f"{kp}config.set_image_data_format('channels_first')\ntry:\n{indented}"
                f"finally:\n    {kp}config.set_image_data_format('channels_last')\n")
    else:
        src += body
    return Case("ConvChain", src, "", frozenset(c for _, c in items))
