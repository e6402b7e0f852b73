"""Python's builtin functions the interpreter follows (range, len, list, dict, zip, ...)."""

from __future__ import annotations

from ..values import (
    UNKNOWN,
    ArrayV,
    DictV,
    ListV,
    ModuleV,
    Param,
    Sym,
    Tensor,
    TensorList,
    is_int,
)
from .mutation import _dict_set, _hashable
from .scopes import MAX_LOOP


class _Range:
    def __init__(self, args):
        self.args = args

    def values(self):
        r = range(*self.args)
        if len(r) > MAX_LOOP * 4:
            return None
        return list(r)


def _b(fn):
    fn._builtin = True
    return fn


@_b
def _range(interp, args, kwargs, node):
    if 1 <= len(args) <= 3 and all(is_int(a) for a in args):
        r = _Range(tuple(args))
        return r if r.values() is not None else UNKNOWN
    return UNKNOWN


@_b
def _len(interp, args, kwargs, node):
    if len(args) != 1:
        return UNKNOWN
    v = args[0]
    if isinstance(v, (tuple, str)):
        return len(v)
    if isinstance(v, (ListV, DictV, TensorList)):
        return len(v.items)
    if isinstance(v, (ArrayV, Tensor)) and v.shape:
        d = v.shape[0]
        return d if is_int(d) else (Sym(d) if isinstance(d, str) else UNKNOWN)
    if isinstance(v, _Range):
        vals = v.values()
        return len(vals) if vals is not None else UNKNOWN
    if (v is UNKNOWN or isinstance(v, Param)) and node is not None:
        return Sym(interp.code(node))
    return UNKNOWN


@_b
def _tuple(interp, args, kwargs, node):
    if not args:
        return ()
    it = interp.iterate(args[0])
    return tuple(it) if it is not None else UNKNOWN


@_b
def _list(interp, args, kwargs, node):
    if not args:
        return ListV(())
    it = interp.iterate(args[0])
    return ListV(tuple(it)) if it is not None else UNKNOWN


@_b
def _int(interp, args, kwargs, node):
    if len(args) == 1 and isinstance(args[0], (int, float)) and not isinstance(args[0], bool):
        return int(args[0])
    if len(args) == 1 and isinstance(args[0], Sym):
        return args[0]
    return UNKNOWN


@_b
def _float(interp, args, kwargs, node):
    if len(args) == 1 and isinstance(args[0], (int, float)):
        return float(args[0])
    return UNKNOWN


def _mk_minmax(f):
    @_b
    def inner(interp, args, kwargs, node):
        vals = args
        if len(args) == 1:
            vals = interp.iterate(args[0]) or []
        if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            return f(vals)
        return UNKNOWN
    return inner


@_b
def _print(interp, args, kwargs, node):
    return None


@_b
def _unknown(interp, args, kwargs, node):
    return UNKNOWN


@_b
def _zip(interp, args, kwargs, node):
    seqs = [interp.iterate(a) for a in args]
    if any(s is None for s in seqs) or not seqs:
        return UNKNOWN
    return ListV(tuple(tuple(t) for t in zip(*seqs)))


@_b
def _enumerate(interp, args, kwargs, node):
    if not args:
        return UNKNOWN
    s = interp.iterate(args[0])
    if s is None:
        return UNKNOWN
    start = args[1] if len(args) > 1 and is_int(args[1]) else 0
    return ListV(tuple((i + start, v) for i, v in enumerate(s)))


@_b
def _reversed(interp, args, kwargs, node):
    s = interp.iterate(args[0]) if args else None
    return UNKNOWN if s is None else ListV(tuple(reversed(s)))


@_b
def _isinstance(interp, args, kwargs, node):
    return UNKNOWN


@_b
def _dict(interp, args, kwargs, node):
    """dict(), dict(mapping), dict(pairs), dict(**kwargs)."""
    d = DictV(())
    if len(args) > 1:
        return UNKNOWN
    if args:
        a = args[0]
        if isinstance(a, DictV):
            d = a
        else:
            pairs = interp.iterate(a)
            if pairs is None or not all(isinstance(p, tuple) and len(p) == 2 and _hashable(p[0]) for p in pairs):
                return UNKNOWN
            for k, v in pairs:
                d = _dict_set(d, k, v)
    for k, v in kwargs.items():
        d = _dict_set(d, k, v)
    return d


@_b
def _iter(interp, args, kwargs, node):
    """iter(dataset): an iterator over the same elements (tf.data, Keras generators)."""
    if len(args) == 1 and interp.iteration_item(args[0]) is not UNKNOWN:
        return args[0]
    return UNKNOWN


@_b
def _next(interp, args, kwargs, node):
    """next(iter(dataset)): one element of a dataset or generator (a batch of the spec's shape)."""
    return interp.iteration_item(args[0]) if len(args) == 1 else UNKNOWN


BUILTINS = {
    "iter": _iter, "next": _next,
    "range": _range, "len": _len, "tuple": _tuple, "list": _list, "int": _int, "float": _float,
    "min": _mk_minmax(min), "max": _mk_minmax(max), "sum": _mk_minmax(sum), "abs": _unknown,
    "print": _print, "zip": _zip, "enumerate": _enumerate, "reversed": _reversed,
    "isinstance": _isinstance, "str": _unknown, "round": _unknown, "open": _unknown, "dict": _dict,
    "object": ModuleV("builtins.object"),
    "True": True, "False": False, "None": None, "__name__": "__main__",
}
