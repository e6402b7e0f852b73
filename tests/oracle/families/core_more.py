"""Generators for the remaining core, normalization, regularization, attention and recurrent
layers: Identity, EinsumDense, ReversibleEmbedding, GroupNormalization, UnitNormalization,
RMSNormalization, SpectralNormalization, the spatial dropouts, GroupQueryAttention, ConvLSTM3D
and StackedRNNCells (as the cell of RNN).

Arguments go by position or by keyword, invalid ones on purpose (groups that do not divide the
channels, malformed einsum equations, heads that do not divide, layers without a kernel, ...),
input ranks 1–5 with None dims and batch sizes.  The oracle decides what is valid."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from cases import (
    FORWARD,
    SMALL,
    Case,
    Raw,
    ctor,
    dim,
    generator,
    input_line,
    input_spec,
    maybe_positional,
    multi,
    r,
    single,
    style,
)


def _p(draw, p: float) -> bool:
    return draw(st.floats(0, 1)) < p


# -- Identity, spatial dropouts ---------------------------------------------------------------


@generator("Identity")
@st.composite
def gen_Identity(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), other_p=0.3))
    kw = {}
    if _p(draw, 0.2):
        kw["name"] = "ident"
    if _p(draw, 0.1):
        kw["units"] = 3  # not an Identity argument: Keras raises
    return single("Identity", imp, kp, shape, batch, ctor(lp, "Identity", [], kw), "Identity")


@generator("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")
@st.composite
def gen_SpatialDropout(draw):
    imp, lp, kp = draw(style())
    d = draw(st.sampled_from([1, 2, 3, 3]))
    cls = f"SpatialDropout{d}D"
    shape, batch = draw(input_spec(ranks=(d + 2,), other_p=0.2, choices=[1, 2, 3, 4]))
    kw = {"rate": draw(st.sampled_from([0.0, 0.1, 0.5, 1.0, 1.5, -0.1]))}
    if d > 1 and _p(draw, 0.3):
        kw["data_format"] = draw(st.sampled_from(["channels_last", "channels_first", "Channels_Last", "nhwc"]))
    if _p(draw, 0.15):
        kw["seed"] = 1
    pos, kw = draw(maybe_positional(["rate", "data_format"] if d > 1 else ["rate", "seed"], kw))
    return single(cls, imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls)


# -- normalization ------------------------------------------------------------------------------


@generator("GroupNormalization")
@st.composite
def gen_GroupNormalization(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), other_p=0.2, none_p=0.15, choices=[1, 2, 3, 4, 6, 8, 12]))
    kw = {}
    if _p(draw, 0.85):
        kw["groups"] = draw(st.sampled_from([1, 2, 3, 4, 4, 6, 8, -1, 0, -2, 32, 2.0]))
    if _p(draw, 0.4):
        kw["axis"] = draw(st.sampled_from([-1, -1, 1, 2, -2, 3, 5, -5, [1, 2]]))
    if _p(draw, 0.3):
        kw["center"] = draw(st.booleans())
    if _p(draw, 0.3):
        kw["scale"] = draw(st.booleans())
    if _p(draw, 0.1):
        kw["epsilon"] = 1e-5
    pos, kw = draw(maybe_positional(["groups", "axis", "epsilon", "center", "scale"], kw))
    return single("GroupNormalization", imp, kp, shape, batch, ctor(lp, "GroupNormalization", pos, kw),
                  "GroupNormalization")


@generator("UnitNormalization")
@st.composite
def gen_UnitNormalization(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), other_p=0.3, none_p=0.2))
    kw = {}
    if _p(draw, 0.8):
        kw["axis"] = draw(st.sampled_from([-1, 1, 2, -2, 3, -4, [1, 2], (1, -1), [-1], [4], None, 1.5, "x"]))
    pos, kw = draw(maybe_positional(["axis"], kw))
    return single("UnitNormalization", imp, kp, shape, batch, ctor(lp, "UnitNormalization", pos, kw),
                  "UnitNormalization")


@generator("RMSNormalization")
@st.composite
def gen_RMSNormalization(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), other_p=0.3, none_p=0.15, choices=SMALL))
    kw = {}
    if _p(draw, 0.7):
        kw["axis"] = draw(st.sampled_from([-1, 1, 2, -2, 3, -4, [1, 2], [-2, -1], (2, 1), [1, 3]]))
    if _p(draw, 0.3):
        kw["epsilon"] = draw(st.sampled_from([1e-6, 1e-5]))
    pos, kw = draw(maybe_positional(["axis", "epsilon"], kw))
    return single("RMSNormalization", imp, kp, shape, batch, ctor(lp, "RMSNormalization", pos, kw),
                  "RMSNormalization")


@st.composite
def _kernel_layer(draw, lp: str, rank: int):
    """A layer to wrap in SpectralNormalization: mostly ones with a kernel, fitting the input's
    rank, sometimes not (no kernel, wrong rank)."""
    kind = draw(st.sampled_from(["Dense", "Dense", "Conv1D", "Conv2D", "Embedding", "EinsumDense", "LSTM",
                                 "Dropout", "BatchNormalization", "Conv1D" if rank == 3 else "Conv2D"]))
    if kind == "Dense":
        kw = {"use_bias": False} if _p(draw, 0.2) else {}
        return ctor(lp, "Dense", [draw(st.sampled_from([1, 3, 4]))], kw), kind
    if kind == "Conv1D":
        return ctor(lp, "Conv1D", [draw(st.sampled_from([2, 4])), draw(st.sampled_from([1, 2]))],
                    {"padding": "same"} if _p(draw, 0.3) else {}), kind
    if kind == "Conv2D":
        return ctor(lp, "Conv2D", [draw(st.sampled_from([2, 4])), draw(st.sampled_from([1, 2]))],
                    {"padding": "same"} if _p(draw, 0.5) else {}), kind
    if kind == "Embedding":
        return ctor(lp, "Embedding", [10, draw(st.sampled_from([2, 4]))], {}), kind
    if kind == "EinsumDense":
        return ctor(lp, "EinsumDense", ["...b,bc->...c", draw(st.sampled_from([2, 5]))],
                    {"bias_axes": "c"} if _p(draw, 0.5) else {}), kind
    if kind == "LSTM":
        return ctor(lp, "LSTM", [2], {}), kind
    if kind == "Dropout":
        return ctor(lp, "Dropout", [0.1], {}), kind
    return ctor(lp, "BatchNormalization", [], {}), kind


@generator("SpectralNormalization")
@st.composite
def gen_SpectralNormalization(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(2, 3, 4), other_p=0.2, none_p=0.1, choices=[2, 3, 4, 5, 6]))
    inner, kind = draw(_kernel_layer(lp, len(shape) + 1))
    kw = {"layer": Raw(inner)}
    if _p(draw, 0.3):
        kw["power_iterations"] = draw(st.sampled_from([1, 2, 0, -1]))
    pos, kw = draw(maybe_positional(["layer", "power_iterations"], kw))
    dtype = "int32" if kind == "Embedding" else None
    covers = {"SpectralNormalization"} | ({kind} if kind != "LSTM" else set())
    return single("SpectralNormalization", imp, kp, shape, batch, ctor(lp, "SpectralNormalization", pos, kw),
                  "SpectralNormalization", covers, dtype=dtype)


# -- EinsumDense ---------------------------------------------------------------------------------

EQUATIONS = [
    "ab,bc->ac", "abc,cd->abd", "abc,cde->abde", "abcd,de->abce", "abc,bcd->ad", "abc,cd->acd",
    "...b,bc->...c", "...b,bcd->...cd", "...bc,cd->...bd", "...b,b->...",
    "ab...,bc->ac...", "abc...,cd->abd...",
    "ABC,CD->ABD", "abc,dc->abd",
    # malformed, or not what Keras accepts
    "abc->abd", "abc,cd->abe", "abc,cde->abd", "abc,cd", "a...b,bc->ac", "abc,cd->abd,",
]


def _natural_output(eq: str, full_shape: tuple, sizes: dict):
    """The output_shape that fits ``eq`` on an input of ``full_shape`` (batch included): input
    letters take the input's sizes, the weight's new letters ``sizes``.  None if it cannot tell."""
    s = eq.replace("...", "0")
    m = re.match("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", s)
    left = False
    if not m:
        m = re.match("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", s)
        left = bool(m)
    if not m:
        m = re.match("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", s)
    if not m:
        return None
    ins, outs = m.group(1), m.group(3)
    if len(full_shape) < len(ins):
        return None
    if left:
        in_dims = dict(zip(ins, full_shape[len(full_shape) - len(ins):]))
        letters = outs
    else:
        in_dims = dict(zip(ins, full_shape))
        letters = outs[1:]
    return tuple(in_dims[c] if c in in_dims else sizes.get(c, 4) for c in letters)


@generator("EinsumDense")
@st.composite
def gen_EinsumDense(draw):
    imp, lp, kp = draw(style())
    eq = draw(st.sampled_from(EQUATIONS))
    letters = len(re.match("[a-zA-Z.]*", eq).group(0).replace("...", ""))
    want = letters + (draw(st.integers(0, 2)) if "..." in eq else 0)
    shape, batch = draw(input_spec(ranks=(max(2, min(5, want)),), other_p=0.2, none_p=0.12,
                                   choices=[1, 2, 3, 4, 5]))
    full = (batch,) + tuple(shape)
    sizes = {c: draw(st.sampled_from([1, 2, 3, 5])) for c in "cdeCD"}
    nat = _natural_output(eq, full, sizes)
    how = draw(st.sampled_from(["natural", "natural", "natural", "wrong", "none_shared", "none_new", "short",
                                "long", "int", "random"]))
    if nat is None or how == "random":
        osh = tuple(draw(st.sampled_from([None, 2, 3, 4])) for _ in range(draw(st.integers(1, 3))))
    elif how == "wrong" and nat:
        i = draw(st.integers(0, len(nat) - 1))
        osh = nat[:i] + ((nat[i] or 1) + 1,) + nat[i + 1:]
    elif how == "none_shared" and nat:
        i = draw(st.integers(0, len(nat) - 1))
        osh = nat[:i] + (None,) + nat[i + 1:]
    elif how == "none_new" and nat:
        osh = nat[:-1] + (None,)
    elif how == "short" and nat:
        osh = nat[:-1]
    elif how == "long":
        osh = nat + (3,)
    else:
        osh = nat
    if how == "int" and len(osh) == 1 and osh[0] is not None:
        osh = osh[0]
    kw = {"equation": eq, "output_shape": osh}
    if _p(draw, 0.2):
        kw["activation"] = "relu"
    if _p(draw, 0.5):
        out_letters = eq.split("->")[-1].replace("...", "") if "->" in eq else "x"
        kw["bias_axes"] = draw(st.sampled_from([out_letters[-1:], out_letters[1:], out_letters[-2:], "z", "", None]))
    pos, kw = draw(maybe_positional(["equation", "output_shape", "activation", "bias_axes"], kw))
    return single("EinsumDense", imp, kp, shape, batch, ctor(lp, "EinsumDense", pos, kw), "EinsumDense")


# -- ReversibleEmbedding -------------------------------------------------------------------------


@generator("ReversibleEmbedding")
@st.composite
def gen_ReversibleEmbedding(draw):
    """Forward (ids to vectors) and reverse=True (vectors to logits) calls.  A reverse call on a
    width other than output_dim builds and fails when the model runs: these run forward."""
    imp, lp, kp = draw(style())
    kw = {"input_dim": draw(st.sampled_from([5, 10, 20, 0])), "output_dim": draw(st.sampled_from([2, 4, 8, 0]))}
    if _p(draw, 0.3):
        kw["tie_weights"] = draw(st.booleans())
    if _p(draw, 0.15):
        kw["mask_zero"] = True
    if _p(draw, 0.1):
        kw["logit_soft_cap"] = 2.0
    pos, kw = draw(maybe_positional(["input_dim", "output_dim", "tie_weights"], kw))
    layer = ctor(lp, "ReversibleEmbedding", pos, kw)
    how = draw(st.sampled_from(["forward", "forward", "roundtrip", "reverse"]))
    rev = draw(st.sampled_from(["reverse=True", "reverse=True", "True", "reverse=False"]))
    if how == "forward":
        shape, batch = draw(input_spec(ranks=(2,), other_p=0.3, none_p=0.2))
        return single("ReversibleEmbedding", imp, kp, shape, batch, layer, "ReversibleEmbedding", dtype="int32")
    if how == "roundtrip":
        shape, batch = draw(input_spec(ranks=(2,), other_p=0.15, none_p=0.2))
        src = (imp + input_line(kp, "x", shape, batch, "int32") + f"emb = {layer}\n"
               + f"h = emb(x)\ny = emb(h, {rev})\n")
        return Case("ReversibleEmbedding", src, "ReversibleEmbedding", frozenset({"ReversibleEmbedding"}),
                    forward=True)
    shape, batch = draw(input_spec(ranks=(3, 2), other_p=0.1, none_p=0.1, choices=[2, 3, 4, 8]))
    if not shape:  # rank 1: the batch axis would be the width the run chooses
        shape = (draw(st.sampled_from([2, 4])),)
    if shape[-1] is None:  # the run fills None with 3: a width the snippet never chose
        shape = shape[:-1] + (draw(st.sampled_from([2, 4])),)
    src = imp + input_line(kp, "x", shape, batch) + f"y = {layer}(x, {rev})\n"
    return Case("ReversibleEmbedding", src, "ReversibleEmbedding", frozenset({"ReversibleEmbedding"}), forward=True)


# -- GroupQueryAttention ---------------------------------------------------------------------------


@generator("GroupedQueryAttention")
@st.composite
def gen_GroupedQueryAttention(draw):
    imp, lp, kp = draw(style())
    _, batch = draw(input_spec(ranks=(3,), batch_p=0.05))
    tq, tv = draw(dim(0.15, SMALL)), draw(dim(0.15, SMALL))
    dq = draw(st.sampled_from([2, 4, 6, 8]))
    dv = dq if _p(draw, 0.8) else draw(st.sampled_from([None, 2, 3, 8]))
    shapes = [(tq, dq), (tv, dv)]
    if _p(draw, 0.3):
        tk = tv if _p(draw, 0.8) else draw(dim(0.3, SMALL))
        shapes.append((tk, draw(st.sampled_from([dq, 3, 5, None]))))
    if _p(draw, 0.1):
        i = draw(st.integers(0, len(shapes) - 1))
        shapes[i] = draw(st.sampled_from([shapes[i][1:], (2,) + shapes[i]]))
    if _p(draw, 0.05):
        shapes[0] = (tq, None)
    kw = {"head_dim": draw(st.sampled_from([1, 2, 4, 4, 0])), "num_query_heads": draw(st.sampled_from([1, 2, 4, 6])),
          "num_key_value_heads": draw(st.sampled_from([1, 2, 2, 3, 4, 0]))}
    if _p(draw, 0.2):
        kw["use_bias"] = False
    if _p(draw, 0.15):
        kw["use_gate"] = True
    if _p(draw, 0.15):
        kw["dropout"] = 0.1
    if _p(draw, 0.1):
        kw["sliding_window"] = draw(st.sampled_from([2, 0, -1]))
    pos, kw = draw(maybe_positional(["head_dim", "num_query_heads", "num_key_value_heads", "dropout"], kw))
    cls = draw(st.sampled_from(["GroupQueryAttention"]))  # the name keras.layers exports
    args = ", ".join(f"x{i}" for i in range(len(shapes)))
    if _p(draw, 0.2):
        names = ["query", "value", "key"]
        args = ", ".join(f"{names[i]}=x{i}" for i in range(len(shapes)))
    return multi("GroupedQueryAttention", imp, kp, shapes, batch, ctor(lp, cls, pos, kw) + f"({args})",
                 "GroupedQueryAttention", forward=True)


# -- ConvLSTM3D, StackedRNNCells ----------------------------------------------------------------------


@generator("ConvLSTM3D")
@st.composite
def gen_ConvLSTM3D(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(6,), other_p=0.15, none_p=0.08, choices=[1, 2, 3, 4]))
    kw = {"filters": draw(st.sampled_from([1, 2])), "kernel_size": draw(st.sampled_from([1, 2, 3, (1, 2, 1)]))}
    if _p(draw, 0.5):
        kw["padding"] = draw(st.sampled_from(["valid", "same", "SAME"]))
    if _p(draw, 0.25):
        kw["strides"] = draw(st.sampled_from([1, 2]))
    if _p(draw, 0.4):
        kw["return_sequences"] = draw(st.booleans())
    if _p(draw, 0.25):
        kw["return_state"] = draw(st.booleans())
    if _p(draw, 0.1):
        kw["dilation_rate"] = 2
    if _p(draw, 0.1):
        kw["use_bias"] = False
    pos, kw = draw(maybe_positional(["filters", "kernel_size", "strides", "padding"], kw))
    return single("ConvLSTM3D", imp, kp, shape, batch, ctor(lp, "ConvLSTM3D", pos, kw), "ConvLSTM3D",
                  forward=FORWARD)


CELLS = ["LSTMCell", "GRUCell", "SimpleRNNCell"]


@generator("StackedRNNCells", "RNN", "LSTMCell", "GRUCell", "SimpleRNNCell")
@st.composite
def gen_StackedRNNCells(draw):
    imp, lp, kp = draw(style())
    shape, batch = draw(input_spec(ranks=(3,), other_p=0.1, none_p=0.15, choices=[1, 2, 3, 4, 5]))
    n = draw(st.integers(1, 3))
    covers = {"RNN", "StackedRNNCells"}
    cells = []
    for _ in range(n):
        c = draw(st.sampled_from(CELLS))
        covers.add(c)
        ckw = {}
        if c == "GRUCell" and _p(draw, 0.3):
            ckw["reset_after"] = draw(st.booleans())
        if _p(draw, 0.15):
            ckw["use_bias"] = False
        cells.append(ctor(lp, c, [draw(st.sampled_from([1, 2, 4]))], ckw))
    if _p(draw, 0.08):
        cells.insert(draw(st.integers(0, len(cells))), ctor(lp, "Dense", [2], {}))
    bracket = draw(st.sampled_from(["[]", "[]", "()"]))
    items = bracket[0] + ", ".join(cells) + ("," if bracket == "()" and len(cells) == 1 else "") + bracket[1]
    if _p(draw, 0.05):
        items = cells[0]  # one cell, not a list: Keras raises
    skw = {"cells": Raw(items)}
    spos, skw = draw(maybe_positional(["cells"], skw))
    stacked = ctor(lp, "StackedRNNCells", spos, skw)
    kw = {}
    if _p(draw, 0.5):
        kw["return_sequences"] = draw(st.booleans())
    if _p(draw, 0.35):
        kw["return_state"] = draw(st.booleans())
    if _p(draw, 0.1):
        kw["go_backwards"] = True
    src = imp + input_line(kp, "x", shape, batch)
    if _p(draw, 0.3):
        src += f"cells = {stacked}\n"
        kw = {"cell": Raw("cells"), **kw}
    else:
        kw = {"cell": Raw(stacked), **kw}
    pos, kw = draw(maybe_positional(["cell", "return_sequences", "return_state"], kw))
    src += f"y = {ctor(lp, 'RNN', pos, kw)}(x)\n"
    return Case("StackedRNNCells", src, "RNN", frozenset(covers), forward=FORWARD)
