"""The keras.ops the engine models: each op's Keras 3.15.1 signature (its argument names and
defaults, bound as Python binds them: a call Python would refuse is the TypeError Keras raises)
and its shape rule (engine/keras/ops_shapes*.py)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .ops_common import shape_of
from .ops_shapes import (
    axis_checked,
    binary,
    expand_dims,
    flattened_or_same,
    image_resize,
    moveaxis,
    norm,
    one_axis_checked,
    ravel,
    reduction,
    reshape,
    same_shape,
    shape,
    squeeze,
    swapaxes,
    transpose,
    where,
)
from .ops_shapes_join import (
    broadcast_to,
    concatenate,
    one_hot,
    pad,
    repeat,
    split,
    stack,
    take,
    tile,
    top_k,
    unstack,
)
from .ops_shapes_linalg import (
    dot,
    einsum,
    matmul,
)

_REQUIRED = object()


def _sig(text_: str) -> tuple:
    """"x, axis=None, *operands" → ((name, default), ...), the name of the *args (or None)."""
    params, star = [], None
    for part in [p.strip() for p in text_.split(",") if p.strip()]:
        if part.startswith("*"):
            star = part[1:]
        elif "=" in part:
            name, default = part.split("=", 1)
            params.append((name.strip(), ast.literal_eval(default.strip())))
        else:
            params.append((part, _REQUIRED))
    return tuple(params), star


@dataclass(frozen=True)
class Op:
    params: tuple
    star: object
    fn: object


OPS: dict = {}


def _add(names, signature, fn):
    params, star = _sig(signature)
    for n in names.split():
        OPS[n] = Op(params, star, fn)


_add("abs absolute negative sign square sqrt rsqrt exp exp2 expm1 log log1p log2 log10 sin cos tan sinh cosh tanh "
     "arcsin arccos arctan arcsinh arccosh arctanh floor ceil trunc reciprocal relu relu6 sigmoid hard_sigmoid silu "
     "swish hard_silu hard_swish selu softplus softsign log_sigmoid tanh_shrink sparse_plus hard_tanh erf erfinv "
     "logical_not isnan isinf isfinite copy conj conjugate real imag signbit cbrt deg2rad rad2deg sparse_sigmoid "
     "fabs isneginf isposinf isreal i0 sinc angle", "x", same_shape)
_add("round", "x, decimals=0", same_shape)
_add("gelu", "x, approximate=True", same_shape)
_add("elu celu", "x, alpha=1.0", same_shape)
_add("leaky_relu", "x, negative_slope=0.2", same_shape)
_add("squareplus", "x, b=4", same_shape)
_add("soft_shrink hard_shrink", "x, threshold=0.5", same_shape)
_add("nan_to_num", "x, nan=0.0, posinf=None, neginf=None", same_shape)
_add("stop_gradient", "variable", lambda a, op: shape_of(a["variable"]))
_add("zeros_like ones_like empty_like", "x, dtype=None", same_shape)
_add("full_like", "x, fill_value, dtype=None", same_shape)
_add("cast", "x, dtype", same_shape)
_add("clip", "x, x_min, x_max", same_shape)
_add("softmax log_softmax", "x, axis=-1", axis_checked)
_add("flip", "x, axis=None", axis_checked)
_add("roll", "x, shift, axis=None", axis_checked)
_add("normalize", "x, axis=-1, order=2, epsilon=None", axis_checked)
_add("sparsemax", "x, axis=-1", one_axis_checked)
_add("sort argsort", "x, axis=-1", flattened_or_same)
_add("cumsum cumprod", "x, axis=None, dtype=None", flattened_or_same)
_add("add subtract multiply divide true_divide floor_divide power maximum minimum mod equal not_equal greater "
     "greater_equal less less_equal logical_and logical_or logical_xor arctan2 hypot divide_no_nan fmod logaddexp "
     "logaddexp2 heaviside nextafter fmax fmin gcd lcm ldexp", "x1, x2", binary)
_add("where", "condition, x1=None, x2=None", where)
_add("mean sum amax amin std var any all argmax argmin logsumexp", "x, axis=None, keepdims=False", reduction)
_add("max min", "x, axis=None, keepdims=False, initial=None", reduction)
_add("prod", "x, axis=None, keepdims=False, dtype=None", reduction)
_add("count_nonzero", "x, axis=None", reduction)
_add("norm", "x, ord=None, axis=None, keepdims=False", norm)
_add("reshape", "x, newshape", reshape)
_add("expand_dims", "x, axis", expand_dims)
_add("squeeze", "x, axis=None", squeeze)
_add("transpose", "x, axes=None", transpose)
_add("swapaxes", "x, axis1, axis2", swapaxes)
_add("moveaxis", "x, source, destination", moveaxis)
_add("concatenate", "xs, axis=0", concatenate)
_add("stack", "x, axis=0", stack)
_add("split", "x, indices_or_sections, axis=0", split)
_add("tile", "x, repeats", tile)
_add("repeat", "x, repeats, axis=None", repeat)
_add("one_hot", "x, num_classes, axis=-1, dtype=None, sparse=False", one_hot)
_add("pad", "x, pad_width, mode='constant', constant_values=None", pad)
_add("broadcast_to", "x, shape", broadcast_to)
_add("take", "x, indices, axis=None", take)
_add("ravel", "x", ravel)
_add("matmul", "x1, x2", matmul)
_add("dot", "x1, x2", dot)
_add("einsum", "subscripts, *operands", einsum)
_add("top_k", "x, k, sorted=True", top_k)
_add("unstack", "x, num=None, axis=0", unstack)
_add("shape", "x", shape)
_add("image.resize", "images, size, interpolation='bilinear', antialias=False, crop_to_aspect_ratio=False, "
     "pad_to_aspect_ratio=False, fill_mode='constant', fill_value=0.0, data_format=None", image_resize)

# the sub-namespaces an op is also exported from (keras.ops.numpy.mean, keras.ops.nn.relu, ...)
NAMESPACES = ("numpy.", "nn.", "math.", "core.", "linalg.")


def bind(op: Op, name: str, args, kwargs):
    """Bind the arguments as Python does; a TypeError message when Keras' own call would raise one."""
    out = {}
    params = op.params
    if len(args) > len(params) and op.star is None:
        return None, (f"keras.ops.{name}() takes {len(params)} positional argument{'s' if len(params) != 1 else ''} "
                      f"but {len(args)} were given")
    for (pname, _d), v in zip(params, args):
        out[pname] = v
    if op.star is not None:
        out[op.star] = list(args[len(params):])
    for k, v in kwargs.items():
        if k in out or k not in {p for p, _ in params}:
            if op.star is not None and k not in {p for p, _ in params}:
                continue  # einsum(**kwargs)
            if k in out:
                return None, f"keras.ops.{name}() got multiple values for argument '{k}'"
            return None, f"keras.ops.{name}() got an unexpected keyword argument '{k}'"
        out[k] = v
    for pname, default in params:
        if pname not in out:
            if default is _REQUIRED:
                return None, f"keras.ops.{name}() missing 1 required positional argument: '{pname}'"
            out[pname] = default
    return out, None

