"""Hypothesis strategies that generate Keras snippets: one layer on a random input, or random
stacks of 2–6 layers (Sequential and functional, with two-branch merges).

Every strategy draws a :class:`Case`: the snippet's source, the Keras layer class under test
(``target``, the last top-level layer call in the snippet) and the catalog rules it exercises
(``covers``).  Arguments include invalid ones on purpose (zero units, bad padding, rates above
1, inputs of the wrong rank, merges of shapes that do not fit, ...): the oracle decides what is
valid.  Sizes stay small so Keras builds each case in a few milliseconds.

This module does not import Keras or shapelens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------
# the case
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    family: str  # generator name, e.g. "LSTM" or "stack"
    source: str
    target: str  # Keras class of the last top-level layer call ("" for stacks)
    covers: frozenset = field(default_factory=frozenset)  # catalog rule names exercised
    expect_unknown: bool = False  # shapelens is allowed (expected) to say "unknown" (Lambda)
    mode: str = "snippet"  # "script": fit/predict stubbed (see keras_worker)
    forward: bool = False  # also run ``y`` forward on zeros: bugs that build but fail with data

    def __repr__(self) -> str:  # hypothesis prints this for a falsifying example
        return f"Case({self.family!r}, source=\n{self.source}\n)"


# How real code spells the layers module.  Each pair: import lines, prefix for layer classes,
# prefix for Input/Model/Sequential.
STYLES = [
    ("import keras\nfrom keras import layers\n", "layers.", "keras."),
    ("from tensorflow import keras\n", "keras.layers.", "keras."),
    ("import tensorflow as tf\n", "tf.keras.layers.", "tf.keras."),
    ("import keras\n", "keras.layers.", "keras."),
]

DIMS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16]
SMALL = [1, 2, 3, 4, 5, 6, 8]


def r(v) -> str:
    """Python source for a literal value."""
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, tuple):
        if len(v) == 1:
            return "(" + r(v[0]) + ",)"
        return "(" + ", ".join(r(x) for x in v) + ")"
    if isinstance(v, list):
        return "[" + ", ".join(r(x) for x in v) + "]"
    return repr(v)


@dataclass(frozen=True)
class Raw:
    """Source text inserted as is (a nested layer constructor, a lambda)."""

    text: str


def ctor(px: str, cls: str, pos: list, kw: dict) -> str:
    args = [r(v) for v in pos] + [f"{k}={r(v)}" for k, v in kw.items()]
    return f"{px}{cls}({', '.join(args)})"


@st.composite
def style(draw):
    return draw(st.sampled_from(STYLES))


@st.composite
def maybe_positional(draw, names: list, kw: dict):
    """Move the first k of ``names`` (constructor positional order) from kw to positional."""
    k = draw(st.integers(0, len(names)))
    pos = []
    for n in names[:k]:
        if n not in kw:
            break
        pos.append(kw.pop(n))
    return pos, kw


# ---------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------


@st.composite
def dim(draw, none_p: float = 0.1, choices=DIMS):
    if draw(st.floats(0, 1)) < none_p:
        return None
    return draw(st.sampled_from(choices))


@st.composite
def shape_of_rank(draw, rank: int, none_p: float = 0.1, choices=DIMS, last_none_p: float = 0.03):
    """A shape without the batch axis for a tensor of ``rank`` dims (batch included)."""
    n = rank - 1
    dims = [draw(dim(none_p, choices)) for _ in range(max(0, n - 1))]
    if n >= 1:
        dims.append(draw(dim(last_none_p, choices)))
    return tuple(dims)


@st.composite
def input_spec(draw, ranks=(3,), other_p: float = 0.2, none_p: float = 0.1, choices=DIMS, batch_p: float = 0.15):
    """(shape, batch_size): mostly one of ``ranks``, sometimes any rank 1–5."""
    if draw(st.floats(0, 1)) < other_p:
        rank = draw(st.integers(1, 5))
    else:
        rank = draw(st.sampled_from(list(ranks)))
    shape = draw(shape_of_rank(rank, none_p, choices))
    batch = draw(st.sampled_from([1, 2, 4])) if draw(st.floats(0, 1)) < batch_p else None
    return shape, batch


def input_line(kp: str, var: str, shape, batch=None, dtype=None) -> str:
    kw = [f"shape={r(tuple(shape))}"]
    if batch is not None:
        kw.append(f"batch_size={batch}")
    if dtype is not None:
        kw.append(f"dtype={dtype!r}")
    return f"{var} = {kp}Input({', '.join(kw)})\n"


def single(family: str, imp: str, kp: str, shape, batch, layer_src: str, target: str, covers=(),
           dtype=None, expect_unknown=False, call_args: str = "x", forward: bool = False) -> Case:
    src = imp + input_line(kp, "x", shape, batch, dtype) + f"y = {layer_src}({call_args})\n"
    return Case(family, src, target, frozenset(covers or (target,)), expect_unknown, forward=forward)


# Families whose layers can build and still fail as soon as data flows (an RNN cell given a
# 4-D sequence, TimeDistributed(LSTM) on 5-D input, ...): their cases also run forward on
# zeros, and "Keras raises" means "raises while building or running".
FORWARD = True


# ---------------------------------------------------------------------------------------------
# one generator per layer family
# ---------------------------------------------------------------------------------------------

GENERATORS: dict = {}  # family -> (strategy, covered rule names)


def generator(*covers):
    def deco(fn):
        GENERATORS[fn.__name__[4:]] = (fn, frozenset(covers))
        return fn

    return deco


ACTIVATIONS = [None, "relu", "tanh", "sigmoid", "softmax", "linear"]


@generator("Dense")
@st.composite
def gen_Dense(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4)))
    units = draw(st.one_of(st.sampled_from(DIMS), st.sampled_from([0, -3])) if draw(st.floats(0, 1)) < 0.9
                 else st.sampled_from([0, -3]))
    kw = {"units": units}
    if draw(st.booleans()):
        kw["activation"] = draw(st.sampled_from(ACTIVATIONS))
    if draw(st.booleans()):
        kw["use_bias"] = draw(st.booleans())
    pos, kw = draw(maybe_positional(["units", "activation"], kw))
    return single("Dense", imp, kp, shape, batch, ctor(lp, "Dense", pos, kw), "Dense")


IDENTITY = {
    "Activation": lambda d: ([], {"activation": d(st.sampled_from(["relu", "tanh", "softmax", "linear", "sigmoid"]))}),
    "Dropout": lambda d: ([], {"rate": d(st.sampled_from([0.0, 0.2, 0.5, 0.9, 1.5, -0.1]))}),
    "GaussianNoise": lambda d: ([], {"stddev": d(st.sampled_from([0.0, 0.1, 1.0]))}),
    "GaussianDropout": lambda d: ([], {"rate": d(st.sampled_from([0.0, 0.1, 0.5, 1.2]))}),
    "AlphaDropout": lambda d: ([], {"rate": d(st.sampled_from([0.0, 0.1, 0.5, 1.2]))}),
    "ActivityRegularization": lambda d: ([], {"l1": d(st.sampled_from([0.0, 0.01])), "l2": 0.01}),
    "ReLU": lambda d: ([], d(st.sampled_from([{}, {"max_value": 6.0}, {"negative_slope": 0.1}, {"max_value": -1.0}]))),
    "LeakyReLU": lambda d: ([], d(st.sampled_from([{}, {"negative_slope": 0.2}]))),
    "ELU": lambda d: ([], d(st.sampled_from([{}, {"alpha": 0.5}]))),
    "Softmax": lambda d: ([], d(st.sampled_from([{}, {"axis": -1}, {"axis": 1}, {"axis": 2}, {"axis": 5}]))),
    "Masking": lambda d: ([], d(st.sampled_from([{}, {"mask_value": 0.0}, {"mask_value": -1.0}]))),
    "PReLU": lambda d: ([], d(st.sampled_from([{}, {"shared_axes": [1]}, {"shared_axes": [1, 2]}]))),
}


FIRST_ARG = {"Activation": "activation", "Dropout": "rate", "GaussianNoise": "stddev", "GaussianDropout": "rate",
             "AlphaDropout": "rate"}


def _identity_gen(cls):
    @st.composite
    def gen(draw):
        imp, lp, kp = draw(style())
        shape, batch = draw(input_spec(ranks=(2, 3, 4)))
        pos, kw = IDENTITY[cls](draw)
        if cls in FIRST_ARG:  # the first constructor argument by position or by keyword
            pos, kw = draw(maybe_positional([FIRST_ARG[cls]], kw))
        return single(cls, imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls)

    gen.__name__ = "gen_" + cls
    return gen


for _cls in IDENTITY:
    generator(_cls)(_identity_gen(_cls))


@generator("SpatialDropout1D")
@st.composite
def gen_SpatialDropout1D(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(3,)))
    pos, kw = draw(maybe_positional(["rate"], {"rate": draw(st.sampled_from([0.1, 0.3, 0.5]))}))
    return single("SpatialDropout1D", imp, kp, shape, batch, ctor(lp, "SpatialDropout1D", pos, kw), "SpatialDropout1D")


@generator("SpatialDropout2D")
@st.composite
def gen_SpatialDropout2D(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(4,), choices=SMALL))
    pos, kw = draw(maybe_positional(["rate"], {"rate": draw(st.sampled_from([0.1, 0.3]))}))
    return single("SpatialDropout2D", imp, kp, shape, batch, ctor(lp, "SpatialDropout2D", pos, kw), "SpatialDropout2D")


@generator("BatchNormalization")
@st.composite
def gen_BatchNormalization(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), choices=SMALL))
    kw = {}
    if draw(st.booleans()):
        kw["axis"] = draw(st.sampled_from([-1, 1, 2, -2, 3, 4]))
    if draw(st.booleans()):
        kw["center"] = draw(st.booleans())
    if draw(st.booleans()):
        kw["scale"] = draw(st.booleans())
    return single("BatchNormalization", imp, kp, shape, batch, ctor(lp, "BatchNormalization", [], kw), "BatchNormalization")


@generator("LayerNormalization")
@st.composite
def gen_LayerNormalization(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), choices=SMALL))
    kw = {}
    if draw(st.booleans()):
        kw["axis"] = draw(st.sampled_from([-1, 1, 2, [1, 2], [-2, -1], 4]))
    if draw(st.booleans()):
        kw["center"] = draw(st.booleans())
    if draw(st.booleans()):
        kw["scale"] = draw(st.booleans())
    if draw(st.booleans()):
        kw["epsilon"] = 1e-6
    return single("LayerNormalization", imp, kp, shape, batch, ctor(lp, "LayerNormalization", [], kw), "LayerNormalization")


@generator("Flatten")
@st.composite
def gen_Flatten(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4, 5), none_p=0.15))
    return single("Flatten", imp, kp, shape, batch, ctor(lp, "Flatten", [], {}), "Flatten")


@generator("Reshape")
@st.composite
def gen_Reshape(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), choices=SMALL, none_p=0.1))
    total = 1
    for d in shape:
        total = total * d if (d is not None and total is not None) else None
    opts = []
    if total:
        divs = [k for k in range(1, total + 1) if total % k == 0]
        a = draw(st.sampled_from(divs))
        opts += [(total,), (a, total // a), (a, -1), (-1, a), (-1,)]
        b = draw(st.sampled_from(divs))
        if (total // a) % b == 0:
            opts.append((a, b, total // a // b))
    opts += [(draw(st.sampled_from(SMALL)), draw(st.sampled_from(SMALL))), (-1, -1), (-1, draw(st.sampled_from(SMALL))),
             (draw(st.sampled_from([5, 7, 9])),)]
    target = draw(st.sampled_from(opts))
    pos, kw = draw(maybe_positional(["target_shape"], {"target_shape": target}))
    return single("Reshape", imp, kp, shape, batch, ctor(lp, "Reshape", pos, kw), "Reshape")


@generator("Permute")
@st.composite
def gen_Permute(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(3, 4), choices=SMALL))
    n = max(1, len(shape))
    if draw(st.floats(0, 1)) < 0.75:
        dims = tuple(draw(st.permutations(list(range(1, n + 1)))))
    else:
        dims = draw(st.sampled_from([(2, 1), (1, 2, 3), (0, 1), (1, 1), (3, 1)]))
    return single("Permute", imp, kp, shape, batch, ctor(lp, "Permute", [dims], {}), "Permute")


@generator("RepeatVector")
@st.composite
def gen_RepeatVector(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2,), other_p=0.3))
    pos, kw = draw(maybe_positional(["n"], {"n": draw(st.sampled_from([1, 2, 3, 5, 10]))}))
    return single("RepeatVector", imp, kp, shape, batch, ctor(lp, "RepeatVector", pos, kw), "RepeatVector")


@generator("Lambda")
@st.composite
def gen_Lambda(draw):
    """Lambda with output_shape (a shape, or a function of the input shape) or without (Keras runs
    the function on the symbolic input), functions the engine can follow and ones it cannot."""
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), other_p=0.0))  # the functions index axis 1
    ops = "keras.ops." if lp.startswith(("layers.", "keras.layers.")) else "tf.keras.ops."
    fn = draw(st.sampled_from(["lambda t: t * 2.0", "lambda t: t + 1.0", "lambda t: t[:, 0]", "lambda t: t[:, -1:]",
                               f"lambda t: {ops}expand_dims(t, -1)", f"lambda t: {ops}mean(t, axis=1)",
                               "lambda t, k: t * k"]))
    kw = {}
    if "k:" in fn:
        kw["arguments"] = Raw("{'k': 3.0}")
    how = draw(st.sampled_from(["none", "none", "tuple", "function"]))
    if how == "tuple":
        kw["output_shape"] = draw(st.sampled_from([(4,), (2, 3), tuple(d or 1 for d in shape)]))
    elif how == "function":
        kw["output_shape"] = Raw(draw(st.sampled_from(["lambda s: s", "lambda s: (s[0], 7)", "lambda s: s[:-1]"])))
    kw = {"function": Raw(fn), **kw}
    pos, kw = draw(maybe_positional(["function", "output_shape"], kw))
    return single("Lambda", imp + "import keras\n", kp, shape, batch, ctor(lp, "Lambda", pos, kw), "Lambda")


@generator("Embedding")
@st.composite
def gen_Embedding(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2,), other_p=0.3, none_p=0.2))
    kw = {"input_dim": draw(st.sampled_from([10, 50, 100, 0])), "output_dim": draw(st.sampled_from([1, 4, 8, 16, 0]))}
    if draw(st.booleans()):
        kw["mask_zero"] = draw(st.booleans())
    pos, kw = draw(maybe_positional(["input_dim", "output_dim"], kw))
    return single("Embedding", imp, kp, shape, batch, ctor(lp, "Embedding", pos, kw), "Embedding", dtype="int32")


@generator("Input", "InputLayer")
@st.composite
def gen_Input(draw):
    imp, lp, kp = draw(style())
    rank = draw(st.integers(1, 4))
    shape = draw(shape_of_rank(rank, 0.2))
    batch = draw(st.sampled_from([None, None, 2, 8]))
    how = draw(st.sampled_from(["Input", "Input", "bare_int", "list", "batch_shape", "InputLayer"]))
    follow = ctor(lp, "Activation", ["relu"], {})
    if how == "InputLayer":
        kw = {"shape": shape}
        if batch is not None:
            kw["batch_size"] = batch
        src = (imp + f"model = {kp}Sequential([{ctor(lp, 'InputLayer', [], kw)}, {follow}])\n")
        return Case("Input", src, "Activation", frozenset({"InputLayer"}))
    if how == "bare_int":
        line = f"x = {kp}Input(shape=({draw(st.sampled_from(DIMS))}))\n"
    elif how == "list":
        line = f"x = {kp}Input(shape={r(list(shape))})\n"
    elif how == "batch_shape":
        line = f"x = {kp}Input(batch_shape={r((batch,) + tuple(shape))})\n"
    else:
        line = input_line(kp, "x", shape, batch)
    return Case("Input", imp + line + f"y = {follow}(x)\n", "Activation", frozenset({"Input", "InputLayer"}))


# -- recurrent ---------------------------------------------------------------------------------

RNN_CLASSES = ["LSTM", "GRU", "SimpleRNN"]


@st.composite
def rnn_kwargs(draw, cls: str, seq_p=0.5, state_p=0.35):
    kw = {"units": draw(st.sampled_from([1, 2, 4, 8, 16]) if draw(st.floats(0, 1)) < 0.95 else st.sampled_from([0, -1]))}
    if draw(st.floats(0, 1)) < seq_p:
        kw["return_sequences"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < state_p:
        kw["return_state"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < 0.2:
        kw["go_backwards"] = True
    if draw(st.floats(0, 1)) < 0.15:
        kw["use_bias"] = False
    if cls == "GRU" and draw(st.floats(0, 1)) < 0.4:
        kw["reset_after"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < 0.1:
        kw["dropout"] = 0.2
    if cls == "LSTM" and draw(st.floats(0, 1)) < 0.1:
        kw["unit_forget_bias"] = False
    return kw


def _rnn_gen(cls):
    @st.composite
    def gen(draw):
        imp, lp, kp = draw(style())
        shape, batch = draw(input_spec(ranks=(3,), other_p=0.25, none_p=0.15, batch_p=0.2))
        kw = draw(rnn_kwargs(cls))
        if draw(st.floats(0, 1)) < 0.12:
            kw["stateful"] = True
        if draw(st.floats(0, 1)) < 0.08:
            kw["unroll"] = True
        pos, kw = draw(maybe_positional(["units"], kw))
        return single(cls, imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, forward=FORWARD)

    gen.__name__ = "gen_" + cls
    return gen


for _cls in RNN_CLASSES:
    generator(_cls)(_rnn_gen(_cls))


CELLS = {"LSTM": "LSTMCell", "GRU": "GRUCell", "SimpleRNN": "SimpleRNNCell"}


@generator("RNN", "LSTMCell", "GRUCell", "SimpleRNNCell")
@st.composite
def gen_RNN(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(3,), other_p=0.15, none_p=0.15))
    n = draw(st.integers(1, 3))
    cells = []
    covers = {"RNN"}
    for _ in range(n):
        c = draw(st.sampled_from(list(CELLS.values())))
        covers.add(c)
        ckw = {"units": draw(st.sampled_from([1, 3, 4, 8]))}
        if c == "GRUCell" and draw(st.booleans()):
            ckw["reset_after"] = draw(st.booleans())
        if draw(st.floats(0, 1)) < 0.15:
            ckw["use_bias"] = False
        cells.append(ctor(lp, c, [ckw.pop("units")], ckw))
    cell_src = cells[0] if n == 1 and draw(st.booleans()) else "[" + ", ".join(cells) + "]"
    kw = {}
    if draw(st.booleans()):
        kw["return_sequences"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < 0.4:
        kw["return_state"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < 0.15:
        kw["go_backwards"] = True
    kw = {"cell": Raw(cell_src), **kw}
    pos, kw = draw(maybe_positional(["cell", "return_sequences", "return_state"], kw))
    return single("RNN", imp, kp, shape, batch, ctor(lp, "RNN", pos, kw), "RNN", covers, forward=FORWARD)


@generator("Bidirectional")
@st.composite
def gen_Bidirectional(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(3,), other_p=0.15, none_p=0.15))
    inner_cls = draw(st.sampled_from(RNN_CLASSES + ["Dense"] if draw(st.floats(0, 1)) < 0.1 else RNN_CLASSES))
    covers = {"Bidirectional"}
    if inner_cls == "Dense":
        inner = ctor(lp, "Dense", [4], {})
    else:
        covers.add(inner_cls)
        ikw = draw(rnn_kwargs(inner_cls, seq_p=0.6, state_p=0.3))
        inner = ctor(lp, inner_cls, [ikw.pop("units")], ikw)
    kw = {}
    if draw(st.floats(0, 1)) < 0.6:
        kw["merge_mode"] = draw(st.sampled_from(["concat", "sum", "mul", "ave", None, "max"]))
    if inner_cls != "Dense" and draw(st.floats(0, 1)) < 0.15:
        bkw = draw(rnn_kwargs(inner_cls, seq_p=0.6, state_p=0.0))
        bkw["go_backwards"] = True
        kw["backward_layer"] = Raw(ctor(lp, inner_cls, [bkw.pop("units")], bkw))
    kw = {"layer": Raw(inner), **kw}
    pos, kw = draw(maybe_positional(["layer", "merge_mode"], kw))
    return single("Bidirectional", imp, kp, shape, batch, ctor(lp, "Bidirectional", pos, kw),
                  "Bidirectional", covers, forward=FORWARD)


@generator("ConvLSTM1D", "ConvLSTM2D")
@st.composite
def gen_ConvLSTM(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2]))
    cls = f"ConvLSTM{d}D"
    shape, batch = draw(input_spec(ranks=(d + 3,), other_p=0.15, none_p=0.1, choices=[1, 2, 3, 4, 5, 6]))
    kw = {"filters": draw(st.sampled_from([1, 2, 4])), "kernel_size": draw(st.sampled_from([1, 2, 3]))}
    if draw(st.booleans()):
        kw["padding"] = draw(st.sampled_from(["valid", "same"]))
    if draw(st.floats(0, 1)) < 0.3:
        kw["strides"] = draw(st.sampled_from([1, 2]))
    if draw(st.floats(0, 1)) < 0.5:
        kw["return_sequences"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < 0.25:
        kw["return_state"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < 0.15:
        kw["dilation_rate"] = 2
    pos, kw = draw(maybe_positional(["filters", "kernel_size"], kw))
    return single(cls, imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls}, forward=FORWARD)


# -- convolution and pooling -------------------------------------------------------------------


@generator("Conv1D", "Conv2D")
@st.composite
def gen_Conv(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2]))
    cls = f"Conv{d}D"
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.2, none_p=0.15,
                                   choices=DIMS if d == 1 else [1, 2, 3, 4, 5, 6, 8]))
    kw = {"filters": draw(st.sampled_from([1, 2, 4, 8]) if draw(st.floats(0, 1)) < 0.95 else st.just(0)),
          "kernel_size": draw(st.sampled_from([1, 2, 3, 5]))}
    if d == 2 and draw(st.floats(0, 1)) < 0.3:
        kw["kernel_size"] = (draw(st.sampled_from([1, 2, 3])), draw(st.sampled_from([1, 2, 3])))
    if draw(st.booleans()):
        kw["padding"] = draw(st.sampled_from(["valid", "same", "causal"] if d == 1 else ["valid", "same", "causal"][:2]))
    if draw(st.floats(0, 1)) < 0.4:
        kw["strides"] = draw(st.sampled_from([1, 2, 3]))
    if draw(st.floats(0, 1)) < 0.25:
        kw["dilation_rate"] = draw(st.sampled_from([1, 2]))
    if draw(st.floats(0, 1)) < 0.15:
        kw["groups"] = draw(st.sampled_from([1, 2]))
    if draw(st.floats(0, 1)) < 0.15:
        kw["use_bias"] = False
    if draw(st.floats(0, 1)) < 0.05:
        kw["padding"] = "full"
    pos, kw = draw(maybe_positional(["filters", "kernel_size", "strides"], kw))
    return single(cls, imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls})


@generator("MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D")
@st.composite
def gen_Pool(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2]))
    cls = draw(st.sampled_from(["MaxPooling", "AveragePooling"])) + f"{d}D"
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.2, none_p=0.15, choices=[1, 2, 3, 4, 5, 6, 7, 8, 10]))
    kw = {}
    if cls.startswith("Average") or draw(st.booleans()):
        kw["pool_size"] = draw(st.sampled_from([1, 2, 3, 4]))
        if d == 2 and draw(st.floats(0, 1)) < 0.3:
            kw["pool_size"] = (draw(st.sampled_from([1, 2, 3])), draw(st.sampled_from([1, 2])))
    if draw(st.floats(0, 1)) < 0.4:
        kw["strides"] = draw(st.sampled_from([1, 2, 3]))
    if draw(st.booleans()):
        kw["padding"] = draw(st.sampled_from(["valid", "same"]))
    pos, kw = draw(maybe_positional(["pool_size", "strides", "padding"], kw))
    return single(cls, imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls})


@generator("GlobalMaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling2D")
@st.composite
def gen_GlobalPool(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2]))
    cls = draw(st.sampled_from(["GlobalMaxPooling", "GlobalAveragePooling"])) + f"{d}D"
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.2, none_p=0.15, choices=SMALL))
    kw = {}
    if draw(st.floats(0, 1)) < 0.3:
        kw["keepdims"] = True
    if draw(st.floats(0, 1)) < 0.2:
        kw["data_format"] = "channels_first"
    return single(cls, imp, kp, shape, batch, ctor(lp, cls, [], kw), cls, {cls})


@generator("UpSampling1D", "ZeroPadding1D", "Cropping1D")
@st.composite
def gen_Resample1D(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(["UpSampling1D", "ZeroPadding1D", "Cropping1D"]))
    shape, batch = draw(input_spec(ranks=(3,), other_p=0.2, none_p=0.15))
    kw = {}
    if cls == "UpSampling1D" and draw(st.booleans()):
        kw = {"size": draw(st.sampled_from([1, 2, 3]))}
    elif cls == "ZeroPadding1D" and draw(st.booleans()):
        kw = {"padding": draw(st.sampled_from([0, 1, 2, (1, 2), (0, 3)]))}
    elif cls == "Cropping1D" and draw(st.booleans()):
        kw = {"cropping": draw(st.sampled_from([0, 1, 2, (1, 2), (0, 3), (4, 4), 6]))}
    pos, kw = draw(maybe_positional(list(kw), kw))
    return single(cls, imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, {cls})


@generator("TimeDistributed")
@st.composite
def gen_TimeDistributed(draw):
    imp, lp, kp = draw(style())
    inner_cls = draw(st.sampled_from(["Dense", "Dense", "Conv1D", "Conv2D", "Flatten", "MaxPooling1D", "Dropout",
                                      "GlobalAveragePooling1D", "LSTM"]))
    ranks = {"Dense": (3, 4), "Conv1D": (4,), "Conv2D": (5,), "Flatten": (4, 5), "MaxPooling1D": (4,),
             "Dropout": (3,), "GlobalAveragePooling1D": (4,), "LSTM": (4,)}[inner_cls]
    shape, batch = draw(input_spec(ranks=ranks, other_p=0.2, none_p=0.1, choices=SMALL))
    inner = {"Dense": ctor(lp, "Dense", [draw(st.sampled_from([1, 3, 8]))], {}),
             "Conv1D": ctor(lp, "Conv1D", [2, 2], {}),
             "Conv2D": ctor(lp, "Conv2D", [2, 2], {"padding": draw(st.sampled_from(["valid", "same"]))}),
             "Flatten": ctor(lp, "Flatten", [], {}),
             "MaxPooling1D": ctor(lp, "MaxPooling1D", [], {}),
             "Dropout": ctor(lp, "Dropout", [0.1], {}),
             "GlobalAveragePooling1D": ctor(lp, "GlobalAveragePooling1D", [], {}),
             "LSTM": ctor(lp, "LSTM", [3], {})}[inner_cls]
    pos, kw = draw(maybe_positional(["layer"], {"layer": Raw(inner)}))
    return single("TimeDistributed", imp, kp, shape, batch, ctor(lp, "TimeDistributed", pos, kw),
                  "TimeDistributed", {"TimeDistributed", inner_cls}, forward=FORWARD)


# -- merges and attention ------------------------------------------------------------------------


@st.composite
def related_shapes(draw, n: int, ranks=(2, 3)):
    """n shapes that mostly fit together (equal, or differing on one axis), sometimes not."""
    base_shape, batch = draw(input_spec(ranks=ranks, other_p=0.1, none_p=0.1, choices=SMALL, batch_p=0.05))
    shapes = [base_shape]
    for _ in range(n - 1):
        how = draw(st.sampled_from(["same", "same", "axis", "axis", "rank", "one", "random"]))
        s = list(base_shape)
        if how == "axis" and s:
            i = draw(st.integers(0, len(s) - 1))
            s[i] = draw(st.sampled_from(SMALL))
        elif how == "rank":
            s = s[:-1] if len(s) > 1 and draw(st.booleans()) else s + [draw(st.sampled_from(SMALL))]
        elif how == "one" and s:
            s[draw(st.integers(0, len(s) - 1))] = 1
        elif how == "random":
            s = list(draw(shape_of_rank(draw(st.integers(2, 4)), 0.1, SMALL)))
        shapes.append(tuple(s))
    return shapes, batch


def multi(family, imp, kp, shapes, batch, call: str, target, covers=(), forward=False):
    src = imp
    names = []
    for i, s in enumerate(shapes):
        src += input_line(kp, f"x{i}", s, batch)
        names.append(f"x{i}")
    src += f"y = {call.format(*names, list='[' + ', '.join(names) + ']')}\n"
    return Case(family, src, target, frozenset(covers or (target,)), forward=forward)


@generator("Concatenate")
@st.composite
def gen_Concatenate(draw):
    imp, lp, kp = draw(style())
    shapes, batch = draw(related_shapes(draw(st.integers(2, 3))))
    kw = {}
    if draw(st.floats(0, 1)) < 0.6:
        kw["axis"] = draw(st.sampled_from([-1, 1, 2, -2, 3]))
    if draw(st.floats(0, 1)) < 0.3:  # the functional spelling
        fkw = "".join(f", {k}={r(v)}" for k, v in kw.items())
        return multi("Concatenate", imp, kp, shapes, batch, f"{lp}concatenate({{list}}{fkw})", "Concatenate")
    return multi("Concatenate", imp, kp, shapes, batch, ctor(lp, "Concatenate", [], kw) + "({list})", "Concatenate")


@generator("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
@st.composite
def gen_Elementwise(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]))
    n = 2 if cls == "Subtract" and draw(st.floats(0, 1)) < 0.85 else draw(st.integers(1, 3))
    shapes, batch = draw(related_shapes(n))
    if draw(st.floats(0, 1)) < 0.25:
        return multi(cls, imp, kp, shapes, batch, f"{lp}{cls.lower()}({{list}})", cls)
    return multi(cls, imp, kp, shapes, batch, ctor(lp, cls, [], {}) + "({list})", cls)


@generator("Dot")
@st.composite
def gen_Dot(draw):
    imp, lp, kp = draw(style())
    shapes, batch = draw(related_shapes(2, ranks=(2, 3)))
    axes = draw(st.sampled_from([1, 2, -1, (1, 1), (2, 2), (1, 2), (2, 1)]))
    kw = {"axes": axes}
    if draw(st.floats(0, 1)) < 0.3:
        kw["normalize"] = True
    pos, kw = draw(maybe_positional(["axes"], kw))
    return multi("Dot", imp, kp, shapes, batch, ctor(lp, "Dot", pos, kw) + "({list})", "Dot")


@generator("Attention", "AdditiveAttention")
@st.composite
def gen_Attention(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(["Attention", "AdditiveAttention"]))
    _, batch = draw(input_spec(ranks=(3,), batch_p=0.05))
    tq = draw(dim(0.15, SMALL))
    tv = draw(dim(0.15, SMALL))
    dq = draw(st.sampled_from(SMALL))
    dv = dq if draw(st.floats(0, 1)) < 0.75 else draw(st.sampled_from(SMALL))
    shapes = [(tq, dq), (tv, dv)]
    if draw(st.floats(0, 1)) < 0.1:
        shapes[0] = (dq,)
    if draw(st.floats(0, 1)) < 0.3:
        shapes.append((tv, draw(st.sampled_from([dq, dv, dv, 3]))))
    kw = {}
    if draw(st.floats(0, 1)) < 0.4:
        kw["use_scale"] = draw(st.booleans())
    if cls == "Attention" and draw(st.floats(0, 1)) < 0.3:
        kw["score_mode"] = draw(st.sampled_from(["dot", "concat"]))
    return multi(cls, imp, kp, shapes, batch, ctor(lp, cls, [], kw) + "({list})", cls, forward=True)


@generator("MultiHeadAttention")
@st.composite
def gen_MultiHeadAttention(draw):
    imp, lp, kp = draw(style())
    _, batch = draw(input_spec(ranks=(3,), batch_p=0.05))
    tq, tv = draw(dim(0.1, SMALL)), draw(dim(0.1, SMALL))
    dq = draw(st.sampled_from(SMALL))
    dv = dq if draw(st.booleans()) else draw(st.sampled_from(SMALL))
    shapes = [(tq, dq), (tv, dv)]
    if draw(st.floats(0, 1)) < 0.3:
        shapes.append((tv, draw(st.sampled_from(SMALL))))
    kw = {"num_heads": draw(st.sampled_from([1, 2, 4])), "key_dim": draw(st.sampled_from([2, 4, 8]))}
    if draw(st.floats(0, 1)) < 0.3:
        kw["value_dim"] = draw(st.sampled_from([2, 3, 6]))
    if draw(st.floats(0, 1)) < 0.2:
        kw["use_bias"] = False
    if draw(st.floats(0, 1)) < 0.2:
        kw["output_shape"] = draw(st.sampled_from([5, (5,), 8]))
    pos, kw = draw(maybe_positional(["num_heads", "key_dim"], kw))
    args = ", ".join(f"x{i}" for i in range(len(shapes)))
    return multi("MultiHeadAttention", imp, kp, shapes, batch, ctor(lp, "MultiHeadAttention", pos, kw) + f"({args})",
                 "MultiHeadAttention", forward=True)


@generator("LSTM", "GRU", "SimpleRNN")
@st.composite
def gen_InitialState(draw):
    """A recurrent layer given ``initial_state``: right or wrong count and width of states.
    Keras builds most wrong ones and fails only when data flows, so these run forward."""
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(RNN_CLASSES))
    shape, batch = draw(input_spec(ranks=(3,), other_p=0.05, none_p=0.1, choices=SMALL, batch_p=0.05))
    kw = draw(rnn_kwargs(cls, seq_p=0.5, state_p=0.3))
    units = kw["units"] if kw["units"] > 0 else 4
    kw["units"] = units
    right = 2 if cls == "LSTM" else 1
    count = right if draw(st.floats(0, 1)) < 0.6 else draw(st.sampled_from([1, 2, 3]))
    widths = [units if draw(st.floats(0, 1)) < 0.8 else draw(st.sampled_from([1, 3, 5, units * 2])) for _ in range(count)]
    src = imp + input_line(kp, "x", shape, batch)
    for i, w in enumerate(widths):
        src += input_line(kp, f"s{i}", (w,), batch) if draw(st.floats(0, 1)) < 0.9 else input_line(kp, f"s{i}", (3, w), batch)
    states = ", ".join(f"s{i}" for i in range(count))
    arg = f"[{states}]" if count > 1 or draw(st.booleans()) else states
    pos, kw = draw(maybe_positional(["units"], kw))
    src += f"y = {ctor(lp, cls, pos, kw)}(x, initial_state={arg})\n"
    return Case("InitialState", src, cls, frozenset({cls}), forward=True)


# ---------------------------------------------------------------------------------------------
# stacks
# ---------------------------------------------------------------------------------------------


@st.composite
def stack_layer(draw, lp: str):
    """One layer of a random stack: (constructor source, Keras class, covered rules)."""
    kind = draw(st.sampled_from(["LSTM", "GRU", "SimpleRNN", "LSTM", "Bidirectional", "TimeDistributed",
                                 "RepeatVector", "Conv1D", "MaxPooling1D", "GlobalMaxPooling1D", "Dense", "Dense",
                                 "Flatten", "Dropout", "Reshape", "BatchNormalization", "GlobalAveragePooling1D",
                                 "UpSampling1D", "Embedding"]))
    if kind in RNN_CLASSES:
        kw = draw(rnn_kwargs(kind, seq_p=0.7, state_p=0.08))
        return ctor(lp, kind, [kw.pop("units")], kw), kind, {kind}
    if kind == "Bidirectional":
        inner_cls = draw(st.sampled_from(RNN_CLASSES))
        ikw = draw(rnn_kwargs(inner_cls, seq_p=0.7, state_p=0.05))
        mkw = {"merge_mode": draw(st.sampled_from(["concat", "sum", "ave", "mul"]))} if draw(st.booleans()) else {}
        return ctor(lp, "Bidirectional", [Raw(ctor(lp, inner_cls, [ikw.pop("units")], ikw))], mkw), kind, {kind, inner_cls}
    if kind == "TimeDistributed":
        return ctor(lp, "TimeDistributed", [Raw(ctor(lp, "Dense", [draw(st.sampled_from([1, 4, 8]))], {}))], {}), kind, {kind, "Dense"}
    if kind == "RepeatVector":
        return ctor(lp, "RepeatVector", [draw(st.sampled_from([2, 3, 5]))], {}), kind, {kind}
    if kind == "Conv1D":
        kw = {"padding": draw(st.sampled_from(["valid", "same"]))} if draw(st.booleans()) else {}
        return ctor(lp, "Conv1D", [draw(st.sampled_from([4, 8])), draw(st.sampled_from([2, 3]))], kw), kind, {kind}
    if kind == "MaxPooling1D":
        return ctor(lp, "MaxPooling1D", [draw(st.sampled_from([2, 3]))], {}), kind, {kind}
    if kind == "Dense":
        return ctor(lp, "Dense", [draw(st.sampled_from([1, 4, 8, 16]))], {}), kind, {kind}
    if kind == "Dropout":
        return ctor(lp, "Dropout", [0.2], {}), kind, {kind}
    if kind == "Reshape":
        return ctor(lp, "Reshape", [draw(st.sampled_from([(-1, 1), (-1, 2), (4, -1), (-1,)]))], {}), kind, {kind}
    if kind == "UpSampling1D":
        return ctor(lp, "UpSampling1D", [2], {}), kind, {kind}
    if kind == "Embedding":
        return ctor(lp, "Embedding", [20, draw(st.sampled_from([4, 8]))], {}), kind, {kind}
    return ctor(lp, kind, [], {}), kind, {kind}


@st.composite
def gen_stack(draw):
    imp, lp, kp = draw(style())
    n = draw(st.integers(2, 6))
    first_embedding = draw(st.floats(0, 1)) < 0.2
    if first_embedding:
        shape, batch = (draw(dim(0.2, DIMS)),), None
    else:
        shape, batch = draw(input_spec(ranks=(2, 3), other_p=0.1, none_p=0.1, choices=DIMS, batch_p=0.05))
    items = []
    if first_embedding:
        items.append((ctor(lp, "Embedding", [30, draw(st.sampled_from([4, 8]))], {}), "Embedding", {"Embedding"}))
    while len(items) < n:
        items.append(draw(stack_layer(lp)))
    covers = set()
    for _, _, c in items:
        covers |= c
    dtype = "int32" if first_embedding else None
    shape_src = r(tuple(shape))
    batch_src = f", batch_size={batch}" if batch else ""
    dtype_src = f", dtype={dtype!r}" if dtype else ""
    form = draw(st.sampled_from(["sequential", "sequential_add", "functional", "functional_merge"]))
    src = imp
    if form == "sequential":
        body = ",\n    ".join([f"{kp}Input(shape={shape_src}{batch_src}{dtype_src})"] + [c for c, _, _ in items])
        src += f"model = {kp}Sequential([\n    {body},\n])\n"
    elif form == "sequential_add":
        src += f"model = {kp}Sequential()\nmodel.add({kp}Input(shape={shape_src}{batch_src}{dtype_src}))\n"
        for c, _, _ in items:
            src += f"model.add({c})\n"
    else:
        src += f"inp = {kp}Input(shape={shape_src}{batch_src}{dtype_src})\nx = inp\n"
        split = draw(st.integers(1, n - 1)) if form == "functional_merge" else None
        for i, (c, _, _) in enumerate(items):
            src += f"x = {c}(x)\n"
            if split is not None and i + 1 == split:
                br, bk, bc = draw(stack_layer(lp))
                covers |= bc
                merge = draw(st.sampled_from(["Concatenate", "Add", "Multiply", "Average"]))
                covers.add(merge)
                src += f"b = {br}(x)\n"
                src += f"x = {ctor(lp, merge, [], {})}([x, b])\n"
        src += f"model = {kp}Model(inp, x)\n"
    return Case("stack", src, "", frozenset(covers))


def _with_kw(ctor_src: str, kw_src: str) -> str:
    """``layers.X(a, b)`` + ``k=v`` -> ``layers.X(a, b, k=v)``."""
    head = ctor_src[:-1]
    return head + ("" if head.endswith("(") else ", ") + kw_src + ")"


@generator()
@st.composite
def gen_NoInput(draw):
    """A Sequential without ``keras.Input``, as much older and tutorial code writes it: its input
    shape comes only from the first layer's legacy ``input_shape=`` / ``input_dim=``, from
    ``model.build(...)``, or from the data ``predict`` gets (Keras builds it then).  The first
    layer may be an ``Embedding`` written with keywords, whose ``input_dim`` is its vocabulary
    size, not an input shape."""
    imp, lp, kp = draw(style())
    how = draw(st.sampled_from(["input_shape", "input_dim", "build", "predict", "embedding"]))
    n = draw(st.integers(1, 4))
    items = [draw(stack_layer(lp)) for _ in range(n)]
    covers = set()
    for _, _, c in items:
        covers |= c
    dtype = None
    if how == "embedding":
        kw = {"input_dim": draw(st.sampled_from([20, 100, 1000])), "output_dim": draw(st.sampled_from([4, 8]))}
        pos, kw = draw(maybe_positional(["input_dim", "output_dim"], kw))
        items.insert(0, (ctor(lp, "Embedding", pos, kw), "Embedding", {"Embedding"}))
        shape, dtype = (draw(st.sampled_from([5, 10, 20])),), "int32"
    elif how == "input_dim":
        shape = (draw(st.sampled_from([3, 8, 12])),)
        items.insert(0, (ctor(lp, "Dense", [draw(st.sampled_from([4, 8]))], {"input_dim": shape[0]}), "Dense", {"Dense"}))
    else:
        shape, _ = draw(input_spec(ranks=(2, 3), other_p=0.0, none_p=0.0, choices=DIMS))
        shape = tuple(4 if d is None else d for d in shape)  # data has sizes
    if how == "input_shape":
        first, cls, c = items[0]
        items[0] = (_with_kw(first, f"input_shape={r(tuple(shape))}"), cls, c)
    covers |= {"Embedding"} if how == "embedding" else set()
    body = ",\n    ".join(c for c, _, _ in items)
    src = imp + "import numpy as np\n" + f"model = {kp}Sequential([\n    {body},\n])\n"
    if how in ("build", "embedding") and draw(st.booleans()):
        src += f"model.build({r((None,) + tuple(shape))})\n"
    elif how in ("build", "predict", "embedding"):
        dt = f", dtype={dtype!r}" if dtype else ""
        src += f"X = np.zeros({r((3,) + tuple(shape))}{dt})\npred = model.predict(X)\n"
    return Case("NoInput", src, "", frozenset(covers), mode="script")


def all_covered_rules() -> set:
    out = set()
    for _, covers in GENERATORS.values():
        out |= covers
    return out


# Generators of further layer families live in families/ (one module per group); they register
# themselves in GENERATORS when imported.
import families  # noqa: E402,F401
