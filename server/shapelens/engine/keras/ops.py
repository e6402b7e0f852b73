"""``keras.ops`` on symbolic tensors, and TensorFlow functions given one.

* ``keras.ops.<name>(...)`` with a Keras tensor among its arguments: the shape Keras'
  ``compute_output_spec`` gives (the rules in engine/keras/ops_shapes.py, the table of ops and
  signatures in ops_table.py), and the error Keras raises, reported at the call when every value
  it rests on is known.
* ``tf.<name>(...)`` with a Keras tensor among its arguments raises in Keras 3 (SL118): reported
  with the keras.ops spelling (engine/keras/ops_tf.py) as the fix, or a Lambda where there is
  none, and followed as if the fix were written, so later layers keep their shapes.  Inside a
  Lambda's function the interpreter runs silently (``Interp.silent``): nothing is reported
  there, and the value follows TensorFlow's own shape rules where they differ from Keras'.
"""

from __future__ import annotations

import logging
import re

from .. import debug
from ..libraries import arrays
from ..records import MISSING
from ..values import (
    UNKNOWN,
    DictV,
    ListV,
    ModuleV,
    Tensor,
    TensorList,
    is_int,
)
from . import ops_common as S
from . import ops_table, ops_tf
from .context import _shape_value

log = logging.getLogger("shapelens.engine")


def _tensors(v, out, depth=0):
    """The Keras tensors in an argument (inside lists, tuples and dicts too)."""
    if isinstance(v, Tensor):
        out.append(v)
    elif depth < 4:
        if isinstance(v, (ListV, TensorList)):
            for x in v.items:
                _tensors(x, out, depth + 1)
        elif isinstance(v, tuple):
            for x in v:
                _tensors(x, out, depth + 1)
        elif isinstance(v, DictV):
            for x in v.values():
                _tensors(x, out, depth + 1)
    return out


def _all_tensors(args, kwargs):
    out = []
    for v in list(args) + list(kwargs.values()):
        _tensors(v, out)
    return out


def _symbolic(t: Tensor) -> bool:
    """A symbolic Keras tensor: it depends on a keras.Input (a layer called on data gives an eager
    tensor, with no sources; unknown sources are None)."""
    return bool(t.sources)


def _op_name(path: str):
    """keras.ops.numpy.mean → "mean"; keras.ops.image.resize → "image.resize"."""
    name = path[len("keras.ops."):]
    for ns in ops_table.NAMESPACES:
        if name.startswith(ns):
            return name[len(ns):]
    return name


# tensors made from a shape (no tensor argument): the position of ``shape`` and the dtype keyword
_RANDOM = {"normal": 0, "uniform": 0, "truncated_normal": 0, "randint": 0, "dropout": None, "categorical": None}
_MADE = {"zeros": 0, "ones": 0, "full": 0, "empty": 0, "arange": "range", "eye": "eye"}


def _made_tensor(name, table, args, kwargs):
    """``keras.random.normal(shape=...)``, ``keras.ops.zeros(shape)``, ``keras.ops.arange(n)``:
    a tensor of that shape (made eagerly when every dim is known; a dim taken from a symbolic
    tensor's ``shape`` is None and the tensor is not known to be eager).  MISSING for anything else."""
    where = table.get(name, MISSING)
    if where is MISSING or where is None:
        return MISSING
    dtype = kwargs.get("dtype") if isinstance(kwargs.get("dtype"), str) else None
    if where == "range":
        ends = list(args[:3])
        for k, key in enumerate(("start", "stop", "step")):
            if key in kwargs:
                while len(ends) <= k:
                    ends.append(MISSING)
                ends[k] = kwargs[key]
        if not ends or any(e is MISSING for e in ends[:1]):
            return MISSING
        start, stop, step = (ends + [None, None])[:3] if len(ends) >= 1 else (None, None, None)
        step = 1 if step is None or step is MISSING else step
        if stop is None or stop is MISSING:
            start, stop = 0, start
        if not all(is_int(v) for v in (start, stop, step)) or step == 0:
            return Tensor((None,), None, dtype=dtype)
        return Tensor((max(0, -(-(stop - start) // step)),), frozenset(), dtype=dtype or "int32")
    if where == "eye":
        n = args[0] if args else kwargs.get("N", MISSING)
        m = args[1] if len(args) > 1 else kwargs.get("M", None)
        m = n if m is None else m
        if not is_int(n) or not is_int(m):
            return MISSING
        return Tensor((n, m), frozenset(), dtype=dtype)
    shape = args[where] if len(args) > where else kwargs.get("shape", MISSING)
    dims = arrays.shape_arg(shape) if shape is not MISSING else None
    if dims is None or any(d is UNKNOWN for d in dims):
        return MISSING
    eager = all(is_int(d) for d in dims)
    return Tensor(tuple(d if is_int(d) else None for d in dims), frozenset() if eager else None, dtype=dtype)


class TensorOps:
    """KerasOps' part for keras.ops and TensorFlow functions on Keras tensors."""

    def ops_call(self, path, args, kwargs, node, arg_nodes):
        """The hook of dispatch.call_path: MISSING when the call is not one on Keras tensors."""
        if path.startswith("keras.random."):
            return _made_tensor(path[len("keras.random."):], _RANDOM, args, kwargs)
        if path.startswith("keras.ops."):
            tensors = _all_tensors(args, kwargs)
            if not tensors:
                return _made_tensor(_op_name(path), _MADE, args, kwargs)
            # on eager tensors only (a layer called on data) the backend runs: no symbolic checks
            return self.keras_op(_op_name(path), args, kwargs, node, tensors,
                                 report=any(_symbolic(t) for t in tensors))
        if path.startswith("tensorflow."):
            tensors = _all_tensors(args, kwargs)
            if not any(_symbolic(t) for t in tensors):
                if path == "tensorflow.range":
                    # tf.range(start, limit=None, delta=1) is keras.ops.arange(start, stop=None,
                    # step=1): one value given is the end, in both; a limit taken from a static
                    # dim (tf.shape(x)[-1] in a layer's call) is that dim, as TensorFlow folds it
                    renamed = {{"limit": "stop", "delta": "step"}.get(k, k): v for k, v in kwargs.items()}
                    return _made_tensor("arange", _MADE, args, renamed)
                return MISSING  # data, or eager tensors: TensorFlow takes them
            return self.tf_on_keras(path[len("tensorflow."):], args, kwargs, node, arg_nodes, tensors)
        return MISSING

    def ops_fn(self, name, args, kwargs):
        """keras.backend.* (Keras 3 has no tensor functions there): a tensor of unknown shape."""
        tensors = _all_tensors(args, kwargs)
        if not tensors:
            return UNKNOWN
        return Tensor(None, arrays._union_sources(tensors), parents=tuple(tensors))

    # -- keras.ops ---------------------------------------------------------------------------
    def keras_op(self, name, args, kwargs, node, tensors, report=True, tf_rules=False):
        """The value of ``keras.ops.<name>(*args, **kwargs)``; its error reported when ``report``;
        ``tf_rules``: it stands for a TensorFlow function (which checks dtypes)."""
        i = self.i
        srcs = arrays._union_sources(tensors)
        parents = tuple(tensors)
        op = ops_table.OPS.get(name)
        if op is None:
            return UNKNOWN if name in _NOT_ONE_TENSOR else Tensor(None, srcs, parents=parents)
        bound, err = ops_table.bind(op, name, args, kwargs)
        if bound is None:
            if report and node is not None:
                i.diag(i.loc(node), "SL114", f"{err}; Keras raises this TypeError. Check the arguments against "
                                             f"keras.ops.{name}'s signature.")
            return UNKNOWN
        if name == "image.resize" and bound.get("data_format") is None:
            default = i.g.lookup("\0data_format")  # keras.config.set_image_data_format(...)
            bound["data_format"] = "channels_last" if default is MISSING else default
        written = i.code(node.func) if node is not None else f"keras.ops.{name}"
        try:
            out = ops_table.OPS[name].fn(bound, written)
            if i.silent:
                # in a Lambda's function (the interpreter runs it silently) Keras traces the
                # function on TensorFlow's graph tensors: TensorFlow's shape rules hold there
                out = _tf_shape(name, bound, out, tf_rules)
        except S.Unsure:
            return _unknown_result(name, srcs, parents, bound)
        except S.OpError as e:
            if report and node is not None:
                i.diag(i.loc(node), e.code, e.message)
            return UNKNOWN
        except Exception:
            if debug.STRICT:
                raise
            log.debug("keras.ops.%s failed", name, exc_info=True)
            return _unknown_result(name, srcs, parents, bound)
        if isinstance(out, S.AsValue):
            return _shape_value(out.shape, i.code(node) if node is not None else "shape")
        if isinstance(out, S.Several):
            made = tuple(Tensor(s, srcs, parents=parents) for s in out.shapes)
            return ListV(made) if out.kind == "list" else made
        return Tensor(tuple(out), srcs, parents=parents)

    # -- Python operators between Keras tensors -------------------------------------------------
    def operator_broadcasts(self, left, op_symbol: str, right, node) -> bool:
        """``a + b`` on Keras tensors is keras.ops.add (KerasTensor.__add__ and the others):
        False, with SL110 where Keras raises 'Cannot broadcast shape', when two known sizes
        clash; True otherwise (also when a size is not known)."""
        if left.shape is None or right.shape is None:
            return True
        try:
            S.broadcast(left.shape, right.shape, f"The {op_symbol} operator",
                        ("the left side", "the right side"))
        except S.OpError as e:
            if node is not None:
                self.i.diag(self.i.loc(node), e.code, e.message)
            return False
        except S.Unsure:
            pass
        return True

    # -- TensorFlow functions on Keras tensors (SL118) ------------------------------------------
    def tf_on_keras(self, name, args, kwargs, node, arg_nodes, tensors):
        i = self.i
        op = ops_tf.TF.get(name)
        if op is None:
            return UNKNOWN  # not known to raise: say nothing
        given = ops_tf.bind(op, args, kwargs)
        equivalent = None
        if given is not None:
            texts = self._arg_texts(op, args, arg_nodes)
            equivalent = ops_tf.keras_call(op, given, texts)
        value = UNKNOWN
        if equivalent is not None:
            kargs, kkwargs, _text = equivalent
            value = self.keras_op(op.keras, kargs, kkwargs, None, tensors, report=False, tf_rules=True)
        elif op.keras is None or given is not None:
            value = Tensor(None, arrays._union_sources(tensors), parents=tuple(tensors))
        if i.silent or node is None:
            return value
        written = i.code(node.func)
        ops_prefix = self.spell("keras.ops")
        fixes = []
        shape = tensors[0].shape
        what = f"a symbolic Keras tensor{'' if shape is None else ' ' + S.fmt(shape)}"
        if equivalent is not None:
            spelled = f"{ops_prefix}.{op.keras}" if ops_prefix else f"keras.ops.{op.keras}"
            instead = f"Use {spelled}(...), which takes Keras tensors"
            if op.keras == "shape":
                instead += (" (it gives a tuple of ints, with None for the sizes known only when the model runs: "
                            "for those, compute in a Lambda layer)")
            if ops_prefix and equivalent[2] is not None:
                text = f"{spelled}({equivalent[2]})".replace(ops_tf.OPS_PREFIX, ops_prefix)
                fixes.append(self.fix(f"Use {spelled}", [(i.loc(node), text)], op.keras != "shape"))
        elif given is None:
            instead = (f"Its arguments do not fit {written}'s signature either (Python raises a TypeError first); "
                       f"use the keras.ops function, keras.ops.{op.keras}" if op.keras else
                       f"Its arguments do not fit {written}'s signature either (Python raises a TypeError first)")
        else:
            lam = self._lambda_fix(node, args, arg_nodes, tensors)
            instead = "Wrap the call in a Lambda layer (on real tensors TensorFlow functions are fine)"
            if op.keras is not None:
                instead = (f"keras.ops.{op.keras} has no equivalent of these arguments: wrap the call in a Lambda "
                           "layer (on real tensors TensorFlow functions are fine)")
            if lam is not None:
                fixes.append(lam)
        raises = "refuses that (" if given is None else "raises "  # (a TypeError comes first)
        i.diag(i.loc(node), "SL118",
               f"{written}() is a TensorFlow function and gets {what}; Keras 3 {raises}'A KerasTensor cannot be "
               f"used as input to a TensorFlow function'{')' if given is None else ''}. {instead}.",
               fixes=[f for f in fixes if f])
        return value

    def _arg_texts(self, op, args, arg_nodes):
        """The source text of each TensorFlow argument, by parameter name."""
        i = self.i
        params = [p for p, _d in op.params if not p.startswith("*")]
        star = next((p for p, _d in op.params if p.startswith("*")), None)
        texts = {}
        for k, a in arg_nodes.items():
            t = i.code(a.value)
            if isinstance(k, str):
                texts[k] = t
            elif k < len(params):
                texts[params[k]] = t
        if star is not None:
            texts[star] = [i.code(arg_nodes[k].value) if k in arg_nodes else None
                           for k in range(len(params), len(args))]
            if any(t is None for t in texts[star]):
                texts[star] = None
        return texts

    def _lambda_fix(self, node, args, arg_nodes, tensors):
        """``tf.f(x, ...)`` → ``Lambda(lambda t: tf.f(t, ...))(x)``: when x, the first argument, is the
        only Keras tensor the call gets."""
        i = self.i
        if not args or not isinstance(args[0], Tensor) or len(tensors) != 1 or 0 not in arg_nodes:
            return None
        lam = self._lambda_name()
        if lam is None:
            return None
        first = arg_nodes[0]
        code = i.code(node)
        used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
        var = next((n for n in ("t", "t_", "tensor", "_t", "_tensor") if n not in used), None)
        if var is None:
            return None
        rest = [i.code(a.value) if a.keyword is None else f"{a.keyword.value}={i.code(a.value)}"
                for k, a in arg_nodes.items() if k != 0]
        call = f"{i.code(node.func)}({', '.join([var] + rest)})"
        text = f"{lam}(lambda {var}: {call})({i.code(first.value)})"
        return self.fix("Wrap the call in a Lambda layer", [(i.loc(node), text)], True)

    def _lambda_name(self):
        g = self.i.g
        v = g.lookup("Lambda")
        if isinstance(v, ModuleV) and v.path == "keras.layers.Lambda":
            return "Lambda"
        v = g.lookup("layers")
        if isinstance(v, ModuleV) and v.path == "keras.layers":
            return "layers.Lambda"
        spelled = self.spell("keras.layers")
        return f"{spelled}.Lambda" if spelled else None


# keras.ops functions the table does not model that give something else than one tensor
_NOT_ONE_TENSOR = {
    "moments", "meshgrid", "eig", "eigh", "svd", "qr", "slogdet", "nonzero", "array_split", "hsplit", "vsplit",
    "dsplit", "unique", "histogram", "unravel_index", "lu_factor", "ctc_decode", "fori_loop", "while_loop", "scan",
    "cond", "switch", "map", "associative_scan", "vectorized_map", "is_tensor", "ndim", "size", "dtype",
    "convert_to_numpy", "custom_gradient", "stft", "rfft", "fft", "fft2", "ifft2", "irfft", "jvp",
}


def _unknown_result(name, srcs, parents, bound):
    """What an op gives when its shape is not known: one tensor, or two for top_k; Unknown for the
    ops whose number of results is not known."""
    if name == "top_k":
        return (Tensor(None, srcs, parents=parents), Tensor(None, srcs, parents=parents))
    if name in ("split", "unstack", "shape"):
        return UNKNOWN
    return Tensor(None, srcs, parents=parents)


# TensorFlow refuses these on float tensors (one_hot's indices, logical ops, tf.where's condition,
# gather's indices given as a tensor): inside a Lambda whose input's dtype is not followed, unknown.
_TF_DTYPE_STRICT = {"one_hot", "logical_not", "logical_and", "logical_or", "logical_xor", "any", "all", "where"}
_FLOAT_ONLY = {"int", "bool", "uint"}


def _tf_shape(name, bound, out, tf_function):
    """Inside a Lambda the function runs on TensorFlow's graph tensors: the static shape follows
    TensorFlow's rules, which differ from keras.ops' symbolic ones here; and a TensorFlow function
    (``tf_function``) checks dtypes, which the engine does not follow."""
    if tf_function:
        if name in _TF_DTYPE_STRICT or name == "take" and isinstance(bound.get("indices"), Tensor):
            raise S.Unsure
        tensors = _all_tensors(list(bound.values()), {})
        if any(isinstance(t.dtype, str) and any(k in t.dtype for k in _FLOAT_ONLY) for t in tensors):
            raise S.Unsure  # an int or bool tensor: TensorFlow's float functions raise on it
    if name in ("concatenate", "stack"):
        # TensorFlow merges the inputs' other axes (a known size wins over None); Keras keeps the
        # first input's
        shapes = [S.shape_of(t) for t in S.seq(bound["xs" if name == "concatenate" else "x"])]
        merged = []
        for dims in zip(*shapes):
            sizes = [d for d in dims if S.is_int(d)]
            merged.append(sizes[0] if dims[0] is None and sizes else dims[0])
        if name == "concatenate":
            axis = bound["axis"] % len(merged)
            merged[axis] = out[axis]
        else:
            merged.insert(bound["axis"] % (len(merged) + 1), len(shapes))
        return tuple(merged)
    if name == "squeeze" and bound.get("axis") is None and isinstance(out, tuple):
        raise S.Unsure  # TensorFlow cannot tell which unknown dims are 1
    if name == "reshape" and not all(S.is_int(d) for d in (S.seq(bound["newshape"]) or [bound["newshape"]])):
        raise S.Unsure  # a shape made of tensors (tf.shape(t)[0]): TensorFlow infers more than Keras
    if name == "broadcast_to" and len(out) < len(S.shape_of(bound["x"])):
        raise S.Unsure  # TensorFlow refuses a target of lower rank (Keras' symbolic rule does not)
    if name == "matmul" and any(len(S.attr_shape(bound[k])) < 2 for k in ("x1", "x2")):
        raise S.Unsure  # tf.matmul wants matrices
    return out
