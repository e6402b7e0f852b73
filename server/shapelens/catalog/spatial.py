"""What the spatial layers share: the data format, sliding windows (convolution and pooling
arithmetic, as Keras computes it), Keras' ``standardize_tuple`` and pairs of paddings or
croppings."""

from __future__ import annotations

import math

from .base import UNKNOWN_DIM, LayerError, Unsure, conv_length, fmt, known

FORMATS = ("channels_last", "channels_first")


def _channels_last(cfg):
    if cfg.get("data_format") not in (None, "channels_last"):
        raise Unsure("data_format")


def _window(name, shape, k, s, pad, d, rank, what):
    out = []
    for i in range(rank):
        n = conv_length(shape[1 + i], k[i], s[i], pad, d[i])
        if known(n) and n < 1:
            ks = k[0] if rank == 1 else k
            raise LayerError(
                "SL112",
                f"{name} with {what}={ks} shrinks the input {fmt(shape)} to size {n} on axis {1 + i}; "
                f"use padding='same', a smaller {what}, or a longer input.",
            )
        out.append(n)
    return out


def _pair(v, what):
    if known(v):
        return (v, v)
    if isinstance(v, tuple) and len(v) == 2 and all(known(x) for x in v):
        return v
    raise Unsure(what)


# -- values as Keras sees them ---------------------------------------------------------------


def literal(v) -> bool:
    """A value the engine knows exactly: a Python int/float/str/bool/None or a tuple of them
    (lists reach the rules as tuples).  Anything else (Unknown, a symbol, a parameter of
    unknown type, a layer...) is not known."""
    if v is None or isinstance(v, (int, float, str)):
        return True
    return isinstance(v, tuple) and all(literal(x) for x in v)


def show(v) -> str:
    return repr(v)


def plain_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def data_format(cfg) -> str:
    """The layer's data format ('channels_last' when None); Unsure when not known."""
    v = cfg.get("data_format")
    if v is None:
        return "channels_last"
    if isinstance(v, str) and v in FORMATS:
        return v
    raise Unsure("data_format")


def check_data_format(cfg, name) -> None:
    """backend.standardize_data_format: str(v).lower() must be one of the two formats (the rule's
    normalize() already lower-cased a string)."""
    v = cfg.get("data_format")
    if v is None or not literal(v) or (isinstance(v, str) and v in FORMATS):
        return
    raise LayerError("SL114", f"{name} data_format must be 'channels_last' or 'channels_first', got {v!r}; Keras "
                              f"raises 'The data_format argument must be one of {{'channels_first', "
                              f"'channels_last'}}'. Use data_format='channels_last' for (batch, ..., channels) "
                              f"inputs or 'channels_first' for (batch, channels, ...).")


class _Unk:
    """An item of a tuple argument the engine does not know (``pool_size=(2, n)``): the axis it
    sizes is unknown, the other axes are still computed and checked."""

    def __repr__(self) -> str:
        return "?"


UNK = _Unk()


def std_tuple(v, n: int, name: str, arg: str, allow_zero: bool = False, label: str = "",
              partial: bool = False) -> tuple:
    """Keras' ``argument_validation.standardize_tuple(v, n, arg, allow_zero)``: an int, or n values
    that int() accepts, all > 0 (>= 0 with allow_zero).  Returns the tuple as Keras keeps it (its
    items may be bools or floats, which int() accepts); raises LayerError where Keras raises and
    Unsure where a value is not known (with ``partial``, unknown items are ``UNK`` instead).
    ``label`` names the argument in messages when it is an entry of a bigger one ("padding[0]")."""
    label = label or arg
    need = ">= 0" if allow_zero else "> 0"
    form = "an int" + (" >= 0" if allow_zero else " > 0") + (" (or a 1-tuple of it)" if n == 1 else f" or a tuple of {n} such ints")

    def bad(why):
        return LayerError("SL114", f"{name} {label} must be {form}, got {v!r} ({why}); Keras raises 'The `{arg}` "
                                   f"argument must be a tuple of {n} integers'.")

    if isinstance(v, int):  # bools too: Keras' isinstance(value, int)
        items = (v,) * n
    elif isinstance(v, str):
        # tuple("ab") is ('a', 'b'): a length that does not fit, int('a') or '1' <= 0 all raise
        raise bad("a string")
    elif v is None or isinstance(v, float):
        raise bad("not an int or a tuple")
    elif isinstance(v, tuple):
        if len(v) != n:
            raise bad(f"{len(v)} values where {n} are needed")
        for x in v:
            if x is None or isinstance(x, (str, tuple)):
                raise bad(f"{x!r} is not a number")  # int(None) / '1' <= 0 / int((1,)) raise
        for x in v:
            if isinstance(x, (int, float)) and (x < 0 or (x == 0 and not allow_zero)):
                raise bad(f"{x!r} does not satisfy value {need}")
        if not all(isinstance(x, (int, float)) for x in v):
            if not partial:
                raise Unsure(arg)
        items = tuple(x if isinstance(x, (int, float)) else UNK for x in v)
    else:
        if partial:
            return (UNK,) * n
        raise Unsure(arg)
    for x in items:
        if x is not UNK and (x < 0 or (x == 0 and not allow_zero)):
            raise bad(f"{x!r} does not satisfy value {need}")
    return tuple(items)


def ints(t: tuple, what: str) -> tuple:
    """The items of a standardized tuple as plain ints; Unsure for the bools and floats Keras
    would also accept (their arithmetic is not modelled)."""
    if all(plain_int(x) or x is UNK for x in t):
        return t
    raise Unsure(what)


def spatial_axes(shape, fmt_: str) -> list:
    """Indices of the spatial axes of ``shape`` under the data format."""
    return list(range(1, len(shape) - 1)) if fmt_ == "channels_last" else list(range(2, len(shape)))


def add_dim(d, extra):
    """``d + extra`` for a dim that may be None (stays None) or symbolic (unknown); ``extra`` may
    be UNK."""
    if d is None:
        return None
    if known(d) and extra is not UNK:
        return d + extra
    return UNKNOWN_DIM


def pool_output_shape(name: str, shape, k: tuple, s: tuple, pad: str, fmt_: str):
    """Keras' ``operation_utils.compute_pooling_output_shape`` (numpy arithmetic, broadcasting
    ``k``/``s`` against the spatial axes, None dims computed as -1 and put back as None)."""
    spatial = list(shape[1:-1]) if fmt_ == "channels_last" else list(shape[2:])
    n, d = len(spatial), len(k)
    if n == d:
        pass
    elif d == 1 and n >= 1:
        k, s = k * n, s * n
    elif n == 1 and d > 1:
        spatial = spatial * d  # numpy broadcasts the one spatial axis over the window
    else:
        raise Unsure("rank")  # no spatial axis, or a broadcast numpy rejects (only through wrappers)
    none_dims = [i for i in range(min(n, len(spatial))) if spatial[i] is None]
    if any(x == 0 for x in s):
        raise LayerError("SL114", f"{name} strides must be >= 1, got strides={s if len(s) > 1 else s[0]}; Keras "
                                  f"divides by the stride when the layer is called (ZeroDivisionError). Use a stride "
                                  f"of at least 1 (or leave strides=None to use pool_size).")
    out = []
    for i, (L, kk, ss) in enumerate(zip(spatial, k, s)):
        if L is None:
            L = -1
        if not known(L) or kk is UNK or ss is UNK:
            out.append(UNKNOWN_DIM)
            continue
        if pad == "valid":
            o = math.floor((L - kk) / ss) + 1
            if i not in none_dims and o <= 0:
                ax = spatial_axes(shape, fmt_)
                where = f"axis {ax[i]}" if i < len(ax) else "a spatial axis"
                raise LayerError(
                    "SL112",
                    f"{name} with pool_size={k if len(k) > 1 else k[0]}, strides={s if len(s) > 1 else s[0]} and "
                    f"padding='valid' shrinks {where} of its input {fmt(shape)} to {o}; Keras raises 'Computed "
                    f"output size would be zero or negative'. Use padding='same', a smaller pool_size, or a "
                    f"bigger input.")
        else:
            o = math.floor((L - 1) / ss) + 1
        out.append(o)
    for i in none_dims:
        out[i] = None
    if fmt_ == "channels_last":
        return (shape[0],) + tuple(out) + (shape[-1],)
    return (shape[0], shape[1]) + tuple(out)
