"""TensorFlow functions that older code puts between Keras layers, and their ``keras.ops``
spelling.  In Keras 3 every one of them raises on a symbolic Keras tensor ('A KerasTensor cannot
be used as input to a TensorFlow function'; each is checked in Keras 3.15.1 by the oracle's
``tf_on_keras`` family); inside a Lambda or a layer's ``call`` they get real tensors and are fine.

An entry maps the TensorFlow signature onto the keras.ops one: which TensorFlow arguments become
the op's positional arguments (``pos``) and keywords (``kw``), what to write when TensorFlow's
default differs from Keras' (``fill``), and which TensorFlow arguments have no keras.ops
counterpart (``block``: given with another value than these, there is no equivalent).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from ..values import ListV, Tensor, is_int

_REQUIRED = object()
OPS_PREFIX = "\x00ops\x00"  # in a fix's text: how the file spells keras.ops


@dataclass(frozen=True)
class TfOp:
    params: tuple  # ((name, default), ...) of the TensorFlow function; a "*name" for *args
    keras: str | None  # the keras.ops name ("mean", "image.resize"), None when there is none
    pos: tuple = ()  # TensorFlow arguments passed positionally, in order
    kw: tuple = ()  # (keras keyword, TensorFlow argument)
    fill: tuple = ()  # (keras keyword, source text) written when the TensorFlow argument is absent
    block: tuple = ()  # (TensorFlow argument, allowed values)
    special: Callable | None = None  # (values, texts) -> (values, texts) | None; see _split


def _params(sig: str) -> tuple:
    out = []
    for part in [p.strip() for p in sig.split(",") if p.strip()]:
        if "=" in part:
            name, default = part.split("=", 1)
            try:
                value = ast.literal_eval(default.strip())
            except ValueError:
                value = default.strip()  # tf.int64: never written
            out.append((name.strip(), value))
        else:
            out.append((part, _REQUIRED))
    return tuple(out)


TF: dict = {}


def _add(names: str, sig: str, keras, **kw):
    op = TfOp(_params(sig), keras, **kw)
    for n in names.split():
        TF[n] = op


def _split(values, texts):
    """tf.split takes section sizes, keras.ops.split the indices where to cut."""
    n = values.get("num_or_size_splits")
    if is_int(n):
        return values, texts
    items = n.items if isinstance(n, ListV) else n if isinstance(n, tuple) else None
    if items is None or not items or not all(is_int(s) for s in items):
        return None
    cuts, total = [], 0
    for s in items[:-1]:
        total += s
        cuts.append(total)
    values = dict(values, num_or_size_splits=ListV(tuple(cuts)))
    texts = dict(texts, num_or_size_splits="[" + ", ".join(str(c) for c in cuts) + "]")
    return values, texts


def _matmul(values, texts):
    """transpose_a / transpose_b: the operand's last two axes swapped (keras.ops.swapaxes)."""
    values, texts = dict(values), dict(texts)
    for flag, arg in (("transpose_a", "a"), ("transpose_b", "b")):
        if flag not in values:
            continue
        on = values.pop(flag)
        texts.pop(flag, None)
        if on is False:
            continue
        t = values.get(arg)
        if on is not True or not isinstance(t, Tensor) or t.shape is None or len(t.shape) < 2:
            return None
        shape = list(t.shape)
        shape[-1], shape[-2] = shape[-2], shape[-1]
        values[arg] = Tensor(tuple(shape), t.sources, parents=(t,))
        texts[arg] = None if texts.get(arg) is None else f"{OPS_PREFIX}.swapaxes({texts[arg]}, -1, -2)"
    return values, texts


def _pad(values, texts):
    mode = values.get("mode", "CONSTANT")
    if not isinstance(mode, str) or mode.upper() not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        return None
    values, texts = dict(values), dict(texts)
    values.pop("mode", None)
    texts.pop("mode", None)
    if mode.upper() != "CONSTANT":
        values["mode"], texts["mode"] = mode.lower(), repr(mode.lower())
    return values, texts


def _resize(values, texts):
    method = values.get("method", "bilinear")
    if method not in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5"):
        return None
    return values, texts


def _unary(names_keras: str, sig="x, name=None", arg="x"):
    """"tf_name[,tf_name...]:keras_name ..." for functions of one tensor."""
    for item in names_keras.split():
        tf_names, keras = item.split(":")
        _add(tf_names.replace(",", " "), sig, keras, pos=(arg,))


_unary("abs,math.abs:abs negative,math.negative:negative sign,math.sign:sign square,math.square:square "
       "sqrt,math.sqrt:sqrt math.rsqrt:rsqrt exp,math.exp:exp math.expm1:expm1 math.log:log math.log1p:log1p "
       "sin,math.sin:sin cos,math.cos:cos tan,math.tan:tan sinh,math.sinh:sinh cosh,math.cosh:cosh "
       "tanh,math.tanh,nn.tanh:tanh math.asin:arcsin math.acos:arccos math.atan:arctan math.asinh:arcsinh "
       "math.acosh:arccosh math.atanh:arctanh floor,math.floor:floor math.ceil:ceil round,math.round:round "
       "math.reciprocal:reciprocal sigmoid,math.sigmoid,nn.sigmoid:sigmoid math.log_sigmoid:log_sigmoid "
       "math.erf:erf logical_not,math.logical_not:logical_not math.is_nan:isnan math.is_inf:isinf "
       "math.is_finite:isfinite")
_unary("nn.relu:relu nn.relu6:relu6 nn.elu:elu nn.selu:selu nn.softplus,math.softplus:softplus "
       "nn.softsign,math.softsign:softsign", sig="features, name=None", arg="features")
_add("nn.silu nn.swish", "features, beta=1.0", "silu", pos=("features",), block=(("beta", (1.0, 1)),))
_add("nn.gelu", "features, approximate=False, name=None", "gelu", pos=("features",),
     kw=(("approximate", "approximate"),), fill=(("approximate", "False"),))
_add("nn.leaky_relu", "features, alpha=0.2, name=None", "leaky_relu", pos=("features",),
     kw=(("negative_slope", "alpha"),))
_add("stop_gradient", "input, name=None", "stop_gradient", pos=("input",))
_add("identity", "input, name=None", "copy", pos=("input",))
_add("cast", "x, dtype, name=None", "cast", pos=("x", "dtype"))
_add("zeros_like", "input, dtype=None, name=None, layout=None", "zeros_like", pos=("input",),
     kw=(("dtype", "dtype"),), block=(("layout", (None,)),))
_add("ones_like", "input, dtype=None, name=None, layout=None", "ones_like", pos=("input",),
     kw=(("dtype", "dtype"),), block=(("layout", (None,)),))
_add("clip_by_value", "t, clip_value_min, clip_value_max, name=None", "clip",
     pos=("t", "clip_value_min", "clip_value_max"))
_add("nn.softmax math.softmax", "logits, axis=None, name=None", "softmax", pos=("logits",), kw=(("axis", "axis"),))
_add("nn.log_softmax math.log_softmax", "logits, axis=None, name=None", "log_softmax", pos=("logits",),
     kw=(("axis", "axis"),))
_add("reverse", "tensor, axis, name=None", "flip", pos=("tensor",), kw=(("axis", "axis"),))
_add("roll", "input, shift, axis, name=None", "roll", pos=("input", "shift"), kw=(("axis", "axis"),))
_add("sort", "values, axis=-1, direction='ASCENDING', name=None", "sort", pos=("values",), kw=(("axis", "axis"),),
     block=(("direction", ("ASCENDING",)),))
_add("argsort", "values, axis=-1, direction='ASCENDING', stable=False, name=None", "argsort", pos=("values",),
     kw=(("axis", "axis"),), block=(("direction", ("ASCENDING",)),))
_add("nn.l2_normalize math.l2_normalize linalg.l2_normalize", "x, axis=None, epsilon=1e-12, name=None, dim=None",
     "normalize", pos=("x",), kw=(("axis", "axis"), ("epsilon", "epsilon")), block=(("dim", (None,)),),
     special=lambda v, t: (v, t) if v.get("axis") is not None else None)

for _names, _keras in (("add math.add", "add"), ("subtract math.subtract", "subtract"),
                       ("multiply math.multiply", "multiply"), ("divide math.divide", "divide"),
                       ("truediv math.truediv", "true_divide"), ("realdiv", "divide"),
                       ("math.floordiv", "floor_divide"), ("math.floormod math.mod", "mod"),
                       ("pow math.pow", "power"), ("maximum math.maximum", "maximum"),
                       ("minimum math.minimum", "minimum"), ("equal math.equal", "equal"),
                       ("not_equal math.not_equal", "not_equal"), ("greater math.greater", "greater"),
                       ("greater_equal math.greater_equal", "greater_equal"), ("less math.less", "less"),
                       ("less_equal math.less_equal", "less_equal"), ("logical_and math.logical_and", "logical_and"),
                       ("logical_or math.logical_or", "logical_or"), ("math.divide_no_nan", "divide_no_nan")):
    _add(_names, "x, y, name=None", _keras, pos=("x", "y"))
_add("math.logical_xor", "x, y, name='LogicalXor'", "logical_xor", pos=("x", "y"))
_add("math.atan2", "y, x, name=None", "arctan2", pos=("y", "x"))
_add("where", "condition, x=None, y=None, name=None", "where", pos=("condition", "x", "y"))
_add("math.squared_difference", "x, y, name=None", None)
_add("add_n math.add_n", "inputs, name=None", None)

for _names, _keras in (("reduce_mean math.reduce_mean", "mean"), ("reduce_sum math.reduce_sum", "sum"),
                       ("reduce_max math.reduce_max", "max"), ("reduce_min math.reduce_min", "min"),
                       ("reduce_prod math.reduce_prod", "prod"), ("reduce_any math.reduce_any", "any"),
                       ("reduce_all math.reduce_all", "all"), ("reduce_logsumexp math.reduce_logsumexp", "logsumexp"),
                       ("math.reduce_std", "std"), ("math.reduce_variance", "var"),
                       ("math.reduce_euclidean_norm", "norm")):
    _add(_names, "input_tensor, axis=None, keepdims=False, name=None", _keras, pos=("input_tensor",),
         kw=(("axis", "axis"), ("keepdims", "keepdims")))
for _names, _keras in (("argmax math.argmax", "argmax"), ("argmin math.argmin", "argmin")):
    # TensorFlow reduces axis 0 when no axis is given; Keras flattens
    _add(_names, "input, axis=None, output_type=tf.int64, name=None", _keras, pos=("input",),
         kw=(("axis", "axis"),), fill=(("axis", "0"),), block=(("output_type", ("tf.int64",)),))
_add("math.count_nonzero", "input, axis=None, keepdims=None, dtype=tf.int64, name=None", "count_nonzero",
     pos=("input",), kw=(("axis", "axis"),), block=(("keepdims", (None, False)), ("dtype", ("tf.int64",))))
_add("norm linalg.norm", "tensor, ord='euclidean', axis=None, keepdims=None, name=None", "norm", pos=("tensor",),
     kw=(("axis", "axis"), ("keepdims", "keepdims")), block=(("ord", ("euclidean",)),),
     special=lambda v, t: (v, t) if v.get("axis") is None or is_int(v.get("axis")) else None)
for _names, _keras in (("cumsum math.cumsum", "cumsum"), ("math.cumprod", "cumprod")):
    _add(_names, "x, axis=0, exclusive=False, reverse=False, name=None", _keras, pos=("x",),
         kw=(("axis", "axis"),), fill=(("axis", "0"),), block=(("exclusive", (False,)), ("reverse", (False,))))

_add("concat", "values, axis, name='concat'", "concatenate", pos=("values",), kw=(("axis", "axis"),))
_add("stack", "values, axis=0, name='stack'", "stack", pos=("values",), kw=(("axis", "axis"),))
_add("expand_dims", "input, axis, name=None", "expand_dims", pos=("input", "axis"))
_add("squeeze", "input, axis=None, name=None", "squeeze", pos=("input",), kw=(("axis", "axis"),))
_add("reshape", "tensor, shape, name=None", "reshape", pos=("tensor", "shape"))
_add("transpose", "a, perm=None, conjugate=False, name='transpose'", "transpose", pos=("a",),
     kw=(("axes", "perm"),), block=(("conjugate", (False,)),))
_add("tile", "input, multiples, name=None", "tile", pos=("input", "multiples"))
_add("repeat", "input, repeats, axis=None, name=None", "repeat", pos=("input", "repeats"), kw=(("axis", "axis"),))
_add("split", "value, num_or_size_splits, axis=0, num=None, name='split'", "split",
     pos=("value", "num_or_size_splits"), kw=(("axis", "axis"),), block=(("num", (None,)),), special=_split)
_add("unstack", "value, num=None, axis=0, name='unstack'", "unstack", pos=("value",),
     kw=(("num", "num"), ("axis", "axis")))
_add("one_hot", "indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None", "one_hot",
     pos=("indices", "depth"), kw=(("axis", "axis"), ("dtype", "dtype")),
     block=(("on_value", (None,)), ("off_value", (None,))))
_add("gather", "params, indices, validate_indices=None, axis=None, batch_dims=0, name=None", "take",
     pos=("params", "indices"), kw=(("axis", "axis"),), fill=(("axis", "0"),),
     block=(("validate_indices", (None,)), ("batch_dims", (0,))))
_add("pad", "tensor, paddings, mode='CONSTANT', constant_values=0, name=None", "pad", pos=("tensor", "paddings"),
     kw=(("mode", "mode"), ("constant_values", "constant_values")), special=_pad)
_add("broadcast_to", "input, shape, name=None", "broadcast_to", pos=("input", "shape"))
_add("matmul linalg.matmul", "a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, "
     "a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False, name=None", "matmul",
     pos=("a", "b"), block=tuple((p, (False,)) for p in ("adjoint_a", "adjoint_b", "a_is_sparse", "b_is_sparse",
                                                        "grad_a", "grad_b")) + (("output_type", (None,)),),
     special=_matmul)
_add("einsum linalg.einsum", "equation, *inputs", "einsum", pos=("equation", "*inputs"))
_add("shape", "input, out_type=None, name=None", "shape", pos=("input",), block=(("out_type", (None,)),))
_add("image.resize", "images, size, method='bilinear', preserve_aspect_ratio=False, antialias=False, name=None",
     "image.resize", pos=("images", "size"), kw=(("interpolation", "method"), ("antialias", "antialias")),
     block=(("preserve_aspect_ratio", (False,)),), special=_resize)
_add("math.top_k nn.top_k", "input, k=1, sorted=True, index_type=tf.int32, name=None", "top_k", pos=("input",),
     kw=(("k", "k"), ("sorted", "sorted")), fill=(("k", "1"),), block=(("index_type", ("tf.int32",)),))

# raise on a Keras tensor too, with no keras.ops counterpart: a Lambda is the fix
for _n, _sig in (("image.flip_left_right", "image"), ("image.flip_up_down", "image"),
                 ("nn.dropout", "x, rate, noise_shape=None, seed=None, name=None"),
                 ("linalg.diag_part", "input, name='diag_part', k=0, padding_value=0, align='RIGHT_LEFT'"),
                 ("size", "input, out_type=None, name=None"), ("rank", "input, name=None"),
                 ("math.segment_sum", "data, segment_ids, name=None"),
                 ("nn.moments", "x, axes, shift=None, keepdims=False, name=None"),
                 ("boolean_mask", "tensor, mask, axis=None, name='boolean_mask'")):
    _add(_n, _sig, None)


def bind(op: TfOp, args, kwargs):
    """The TensorFlow call's arguments by name (only those given), or None if Python would raise."""
    out = {}
    params = [p for p in op.params if not p[0].startswith("*")]
    star = next((p[0][1:] for p in op.params if p[0].startswith("*")), None)
    if len(args) > len(params) and star is None:
        return None
    for (name, _d), v in zip(params, args):
        out[name] = v
    if star is not None:
        out["*" + star] = list(args[len(params):])
    names = {p for p, _ in params}
    for k, v in kwargs.items():
        if k in out or k not in names:
            return None
        out[k] = v
    if any(d is _REQUIRED and p not in out for p, d in params):
        return None
    return out


def keras_call(op: TfOp, given: dict, texts: dict):
    """The keras.ops call equivalent to the TensorFlow one: (args, kwargs, call text after the name), or
    None where keras.ops has no equivalent for these arguments.  ``texts`` holds each given
    argument's source text (None: not written in the source, the fix cannot be written)."""
    if op.keras is None:
        return None
    for p, allowed in op.block:
        if p in given and not any(_same(given[p], a) for a in allowed):
            return None
    # a TensorFlow argument given as None takes TensorFlow's default: absent for Keras too
    given = {k: v for k, v in given.items() if v is not None}
    texts = {k: texts.get(k) for k in given}
    if op.special is not None:
        made = op.special(given, texts)
        if made is None:
            return None
        given, texts = made
    args, parts = [], []
    for p in op.pos:
        if p.startswith("*"):
            for k, v in enumerate(given.get(p, [])):
                args.append(v)
                parts.append(texts.get(p)[k] if texts.get(p) is not None else None)
            continue
        if p not in given:
            break
        args.append(given[p])
        parts.append(texts.get(p))
    kwargs = {}
    for kname, p in op.kw:
        if p in given:
            kwargs[kname] = given[p]
            parts.append(None if texts.get(p) is None else f"{kname}={texts[p]}")
    for kname, src in op.fill:
        if kname not in kwargs:
            kwargs[kname] = ast.literal_eval(src)
            parts.append(f"{kname}={src}")
    text = None if any(t is None for t in parts) else ", ".join(parts)
    return args, kwargs, text


def _same(v, allowed) -> bool:
    if isinstance(allowed, str) and allowed.startswith("tf."):
        return False  # a dtype the engine does not compare: only its absence is accepted
    return type(v) is type(allowed) and v == allowed or (v is allowed)
