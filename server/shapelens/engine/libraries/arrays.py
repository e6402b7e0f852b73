"""The array algebra: shapes of arrays (NumPy, TensorFlow data) and of tensor slicing and
arithmetic, computed from literal shapes.  The library modules map their functions onto it."""

from __future__ import annotations

from typing import Optional

from ..values import UNKNOWN, ArrayV, ListV, Sym, Tensor, TensorList, _Slice, dim_of, is_int


def shape_arg(v) -> Optional[tuple]:
    """A shape argument (int or tuple/list of ints/syms) as a tuple of dims, or None."""
    if is_int(v):
        return (v,)
    if isinstance(v, ListV):
        v = v.items
    if isinstance(v, tuple):
        dims = tuple(dim_of(x) for x in v)
        if any(d is UNKNOWN for d in dims):
            return None
        return dims
    if isinstance(v, Sym):
        return (v.expr,)
    return None


def _size(shape) -> Optional[int]:
    n = 1
    for d in shape:
        if not is_int(d):
            return None
        n *= d
    return n


def broadcast(a: tuple, b: tuple) -> Optional[tuple]:
    """NumPy broadcasting; None when certainly incompatible is not decided here (we only compute)."""
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + tuple(a)
    b = (1,) * (n - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif is_int(x) and is_int(y):
            if x != y:
                return None
            out.append(x)
        elif is_int(x):
            out.append(x)
        elif is_int(y):
            out.append(y)
        else:
            out.append(x if x == y else None)
    return tuple(out)


def elementwise(left, right, op):
    """Arithmetic on arrays/tensors: the broadcast shape."""
    def shp(v):
        if isinstance(v, (Tensor, ArrayV)):
            return v.shape
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return ()
        return None

    sa, sb = shp(left), shp(right)
    tensor = left if isinstance(left, Tensor) else right if isinstance(right, Tensor) else None
    if sa is None or sb is None:
        out = None
    else:
        out = broadcast(sa, sb)
    if tensor is not None:
        srcs = _union_sources([x for x in (left, right) if isinstance(x, Tensor)])
        return Tensor(out, srcs, parents=tuple(x for x in (left, right) if isinstance(x, Tensor)))
    base = left if isinstance(left, ArrayV) else right
    if out is None:
        return ArrayV(None)
    return ArrayV(out, base.dtype if isinstance(base, ArrayV) else None)


def _union_sources(tensors):
    srcs = frozenset()
    for t in tensors:
        if t.sources is None:
            return None
        srcs |= t.sources
    return srcs


def index(base, idx: list, interp):
    """``base[idx]`` for arrays and tensors: basic slicing, None/newaxis, Ellipsis, int arrays."""
    shape = base.shape
    if shape is None:
        return _rewrap(base, None)
    # np.eye(n)[y]: integer-array indexing on the first axis
    if len(idx) == 1 and isinstance(idx[0], ArrayV) and isinstance(base, ArrayV):
        ix = idx[0]
        if ix.shape is None:
            return ArrayV(None)
        if ix.dtype == "bool":
            return ArrayV((None,) + tuple(shape[len(ix.shape):]), base.dtype)
        eye = getattr(base, "eye", False)
        return ArrayV(tuple(ix.shape) + tuple(shape[1:]), base.dtype, one_hot=eye)
    n_real = sum(1 for i in idx if i is not None and i is not Ellipsis)
    if n_real > len(shape):
        return _rewrap(base, None)
    out = []
    pos = 0
    for k, i in enumerate(idx):
        if i is Ellipsis:
            rest = sum(1 for j in idx[k + 1:] if j is not None and j is not Ellipsis)
            take = len(shape) - pos - rest
            out.extend(shape[pos:pos + take])
            pos += take
        elif i is None:
            out.append(1)
        elif is_int(i) or isinstance(i, Sym):
            if pos >= len(shape):
                return _rewrap(base, None)
            d = shape[pos]
            if is_int(i) and is_int(d) and not -d <= i < d:
                return _rewrap(base, None)
            pos += 1
        elif isinstance(i, _Slice):
            if pos >= len(shape):
                return _rewrap(base, None)
            d = shape[pos]
            sl = i.to_slice()
            if sl is None:
                out.append(None if isinstance(base, Tensor) and d is None else _unknown_dim(d))
            elif is_int(d):
                out.append(len(range(*sl.indices(d))))
            elif sl.start is None and sl.stop is None and sl.step in (None, 1):
                out.append(d)
            elif d is None:
                out.append(None)
            else:
                out.append(None)
            pos += 1
        else:
            return _rewrap(base, None)
    out.extend(shape[pos:])
    return _rewrap(base, tuple(out))


def _unknown_dim(d):
    return None


def _rewrap(base, shape):
    if isinstance(base, Tensor):
        return Tensor(shape, base.sources, parents=(base,))
    return ArrayV(shape, base.dtype, base.one_hot if shape is not None and base.shape is not None and len(shape) == len(base.shape) and shape[-1:] == base.shape[-1:] else False)


def reshape(arr, dims) -> Optional[tuple]:
    """Target of reshape with at most one -1, checked against the size when known."""
    if dims is None:
        return None
    negs = [i for i, d in enumerate(dims) if d == -1]
    if len(negs) > 1:
        return None
    if arr.shape is None:
        return None if negs else tuple(dims)
    total = _size(arr.shape)
    if negs:
        fixed = _size([d for d in dims if d != -1])
        if total is None or fixed in (None, 0) or total % fixed:
            return tuple(None if d == -1 else d for d in dims)
        return tuple(total // fixed if d == -1 else d for d in dims)
    return tuple(dims)


def nested_shape(v) -> Optional[tuple]:
    """Shape and dtype of a nested literal list (np.array([[1, 2], [3, 4]]))."""
    if isinstance(v, (ListV, tuple)):
        items = v.items if isinstance(v, ListV) else v
        if not items:
            return (0,), "float"
        subs = [nested_shape(x) for x in items]
        if any(s is None for s in subs):
            return None
        first = subs[0][0]
        if any(s[0] != first for s in subs):
            return None
        dt = "float" if any(s[1] == "float" for s in subs) else subs[0][1]
        return (len(items),) + first, dt
    if isinstance(v, bool):
        return (), "bool"
    if isinstance(v, int):
        return (), "int"
    if isinstance(v, float):
        return (), "float"
    if isinstance(v, (ArrayV,)) and v.shape is not None:
        return tuple(v.shape), v.dtype
    return None


def dtype_of(v) -> Optional[str]:
    """dtype argument → "int" | "float" | "bool" | None."""
    from ..values import ModuleV

    name = v if isinstance(v, str) else (v.path.rsplit(".", 1)[-1] if isinstance(v, ModuleV) else None)
    if name is None:
        return None
    if "int" in name:
        return "int"
    if "float" in name or "double" in name:
        return "float"
    if "bool" in name:
        return "bool"
    return None


def tensorlist_shapes(v):
    if isinstance(v, TensorList):
        return [t.shape if isinstance(t, Tensor) else None for t in v.items]
    return None


# -- what array functions make, shared by the library modules -------------------------------------


def dtype_kw(kwargs) -> Optional[str]:
    return dtype_of(kwargs.get("dtype")) if "dtype" in kwargs else None


def filled(shape_value, dtype) -> ArrayV:
    """An array of a given shape (zeros, ones, random data)."""
    return ArrayV(shape_arg(shape_value), dtype)


def like(a, dtype):
    """zeros_like and friends."""
    return ArrayV(a.shape, dtype or a.dtype) if isinstance(a, ArrayV) else UNKNOWN


def from_data(args, kwargs):
    """np.array / tf.constant: an array from data (an array, or a nested literal list)."""
    if not args:
        return UNKNOWN
    a = args[0]
    dt = dtype_kw(kwargs)
    if isinstance(a, ArrayV):
        return ArrayV(a.shape, dt or a.dtype, a.one_hot)
    ns = nested_shape(a)
    if ns is None:
        return UNKNOWN
    return ArrayV(ns[0], dt or ns[1])


def expand_dims(args, kwargs):
    a = args[0] if args else None
    ax = args[1] if len(args) > 1 else kwargs.get("axis")
    if isinstance(a, ArrayV) and a.shape is not None and is_int(ax):
        shape = list(a.shape)
        pos = ax if ax >= 0 else len(shape) + 1 + ax
        if 0 <= pos <= len(shape):
            shape.insert(pos, 1)
            return ArrayV(tuple(shape), a.dtype)
    return ArrayV(None) if isinstance(a, ArrayV) else UNKNOWN


def reshaped(args, kwargs):
    a = args[0] if args else None
    dims = shape_arg(args[1] if len(args) > 1 else kwargs.get("newshape", kwargs.get("shape")))
    return ArrayV(reshape(a, dims), a.dtype) if isinstance(a, ArrayV) else UNKNOWN


def joined(how: str, args, kwargs):
    """concatenate (``how`` "concat"), stack, vstack, hstack."""
    seq = args[0] if args else None
    items = seq.items if isinstance(seq, ListV) else seq if isinstance(seq, tuple) else None
    if not items or not all(isinstance(a, ArrayV) and a.shape is not None for a in items):
        return UNKNOWN
    ax = args[1] if len(args) > 1 else kwargs.get("axis", 0)
    if how == "vstack":
        ax = 0
    if how == "hstack":
        ax = 1 if len(items[0].shape) > 1 else 0
    if not is_int(ax):
        return UNKNOWN
    if how == "stack":
        shape = list(items[0].shape)
        pos = ax if ax >= 0 else len(shape) + 1 + ax
        shape.insert(pos, len(items))
        return ArrayV(tuple(shape), items[0].dtype)
    rank = len(items[0].shape)
    if any(len(a.shape) != rank for a in items):
        return UNKNOWN
    ax %= rank
    total = 0
    for a in items:
        d = a.shape[ax]
        if not is_int(d):
            total = None
            break
        total += d
    shape = list(items[0].shape)
    shape[ax] = total
    return ArrayV(tuple(shape), items[0].dtype)


def eye(args, kwargs):
    n = args[0] if args else None
    if not is_int(n):
        return UNKNOWN
    mcols = args[1] if len(args) > 1 and is_int(args[1]) else n
    a = ArrayV((n, mcols), dtype_kw(kwargs) or "float")
    a.eye = True
    return a


def linspace(args, kwargs):
    num = args[2] if len(args) > 2 else kwargs.get("num", 50)
    return ArrayV((num,), "float") if is_int(num) else UNKNOWN


def one_hot(a, depth):
    if isinstance(a, ArrayV) and a.shape is not None and is_int(depth):
        return ArrayV(tuple(a.shape) + (depth,), "float", one_hot=True)
    return UNKNOWN


def squeezed(a: ArrayV, ax):
    """squeeze: every axis of size 1, or the one named."""
    if ax is None:
        return ArrayV(tuple(d for d in a.shape if d != 1), a.dtype)
    if is_int(ax):
        ax = ax % len(a.shape)
        return ArrayV(tuple(d for k, d in enumerate(a.shape) if k != ax), a.dtype)
    return ArrayV(None)


def transposed(a: ArrayV, perm):
    """transpose without a permutation reverses the axes; with one, it is not followed."""
    if perm is not None:
        return ArrayV(None) if a.shape is None else ArrayV(None, a.dtype)
    return ArrayV(tuple(reversed(a.shape)) if a.shape is not None else None, a.dtype)

