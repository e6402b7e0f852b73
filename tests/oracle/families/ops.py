"""keras.ops between layers, and TensorFlow functions given Keras tensors.

``ops_reduce``, ``ops_shape``, ``ops_join``, ``ops_binary``, ``ops_misc``: one or two inputs, a
``keras.ops`` function (arguments by position or by keyword, axes in range, negative and out of
range, keepdims, shapes that fit and shapes that do not, None dims, fixed batch sizes, ranks 1–5),
and its result fed to ``Activation("linear")``: Keras records that layer's output shape, so
shapelens must know the op's shape, or report the error Keras raises on the op.
``ops_in_lambda``: keras.ops inside a Lambda (Keras traces it on TensorFlow tensors).

``tf_on_keras``: a TensorFlow function given a Keras tensor between layers; Keras 3 always
raises, shapelens must report SL118.  ``tf_table_on_keras``: every function of shapelens' table
(engine/keras/ops_tf.py) called that way.  ``tf_in_lambda``: the same functions inside a Lambda
(real tensors: Keras builds), where shapelens must stay silent and know the Lambda's shape where
it models the function (``expect_unknown`` where it does not).

Slicing keys are tuples here: a lone key that is not an int (``x[1:3]``, ``x[None]``, ``x[...]``)
makes Keras raise 'Unsupported key type for array slice', which shapelens' slicing of tensors
(engine/libraries/arrays.py ``index``) does not model yet."""

from __future__ import annotations

import functools

from cases import Case, generator, input_line, r
from hypothesis import strategies as st

from families.pooling import chance, uniform

SMALL = [1, 2, 3, 4, 5, 6]

# (imports, layers prefix, Input prefix, ops prefix)
OP_STYLES = [
    ("import keras\nfrom keras import layers, ops\n", "layers.", "keras.", "ops."),
    ("from tensorflow import keras\n", "keras.layers.", "keras.", "keras.ops."),
    ("import tensorflow as tf\n", "tf.keras.layers.", "tf.keras.", "tf.keras.ops."),
    ("import keras\n", "keras.layers.", "keras.", "keras.ops."),
]


@st.composite
def op_style(draw):
    return draw(st.sampled_from(OP_STYLES))


@st.composite
def shape_spec(draw, ranks=(2, 3, 4), other_p=0.15, none_p=0.12, choices=SMALL, last_none_p=0.05, one_p=0.0):
    """A shape without the batch axis for a tensor of one of ``ranks`` (sometimes any rank 1–5)."""
    rank = draw(st.integers(1, 5)) if draw(chance(other_p)) else draw(st.sampled_from(list(ranks)))
    n = rank - 1
    out = []
    for i in range(n):
        if draw(chance(none_p if i < n - 1 else last_none_p)):
            out.append(None)
        elif one_p and draw(chance(one_p)):
            out.append(1)
        else:
            out.append(draw(st.sampled_from(choices)))
    return tuple(out)


def call(fn: str, pos: list, kw: dict) -> str:
    return f"{fn}({', '.join([r(v) if not isinstance(v, Src) else v.text for v in pos] + [f'{k}={r(v) if not isinstance(v, Src) else v.text}' for k, v in kw.items()])})"


class Src:
    """Source text used as is."""

    def __init__(self, text):
        self.text = text


@st.composite
def split_args(draw, names: list, kw: dict):
    """Pass the first k of ``names`` positionally (k random), the rest by keyword."""
    k = draw(st.integers(0, len(names)))
    pos = []
    for n in names[:k]:
        if n not in kw:
            break
        pos.append(kw.pop(n))
    return pos, kw


@st.composite
def axis_value(draw, rank, extra=0, none_ok=False, out_p=0.08):
    """An axis for a tensor of ``rank`` dims (batch included): in range (negative too), out of range
    sometimes, None sometimes."""
    if none_ok and draw(chance(0.15)):
        return None
    lim = rank + extra
    if draw(chance(out_p)):
        return draw(st.sampled_from([lim, lim + 1, -lim - 1]))
    return draw(st.integers(-lim, lim - 1))


@st.composite
def batches(draw, inputs: list, p=0.12):
    """Sometimes give the inputs fixed batch sizes (equal, or not)."""
    if not draw(chance(p)):
        return inputs
    sizes = [draw(st.sampled_from([1, 2, 4])) for _ in inputs]
    if draw(chance(0.6)):
        sizes = [sizes[0]] * len(inputs)
    return [(v, s, b) for (v, s, _), b in zip(inputs, sizes)]


def finish(family, imp, kp, lp, inputs: list, body: str, outs=("y",), expect_unknown=False, extra_imports="") -> Case:
    src = imp + extra_imports + "".join(input_line(kp, v, s, b) for v, s, b in inputs) + body
    for k, o in enumerate(outs):
        src += f"z{k or ''} = {lp}Activation(\"linear\")({o})\n"
    return Case(family, src, "Activation", frozenset({"Activation"}), expect_unknown)


# -- reductions ------------------------------------------------------------------------------------

REDUCE = ["mean", "sum", "max", "min", "prod", "std", "var", "any", "all", "argmax", "argmin", "logsumexp",
          "amax", "amin", "count_nonzero", "norm"]


@generator()
@st.composite
def gen_ops_reduce(draw):
    imp, lp, kp, op = draw(op_style())
    shape = draw(shape_spec(ranks=(2, 3, 4, 5)))
    rank = len(shape) + 1
    name = draw(st.sampled_from(REDUCE))
    kw = {}
    u = draw(uniform())
    if u < 0.65:
        kw["axis"] = draw(axis_value(rank))
    elif u < 0.8:
        kw["axis"] = tuple(draw(axis_value(rank, out_p=0.03)) for _ in range(draw(st.integers(1, min(3, rank)))))
    elif u < 0.85:
        kw["axis"] = None
    if name != "count_nonzero" and draw(chance(0.5)):
        kw["keepdims"] = draw(st.booleans())
    elif name == "count_nonzero" and draw(chance(0.05)):
        kw["keepdims"] = True  # count_nonzero has none: a TypeError
    if draw(chance(0.03)):
        kw["keepdim"] = True  # a typo: TypeError
    if name == "norm" and draw(chance(0.4)):
        kw["ord"] = draw(st.sampled_from([None, 1, 2, -1, "fro", "nuc", 3, "bad"]))
    order = ["axis", "keepdims"] if name != "norm" else ["ord", "axis", "keepdims"]
    pos, kw = draw(split_args(order, kw))
    if imp.startswith("import keras") and name not in ("logsumexp", "norm") and draw(chance(0.15)):
        op = "keras.ops.numpy."  # the sub-namespace the op also lives in
    body = f"y = {call(op + name, [Src('x')] + pos, kw)}\n"
    return finish("ops_reduce", imp, kp, lp, [("x", shape, None)], body)


# -- shape manipulation -----------------------------------------------------------------------------


@st.composite
def new_shape(draw, shape):
    """A target shape for reshape: mostly one that holds the same values (with a -1), sometimes not."""
    dims = [d for d in shape if d is not None]
    total = 1
    for d in dims:
        total *= d
    u = draw(uniform())
    if u < 0.3:
        return (-1, total) if draw(st.booleans()) else (-1,) + tuple(shape)[::-1]
    if u < 0.5:
        f = draw(st.sampled_from([d for d in (1, 2, 3, 4, 6) if total % d == 0] or [1]))
        return (-1, f, total // f)
    if u < 0.7:
        return (-1,)
    if u < 0.8:
        return tuple(draw(st.sampled_from([1, 2, 3, 4, 6, 8, 12, 24])) for _ in range(draw(st.integers(1, 3))))
    if u < 0.9:
        return (-1,) + tuple(draw(st.sampled_from([1, 2, 3, 5, 7])) for _ in range(draw(st.integers(1, 2))))
    return draw(st.sampled_from([(-1, -1), (-2, 4), (0, -1), (None, -1), (None, 6), 12, -1]))


@generator()
@st.composite
def gen_ops_shape(draw):
    imp, lp, kp, op = draw(op_style())
    shape = draw(shape_spec(ranks=(2, 3, 4), one_p=0.2))
    rank = len(shape) + 1
    name = draw(st.sampled_from(["reshape", "expand_dims", "squeeze", "transpose", "swapaxes", "moveaxis", "ravel",
                                 "flip", "roll"]))
    kw = {}
    order = []
    if name == "reshape":
        kw["newshape"] = draw(new_shape(shape))
        order = ["newshape"]
    elif name == "expand_dims":
        kw["axis"] = (draw(axis_value(rank, extra=1)) if draw(chance(0.8)) else
                      draw(st.sampled_from([(0, 1), (1, -1), (1, 1), None, (rank + 2,)])))
        order = ["axis"]
    elif name == "squeeze":
        ones = [i for i, d in enumerate((None,) + shape) if d == 1]
        u = draw(uniform())
        if u < 0.35 and ones:
            kw["axis"] = draw(st.sampled_from(ones))
        elif u < 0.45 and len(ones) > 1:
            kw["axis"] = tuple(ones[:2])
        elif u < 0.8:
            kw["axis"] = draw(axis_value(rank))
        order = ["axis"]
    elif name == "transpose":
        u = draw(uniform())
        if u < 0.6:
            kw["axes"] = tuple(draw(st.permutations(list(range(rank)))))
        elif u < 0.7:
            kw["axes"] = tuple(a - rank for a in draw(st.permutations(list(range(rank)))))
        elif u < 0.85:
            kw["axes"] = draw(st.sampled_from([(0,), tuple(range(rank + 1)), (0,) * rank, (0, rank) + tuple(range(1, rank - 1))]))
        order = ["axes"]
    elif name == "swapaxes":
        kw["axis1"] = draw(axis_value(rank))
        kw["axis2"] = draw(axis_value(rank))
        order = ["axis1", "axis2"]
    elif name == "moveaxis":
        if draw(chance(0.7)):
            kw["source"] = draw(axis_value(rank))
            kw["destination"] = draw(axis_value(rank))
        else:
            k = draw(st.integers(1, min(2, rank)))
            kw["source"] = tuple(draw(st.permutations(list(range(rank)))))[:k]
            kw["destination"] = tuple(draw(st.permutations(list(range(rank)))))[:draw(st.sampled_from([k, k, k, 1]))]
        order = ["source", "destination"]
    elif name in ("flip", "roll"):
        if name == "roll":
            kw["shift"] = draw(st.sampled_from([1, -1, 2]))
        if draw(chance(0.7)):
            kw["axis"] = draw(axis_value(rank)) if draw(chance(0.8)) else (1, -1)
        order = (["shift"] if name == "roll" else []) + ["axis"]
    pos, kw = draw(split_args(order, kw))
    body = f"y = {call(op + name, [Src('x')] + pos, kw)}\n"
    # a fixed batch size: then Keras checks that a reshape holds the same number of values
    batch = draw(st.sampled_from([1, 2, 4])) if name == "reshape" and draw(chance(0.4)) else None
    return finish("ops_shape", imp, kp, lp, [("x", shape, batch)], body)


# -- joining and splitting --------------------------------------------------------------------------


@generator()
@st.composite
def gen_ops_join(draw):
    imp, lp, kp, op = draw(op_style())
    shape = draw(shape_spec(ranks=(2, 3, 4)))
    rank = len(shape) + 1
    name = draw(st.sampled_from(["concatenate", "stack", "split", "unstack", "concatenate"]))
    inputs = [("x", shape, None)]
    outs = ("y",)
    if name in ("concatenate", "stack"):
        if name == "concatenate" and draw(chance(0.1)):
            op = "keras.ops.numpy." if imp.startswith("import keras") else op
        axis = draw(axis_value(rank, extra=1 if name == "stack" else 0))
        n = draw(st.integers(2, 3))
        names = ["x"]
        for k in range(1, n):
            s = list(shape)
            u = draw(uniform())
            if name == "concatenate" and u < 0.6 and s:
                ax = axis if isinstance(axis, int) and -rank <= axis < rank else -1
                ax = ax % rank
                if ax > 0:
                    s[ax - 1] = draw(st.sampled_from(SMALL + [None]))
            elif u < 0.75 and s:
                s[draw(st.integers(0, len(s) - 1))] = draw(st.sampled_from(SMALL + [None]))
            elif u < 0.82:
                s = s + [2]
            inputs.append((f"x{k}", tuple(s), None))
            names.append(f"x{k}")
        seq = "[" + ", ".join(names) + "]" if draw(chance(0.85)) else "(" + ", ".join(names) + ")"
        kw = {} if name == "stack" and draw(chance(0.2)) else {"axis": axis}
        if name == "concatenate" and draw(chance(0.03)):
            kw["axis"] = None
        pos, kw = draw(split_args(["axis"], kw))
        body = f"y = {call(op + name, [Src(seq)] + pos, kw)}\n"
    elif name == "split":
        axis = draw(axis_value(rank))
        if draw(chance(0.65)):
            ios = draw(st.sampled_from([1, 2, 3, 2, 4]))
        else:
            ios = sorted(draw(st.lists(st.integers(0, 6), min_size=1, max_size=3)))
            if draw(chance(0.15)):
                ios = ios[::-1]
        kw = {"indices_or_sections": ios}
        if axis != 0 or draw(chance(0.5)):
            kw["axis"] = axis
        pos, kw = draw(split_args(["indices_or_sections", "axis"], kw))
        body = f"y = {call(op + name, [Src('x')] + pos, kw)}\n"
        outs = ("y[0]", "y[-1]") if draw(st.booleans()) else ("y[0]",)
    else:
        kw = {}
        if draw(chance(0.8)):
            kw["axis"] = draw(axis_value(rank))
        if draw(chance(0.3)):
            kw["num"] = draw(st.sampled_from([1, 2, 3]))
        pos, kw = draw(split_args(["num", "axis"], kw))
        body = f"y = {call(op + name, [Src('x')] + pos, kw)}\n"
        outs = ("y[0]",)
    return finish("ops_join", imp, kp, lp, draw(batches(inputs)), body, outs)


# -- arithmetic, broadcasting, products ---------------------------------------------------------------

BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "power", "equal", "greater", "less_equal",
          "true_divide", "floor_divide", "mod", "logical_and", "arctan2", "not_equal"]

EINSUM = [
    ("bij,bjk->bik", lambda s: [(3, 4), (4, 2)]),
    ("bi,bi->b", lambda s: [(4,), (4,)]),
    ("bij->bji", lambda s: [(3, 4)]),
    ("bij,bj->bi", lambda s: [(3, 4), (4,)]),
    ("...ij,...jk->...ik", lambda s: [(2, 3, 4), (2, 4, 5)]),
    ("bij,bkj->bik", lambda s: [(3, 4), (5, 4)]),
    ("bi,bj->bij", lambda s: [(3,), (2,)]),
    ("bij,bjk", lambda s: [(3, 4), (4, 2)]),
    ("bij", lambda s: [(3, 4)]),
    ("bij,bij->bi", lambda s: [(3, 4), (3, 4)]),
]


@st.composite
def broadcast_partner(draw, shape):
    """A shape that broadcasts with ``shape`` (drop leading axes, put 1s), or sometimes does not."""
    s = list(shape)
    u = draw(uniform())
    if u < 0.25:
        return tuple(s)
    if u < 0.45 and s:
        return tuple(s[draw(st.integers(0, len(s) - 1)):])
    if u < 0.7:
        return tuple(1 if draw(chance(0.4)) else d for d in s)
    if u < 0.8:
        return tuple(s) + (draw(st.sampled_from([1, 3])),)
    return tuple(draw(st.sampled_from(SMALL + [None])) for _ in s)


@generator()
@st.composite
def gen_ops_binary(draw):
    imp, lp, kp, op = draw(op_style())
    shape = draw(shape_spec(ranks=(2, 3, 4), choices=[1, 2, 3, 4, 5]))
    inputs = [("x", shape, None)]
    extra = ""
    u = draw(uniform())
    if u < 0.45:
        name = draw(st.sampled_from(BINARY))
        v = draw(uniform())
        if v < 0.6:
            inputs.append(("w", draw(broadcast_partner(shape)), None))
            other = "w"
        elif v < 0.8:
            other = draw(st.sampled_from(["2.0", "1", "0.5"]))
        else:
            extra = "import numpy as np\n"
            other = f"np.ones({r(tuple(2 if d is None else d for d in draw(broadcast_partner(shape))))})"
        args = ["x", other] if draw(st.booleans()) else [other, "x"]
        if draw(chance(0.3)):
            body = f"y = {op}{name}(x1={args[0]}, x2={args[1]})\n"
        else:
            body = f"y = {op}{name}({args[0]}, {args[1]})\n"
    elif u < 0.55:
        inputs.append(("w", draw(broadcast_partner(shape)), None))
        third = draw(st.sampled_from(["w", "0.0", "x"]))
        if draw(chance(0.05)):
            body = f"y = {op}where({op}greater(x, 0.0), w)\n"
        else:
            body = f"y = {op}where({op}greater(x, 0.0), w, {third})\n"
    elif u < 0.8:
        name = draw(st.sampled_from(["matmul", "matmul", "dot"]))
        s2 = list(draw(shape_spec(ranks=(2, 3, 4), choices=[1, 2, 3, 4, 5])))
        if shape and s2 and draw(chance(0.6)):
            if len(s2) >= 2:
                s2[-2] = shape[-1]
            else:
                s2[-1] = shape[-1]
        if draw(chance(0.3)):
            s2 = list(shape[:-1]) + s2[-1:] if len(shape) >= 2 and s2 else s2
            if len(s2) >= 2 and shape:
                s2[-2] = shape[-1]
        if len(s2) >= 2 and shape and shape[-1] is not None and draw(chance(0.15)):
            s2[-2] = shape[-1] + 1  # inner dimensions that differ
        inputs.append(("w", tuple(s2), None))
        body = f"y = {op}{name}(x, w)\n" if draw(chance(0.8)) else f"y = {op}{name}(x1=x, x2=w)\n"
    else:
        sub, shapes = draw(st.sampled_from(EINSUM))
        shapes = shapes(None)
        inputs = []
        names = []
        for k, s in enumerate(shapes):
            s = list(s)
            if draw(chance(0.15)) and s:
                s[draw(st.integers(0, len(s) - 1))] = draw(st.sampled_from([None, 6, 1]))
            if draw(chance(0.05)):
                s = s + [2]
            inputs.append((f"x{k}" if k else "x", tuple(s), None))
            names.append(f"x{k}" if k else "x")
        if draw(chance(0.04)):
            names = names + ["x"]
        body = f"y = {op}einsum({sub!r}, {', '.join(names)})\n"
    return finish("ops_binary", imp, kp, lp, draw(batches(inputs)), body, extra_imports=extra)


# -- the rest: tile, repeat, one_hot, pad, take, cumsum, top_k, unary ops, resize, ops.shape, slicing ------

UNARY = ["relu", "sigmoid", "tanh", "exp", "log", "sqrt", "abs", "square", "negative", "softplus", "gelu", "silu",
         "relu6", "elu", "selu", "log_sigmoid", "floor", "round", "sign", "reciprocal", "stop_gradient", "zeros_like",
         "ones_like", "logical_not", "isnan", "erf", "hard_sigmoid", "softsign"]


@generator()
@st.composite
def gen_ops_misc(draw):
    imp, lp, kp, op = draw(op_style())
    shape = draw(shape_spec(ranks=(2, 3, 4)))
    rank = len(shape) + 1
    name = draw(st.sampled_from(["tile", "repeat", "one_hot", "cast", "pad", "broadcast_to", "take", "cumsum",
                                 "top_k", "sort", "softmax", "log_softmax", "unary", "unary", "clip", "full_like",
                                 "leaky_relu", "resize", "shape", "slice", "cumprod", "argsort"]))
    inputs = [("x", shape, None)]
    kw, order = {}, []
    outs = ("y",)
    if name == "tile":
        kw["repeats"] = (draw(st.sampled_from([1, 2, 3])) if draw(chance(0.3)) else
                         tuple(draw(st.sampled_from([1, 2, 3])) for _ in range(draw(st.integers(1, rank + 1)))))
        order = ["repeats"]
    elif name == "repeat":
        kw["repeats"] = draw(st.sampled_from([2, 3, [1, 2], [2, 1, 1], [1, 2, 3]]))
        if draw(chance(0.8)):
            kw["axis"] = draw(axis_value(rank))
        order = ["repeats", "axis"]
    elif name == "one_hot":
        kw["num_classes"] = draw(st.sampled_from([2, 5]))
        if draw(chance(0.5)):
            kw["axis"] = draw(st.sampled_from([-1, 0, 1, rank - 1, rank, -2]))
        order = ["num_classes", "axis"]
    elif name == "cast":
        kw["dtype"] = draw(st.sampled_from(["float32", "int32", "float16"]))
        order = ["dtype"]
    elif name == "pad":
        u = draw(uniform())
        if u < 0.15:
            kw["pad_width"] = draw(st.sampled_from([1, 2]))
        elif u < 0.25:
            kw["pad_width"] = (1, 2)
        elif u < 0.85:
            rows = [(0, 0)] + [(draw(st.sampled_from([0, 1, 2])), draw(st.sampled_from([0, 1])))
                               for _ in range(rank - 1)]
            if draw(chance(0.15)):
                rows = rows[:-1] if len(rows) > 1 else rows + [(1, 1)]
            kw["pad_width"] = rows if draw(st.booleans()) else tuple(rows)
        else:
            kw["pad_width"] = draw(st.sampled_from([-1, [(0, 0), (1, 1, 1)], [[1], [1]]]))
        order = ["pad_width"]
    elif name == "broadcast_to":
        s = list((None,) + shape)
        target = [2 if d is None else d for d in s] if draw(chance(0.5)) else [3] + s[1:]
        if draw(chance(0.3)):
            target = [2] + target
        if draw(chance(0.15)) and len(target) > 1:
            target[-1] = 7
        kw["shape"] = tuple(target)
        order = ["shape"]
    elif name == "take":
        kw["indices"] = draw(st.sampled_from([0, [0, 1], [[0], [1]], 1]))
        if draw(chance(0.85)):
            kw["axis"] = draw(axis_value(rank))
        order = ["indices", "axis"]
    elif name in ("cumsum", "cumprod", "sort", "argsort", "softmax", "log_softmax"):
        if draw(chance(0.8)):
            kw["axis"] = draw(axis_value(rank)) if draw(chance(0.9)) else None
        order = ["axis"]
    elif name == "top_k":
        kw["k"] = draw(st.sampled_from([1, 2, 3]))
        if draw(chance(0.3)):
            kw["sorted"] = draw(st.booleans())
        order = ["k", "sorted"]
        outs = ("y[0]", "y[1]") if draw(st.booleans()) else ("y[0]",)
    elif name == "clip":
        kw["x_min"], kw["x_max"] = 0.0, 1.0
        order = ["x_min", "x_max"]
    elif name == "full_like":
        kw["fill_value"] = 2.0
        order = ["fill_value"]
    elif name == "leaky_relu":
        if draw(chance(0.5)):
            kw["negative_slope"] = 0.1
        order = ["negative_slope"]
    elif name == "unary":
        name = draw(st.sampled_from(UNARY))
        if imp.startswith("import keras") and name in ("relu", "sigmoid", "gelu", "silu") and draw(chance(0.3)):
            op = "keras.ops.nn."
    if name == "resize":
        shape = draw(shape_spec(ranks=(4, 4, 3), other_p=0.2))
        inputs = [("x", shape, None)]
        kw["size"] = draw(st.sampled_from([(4, 4), (2, 3), [5, 5], (0, 2), (4,)]))
        if draw(chance(0.4)):
            kw["data_format"] = draw(st.sampled_from(["channels_last", "channels_first"]))
        if draw(chance(0.3)):
            kw["interpolation"] = draw(st.sampled_from(["nearest", "bilinear", "bicubic"]))
        pos, kw = draw(split_args(["size", "interpolation"], kw))
        body = f"y = {call(op + 'image.resize', [Src('x')] + pos, kw)}\n"
        return finish("ops_misc", imp, kp, lp, inputs, body)
    if name == "shape":
        shape = shape if shape and shape[-1] is not None else shape[:-1] + (3,) if shape else (3,)
        inputs = [("x", shape, None)]
        idx = draw(st.sampled_from([-1, len(shape)]))
        body = f"s = {op}shape(x)\ny = {lp}Dense(s[{idx}])(x)\n"
        src = imp + input_line(kp, "x", shape) + body
        return Case("ops_misc", src, "Dense", frozenset({"Dense"}))
    if name == "slice":
        items = []
        for d in (None,) + shape:
            u = draw(uniform())
            if u < 0.4:
                items.append(":")
            elif u < 0.6:
                items.append(f"{draw(st.sampled_from([0, 1]))}:{draw(st.sampled_from([2, 3, -1, '']))}")
            elif u < 0.7:
                items.append("::2")
            elif u < 0.8 and d is not None and d > 1:
                items.append(str(draw(st.integers(0, d - 1))))
            elif u < 0.9:
                items.append("None")
            else:
                items.append("...")
        items = items[:draw(st.integers(1, len(items)))]
        if items.count("...") > 1:
            items = [i for i in items if i != "..."] or [":"]
        if items and items[0] not in (":", "None", "..."):
            items[0] = ":"
        if "..." in items or "None" in items:  # the axes shift: an int index could fall out of range
            items = [":" if i.isdigit() else i for i in items]
        # (a tuple: see the module's docstring)
        body = f"y = x[{', '.join(items)}{',' if len(items) == 1 else ''}]\n"
        return finish("ops_misc", imp, kp, lp, inputs, body)
    pos, kw = draw(split_args(order, kw))
    body = f"y = {call(op + name, [Src('x')] + pos, kw)}\n"
    return finish("ops_misc", imp, kp, lp, inputs, body, outs)


# -- TensorFlow functions on Keras tensors ------------------------------------------------------------

# (tf function, extra args (source), needs a second input of the same shape)
TF_CALLS = [
    ("tf.concat", lambda d, rank: ["[x, x]", f"axis={d(st.integers(-rank, rank - 1))}"]),
    ("tf.concat", lambda d, rank: ["[x, w]", "-1"]),
    ("tf.stack", lambda d, rank: ["[x, x]", f"axis={d(st.integers(-rank - 1, rank))}"]),
    ("tf.expand_dims", lambda d, rank: ["x", str(d(st.integers(-rank - 1, rank)))]),
    ("tf.reduce_mean", lambda d, rank: ["x", f"axis={d(st.integers(-rank, rank - 1))}"]),
    ("tf.reduce_sum", lambda d, rank: ["x", str(d(st.integers(-rank, rank - 1))), "keepdims=True"]),
    ("tf.math.reduce_max", lambda d, rank: ["x"]),
    ("tf.reduce_min", lambda d, rank: ["x", "axis=-1"]),
    ("tf.math.reduce_std", lambda d, rank: ["x", "axis=-1"]),
    ("tf.argmax", lambda d, rank: ["x"]),
    ("tf.argmax", lambda d, rank: ["x", "axis=-1"]),
    ("tf.reshape", lambda d, rank: ["x", "(-1,)"]),
    ("tf.reshape", lambda d, rank: ["x", "[-1, 2]"]),
    ("tf.squeeze", lambda d, rank: ["x"]),
    ("tf.transpose", lambda d, rank: ["x"]),
    ("tf.transpose", lambda d, rank: ["x", f"perm={list(range(rank))[::-1]}"]),
    ("tf.matmul", lambda d, rank: ["x", "x", "transpose_b=True"]),
    ("tf.matmul", lambda d, rank: ["x", "v"]),
    ("tf.nn.relu", lambda d, rank: ["x"]),
    ("tf.nn.softmax", lambda d, rank: ["x"]),
    ("tf.nn.softmax", lambda d, rank: ["x", "axis=-1"]),
    ("tf.sigmoid", lambda d, rank: ["x"]),
    ("tf.tanh", lambda d, rank: ["x"]),
    ("tf.nn.gelu", lambda d, rank: ["x"]),
    ("tf.nn.leaky_relu", lambda d, rank: ["x", "alpha=0.1"]),
    ("tf.math.log", lambda d, rank: ["x"]),
    ("tf.exp", lambda d, rank: ["x"]),
    ("tf.sqrt", lambda d, rank: ["x"]),
    ("tf.abs", lambda d, rank: ["x"]),
    ("tf.square", lambda d, rank: ["x"]),
    ("tf.add", lambda d, rank: ["x", "1.0"]),
    ("tf.multiply", lambda d, rank: ["x", "x"]),
    ("tf.maximum", lambda d, rank: ["x", "0.0"]),
    ("tf.where", lambda d, rank: ["x > 0", "x", "0.0"]),
    ("tf.cast", lambda d, rank: ["x", "'float16'"]),
    ("tf.cast", lambda d, rank: ["x", "tf.int32"]),
    ("tf.tile", lambda d, rank: ["x", str([1] * rank)]),
    ("tf.repeat", lambda d, rank: ["x", "2", "axis=-1"]),
    ("tf.split", lambda d, rank: ["x", "1", "axis=-1"]),
    ("tf.split", lambda d, rank: ["x", "[1, 1]", "axis=-1"]),
    ("tf.one_hot", lambda d, rank: ["x", "4"]),
    ("tf.gather", lambda d, rank: ["x", "[0]"]),
    ("tf.gather", lambda d, rank: ["x", "[0, 0]", "axis=-1"]),
    ("tf.pad", lambda d, rank: ["x", str([[0, 0]] + [[1, 1]] * (rank - 1))]),
    ("tf.clip_by_value", lambda d, rank: ["x", "0.0", "1.0"]),
    ("tf.cumsum", lambda d, rank: ["x"]),
    ("tf.math.cumsum", lambda d, rank: ["x", "axis=-1"]),
    ("tf.zeros_like", lambda d, rank: ["x"]),
    ("tf.ones_like", lambda d, rank: ["x"]),
    ("tf.identity", lambda d, rank: ["x"]),
    ("tf.stop_gradient", lambda d, rank: ["x"]),
    ("tf.nn.l2_normalize", lambda d, rank: ["x", "axis=-1"]),
    ("tf.norm", lambda d, rank: ["x", "axis=-1"]),
    ("tf.einsum", lambda d, rank: ["'...i,...i->...'", "x", "x"]),
    ("tf.reverse", lambda d, rank: ["x", "[-1]"]),
    ("tf.sort", lambda d, rank: ["x", "axis=-1"]),
    ("tf.math.top_k", lambda d, rank: ["x", "1"]),
    ("tf.shape", lambda d, rank: ["x"]),
    ("tf.nn.dropout", lambda d, rank: ["x", "0.5"]),
    ("tf.image.flip_left_right", lambda d, rank: ["x"]),
    ("tf.math.squared_difference", lambda d, rank: ["x", "x"]),
    ("tf.add_n", lambda d, rank: ["[x, x]"]),
]
TF_IMPORTS = [
    ("import tensorflow as tf\nimport keras\nfrom keras import layers\n", "layers.", "keras."),
    ("import tensorflow as tf\n", "tf.keras.layers.", "tf.keras."),
    ("import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n", "layers.", "keras."),
]


@st.composite
def tf_case(draw):
    imp, lp, kp = draw(st.sampled_from(TF_IMPORTS))
    fn, make = draw(st.sampled_from(TF_CALLS))
    if fn == "tf.image.flip_left_right":
        shape = draw(shape_spec(ranks=(4,), other_p=0, none_p=0.1, last_none_p=0))
    else:
        shape = draw(shape_spec(ranks=(2, 3, 4), other_p=0.05, none_p=0.1, last_none_p=0, choices=[2, 3, 4]))
    if fn in ("tf.split",):
        shape = shape[:-1] + (2,) if shape else (2,)
    rank = len(shape) + 1
    args = make(draw, rank)
    inputs = [("x", shape, None)]
    if "w" in args or "[x, w]" in args:
        inputs.append(("w", shape[:-1] + (3,) if shape else (3,), None))
    if "v" in args:
        inputs.append(("v", (shape[-1] if shape else 3, 2), None))
    return imp, lp, kp, fn, args, inputs, rank


@generator()
@st.composite
def gen_tf_on_keras(draw):
    """A TensorFlow function between layers: Keras 3 raises, shapelens reports SL118."""
    imp, lp, kp, fn, args, inputs, _rank = draw(tf_case())
    body = f"y = {fn}({', '.join(args)})\n"
    out = "y[0]" if fn in ("tf.split", "tf.math.top_k") else "y"
    if fn == "tf.shape":
        body += f"z = {lp}Dense(4)(x)\n"
        src = imp + "".join(input_line(kp, v, s, b) for v, s, b in inputs) + body
        return Case("tf_on_keras", src, "Dense", frozenset({"Dense"}))
    return finish("tf_on_keras", imp, kp, lp, inputs, body, (out,))


# TensorFlow functions whose shape inside a Lambda shapelens does not model
TF_UNMODELLED = {"tf.nn.dropout", "tf.image.flip_left_right", "tf.math.squared_difference", "tf.add_n", "tf.shape"}


@generator("Lambda")
@st.composite
def gen_tf_in_lambda(draw):
    """The same functions inside a Lambda: real tensors there, Keras builds; shapelens is silent."""
    imp, lp, kp, fn, args, inputs, _rank = draw(tf_case())
    if any(a in ("w", "v") or "w]" in a for a in args) or fn in ("tf.math.top_k", "tf.shape"):
        fn, args = "tf.concat", ["[x, x]", "axis=-1"]
        inputs = inputs[:1]
    args = [a.replace("x", "t") if a in ("x", "[x, x]", "x > 0") else a for a in args]
    unknown = fn in TF_UNMODELLED or "transpose_b=True" in args
    if fn == "tf.squeeze":  # without an axis, on None dims, TensorFlow cannot tell the rank: Keras raises
        inputs = [("x", inputs[0][1] + (1,), None)]
        args = ["t", "-1"]
    if fn == "tf.one_hot":  # TensorFlow wants integer indices; shapelens does not follow dtypes there
        args[0], unknown = "tf.cast(t, 'int32')", True
    if fn == "tf.where":
        unknown = True
    body = f"y = {lp}Lambda(lambda t: {fn}({', '.join(args)}))(x)\n"
    if fn == "tf.split":
        body = f"y = {lp}Lambda(lambda t: {fn}({', '.join(args)})[0])(x)\n"
    src = imp + "".join(input_line(kp, v, s, b) for v, s, b in inputs) + body
    return Case("tf_in_lambda", src, "Lambda", frozenset({"Lambda"}), expect_unknown=unknown)


# keras.ops inside a Lambda: Keras traces the function on TensorFlow tensors (TensorFlow's shape rules)
OPS_IN_LAMBDA = [
    lambda d, rank: f"concatenate([t, t], axis={d(st.integers(-rank, rank - 1))})",
    lambda d, rank: f"stack([t, t], axis={d(st.integers(-rank - 1, rank))})",
    lambda d, rank: f"expand_dims(t, {d(st.integers(-rank - 1, rank))})",
    lambda d, rank: f"mean(t, axis={d(st.integers(-rank, rank - 1))})",
    lambda d, rank: f"sum(t, axis={d(st.integers(-rank, rank - 1))}, keepdims=True)",
    lambda d, rank: "max(t)",
    lambda d, rank: "reshape(t, (-1,))",
    lambda d, rank: "reshape(t, (-1, 2))",
    lambda d, rank: "transpose(t)",
    lambda d, rank: "matmul(t, OPS.swapaxes(t, -1, -2))",
    lambda d, rank: "softmax(t)",
    lambda d, rank: "relu(t)",
    lambda d, rank: f"tile(t, {[1] * rank})",
    lambda d, rank: "repeat(t, 2, axis=-1)",
    lambda d, rank: "split(t, 1, axis=-1)[0]",
    lambda d, rank: f"pad(t, {[[0, 0]] + [[1, 1]] * (rank - 1)})",
    lambda d, rank: "cumsum(t, axis=-1)",
    lambda d, rank: "einsum('...i,...i->...', t, t)",
    lambda d, rank: "take(t, [0], axis=-1)",
    lambda d, rank: "norm(t, axis=-1)",
    lambda d, rank: "argmax(t, axis=-1)",
    lambda d, rank: "one_hot(OPS.argmax(t, axis=-1), 4)",
    lambda d, rank: "where(OPS.greater(t, 0.0), t, 0.0)",
    lambda d, rank: "clip(t, 0.0, 1.0)",
    lambda d, rank: "flip(t, axis=-1)",
    lambda d, rank: "sort(t)",
    lambda d, rank: "top_k(t, 1)[0]",
    lambda d, rank: "squeeze(OPS.expand_dims(t, -1), -1)",
    lambda d, rank: "add(t, 1.0)",
]


@generator()
@st.composite
def gen_ops_in_lambda(draw):
    imp, lp, kp, op = draw(op_style())
    shape = draw(shape_spec(ranks=(2, 3, 4), other_p=0.05, none_p=0.15, last_none_p=0, choices=[2, 3, 4]))
    rank = len(shape) + 1
    expr = draw(st.sampled_from(OPS_IN_LAMBDA))(draw, rank)
    body = f"y = {lp}Lambda(lambda t: {op}{expr.replace('OPS.', op)})(x)\n"
    src = imp + input_line(kp, "x", shape) + body
    return Case("ops_in_lambda", src, "Lambda", frozenset({"Lambda"}))


# Every TensorFlow function shapelens reports (its table, engine/keras/ops_tf.py), called on a Keras
# tensor with plain arguments: Keras must raise, shapelens must report SL118.
_TF_ARGS = {"axis": "-1", "depth": "3", "dtype": "'float32'", "shape": "(-1,)", "multiples": "[1, 1, 1]",
            "repeats": "2", "num_or_size_splits": "1", "paddings": "[[0, 0], [0, 0], [0, 0]]", "indices": "[0]",
            "clip_value_min": "0.0", "clip_value_max": "1.0", "k": "1", "size": "(2, 2)", "shift": "1", "rate": "0.5",
            "segment_ids": "[0, 0, 0]", "axes": "[1]", "mask": "[True, False, True]", "y": "1.0", "b": "x"}


@functools.cache
def _tf_table():
    from shapelens.engine.keras.ops_tf import _REQUIRED, TF

    calls = []
    for name, op in sorted(TF.items()):
        first = op.params[0][0]
        if "einsum" in name:
            args = ["'bij->bji'", "x"]
        elif first in ("values", "inputs"):
            args = ["[x, x]"] + [_TF_ARGS.get(p, "x") for p, d in op.params[1:] if d is _REQUIRED]
        else:
            args = ["x"] + [_TF_ARGS.get(p, "x") for p, d in op.params[1:] if d is _REQUIRED and not p.startswith("*")]
        calls.append((name, args))
    return calls


@generator()
@st.composite
def gen_tf_table_on_keras(draw):
    name, args = draw(st.sampled_from(_tf_table()))
    imp, lp, kp = draw(st.sampled_from(TF_IMPORTS))
    shape = (4, 4, 3) if name.startswith("image.") else (3, 4)
    body = f"y = tf.{name}({', '.join(args)})\n"
    src = imp + input_line(kp, "x", shape) + body + f"z = {lp}Dense(2)(x)\n"
    return Case("tf_table_on_keras", src, "Dense", frozenset({"Dense"}))
