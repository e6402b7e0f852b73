"""The array algebra: shapes of arrays (NumPy, TensorFlow data) and of tensor slicing and
arithmetic, computed from literal shapes.  The library modules map their functions onto it."""

from __future__ import annotations

from typing import Optional

from ..values import UNKNOWN, ArrayV, ListV, ModuleV, Sym, Tensor, TensorList, _Slice, dim_of, is_int


class RunDim(str):
    """A size fixed only when the program runs (a file's columns, an image's height): a definite
    int the engine cannot know, shown by a name (``n_columns``).  Like a symbol it is never
    compared as a number; unlike a name it equals only itself, so two unknown sizes are never
    taken for the same one, while the arrays cut from one table share their columns' size."""

    __slots__ = ()

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = object.__hash__


def fresh(name: str = "n") -> RunDim:
    return RunDim(name)


def definite(shape, start: int = 1):
    """Data's shape as the engine keeps it: every axis after the first (samples) that is not
    known is a RunDim, never None (None is what Keras calls a size that varies, and a layer
    sized by it raises; a real array's sizes never vary)."""
    if shape is None:
        return None
    return tuple(fresh() if d is None and k >= start else d for k, d in enumerate(shape))


def _axis(ax, rank):
    """A normalised axis (an int in range), or None."""
    if not is_int(ax) or rank is None or not -rank <= ax < rank:
        return None
    return ax % rank


def _is_newaxis(v) -> bool:
    return v is None or (isinstance(v, ModuleV) and v.path.rsplit(".", 1)[-1] == "newaxis")


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

    for v in (left, right):
        hook = getattr(v, "lib_binop", None)
        if hook is not None:
            return hook(left, right, op)
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
    return ArrayV(definite(out), base.dtype if isinstance(base, ArrayV) else None)


def compared(left, right):
    """``X > 0``, ``df["a"] == 1``: a boolean mask, shaped as arithmetic would be."""
    out = elementwise(left, right, None)
    if isinstance(out, ArrayV):
        out.dtype = "bool"
    return out


def _union_sources(tensors):
    srcs = frozenset()
    for t in tensors:
        if t.sources is None:
            return None
        srcs |= t.sources
    return srcs


def index(base, idx: list, interp):
    """``base[idx]`` for arrays and tensors: basic slicing, None/newaxis, Ellipsis, int arrays
    and lists; a library's own values (a DataFrame, ``df.iloc``) answer for themselves."""
    hook = getattr(base, "lib_index", None)
    if hook is not None:
        return hook(idx)
    if not isinstance(base, (ArrayV, Tensor)):
        return UNKNOWN
    shape = base.shape
    if shape is None:
        return _rewrap(base, None)
    idx = [None if _is_newaxis(i) else i for i in idx]
    data = isinstance(base, ArrayV)
    # np.eye(n)[y]: integer-array indexing on the first axis
    if len(idx) == 1 and isinstance(idx[0], ArrayV) and data:
        ix = idx[0]
        if ix.shape is None:
            return ArrayV(None)
        if ix.dtype == "bool":
            return ArrayV((None,) + tuple(shape[len(ix.shape):]), base.dtype)
        eye = getattr(base, "eye", False)
        return ArrayV(tuple(ix.shape) + tuple(shape[1:]), base.dtype, one_hot=eye)
    n_real = sum(1 for i in idx if i is not None and i is not Ellipsis)
    if n_real > len(shape) or sum(1 for i in idx if i is Ellipsis) > 1:
        return _rewrap(base, None)
    if data and sum(1 for i in idx if isinstance(i, ListV)) > 1:
        return _rewrap(base, None)  # several index lists broadcast together: not followed
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
            elif data and isinstance(d, str):
                out.append(fresh(f"{d}[{_slice_text(sl)}]"))
            else:
                out.append(None)
            pos += 1
        elif data and isinstance(i, ListV) and i.items and all(is_int(x) for x in i.items):
            if pos >= len(shape):
                return _rewrap(base, None)
            out.append(len(i.items))  # X[:, [0, 2]]: one index list picks that many
            pos += 1
        else:
            return _rewrap(base, None)
    out.extend(shape[pos:])
    return _rewrap(base, definite(tuple(out)) if data else tuple(out))


def _slice_text(sl: slice) -> str:
    text = ("" if sl.start is None else str(sl.start)) + ":" + ("" if sl.stop is None else str(sl.stop))
    return text + (f":{sl.step}" if sl.step is not None else "")


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
        return definite(tuple(None if d == -1 else d for d in dims))
    total = _size(arr.shape)
    if negs:
        fixed = _size([d for d in dims if d != -1])
        if total is None or fixed in (None, 0) or total % fixed:
            return definite(tuple(None if d == -1 else d for d in dims))
        return tuple(total // fixed if d == -1 else d for d in dims)
    return definite(tuple(dims))


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
        dts = {s[1] for s in subs}
        dt = "str" if "str" in dts else "float" if "float" in dts else subs[0][1]
        return (len(items),) + first, dt
    if isinstance(v, str):
        return (), "str"
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
    """np.array / tf.constant: an array from data (an array, a library's value that converts
    to one, or a nested literal list, of arrays too)."""
    if not args:
        return UNKNOWN
    a = args[0]
    dt = dtype_kw(kwargs)
    conv = getattr(a, "lib_array", None)
    if conv is not None:
        a = conv()
        if not isinstance(a, ArrayV):
            return UNKNOWN
    if isinstance(a, ArrayV):
        return ArrayV(a.shape, dt or a.dtype, a.one_hot and type(a) is ArrayV)
    ns = nested_shape(a)
    if ns is None:
        return UNKNOWN
    return ArrayV(definite(ns[0]), dt or ns[1])


def expand_dims(args, kwargs):
    a = args[0] if args else None
    ax = args[1] if len(args) > 1 else kwargs.get("axis")
    if isinstance(a, ArrayV) and a.shape is not None:
        axes = ax if isinstance(ax, tuple) else ax.items if isinstance(ax, ListV) else (ax,)
        n = len(a.shape) + len(axes)
        if all(is_int(x) for x in axes) and axes:
            pos = sorted(x % n if -n <= x < n else -1 for x in axes)
            if -1 not in pos and len(set(pos)) == len(pos):
                rest = iter(a.shape)
                shape = tuple(1 if k in pos else next(rest) for k in range(n))
                return ArrayV(definite(shape) if 0 in pos else shape, a.dtype)
    return ArrayV(None) if isinstance(a, ArrayV) else UNKNOWN


def reshaped(args, kwargs):
    a = args[0] if args else None
    dims = shape_arg(args[1] if len(args) > 1 else kwargs.get("newshape", kwargs.get("shape")))
    return ArrayV(reshape(a, dims), a.dtype) if isinstance(a, ArrayV) else UNKNOWN


def _items(seq):
    items = seq.items if isinstance(seq, ListV) else seq if isinstance(seq, tuple) else None
    if not items or not all(isinstance(a, ArrayV) and a.shape is not None for a in items):
        return None
    return items


def _at_least(shape, n):
    """np.atleast_2d / atleast_3d."""
    if len(shape) >= n:
        return tuple(shape)
    if n == 2:
        return (1,) * (1 - len(shape)) + tuple(shape) if len(shape) == 0 else (1,) + tuple(shape)
    # atleast_3d: (N,) -> (1, N, 1); (M, N) -> (M, N, 1)
    if len(shape) == 0:
        return (1, 1, 1)
    if len(shape) == 1:
        return (1, shape[0], 1)
    return tuple(shape) + (1,)


def joined(how: str, args, kwargs):
    """concatenate (``how`` "concat"), stack, vstack, hstack, dstack, column_stack."""
    items = _items(args[0] if args else kwargs.get("arrays", kwargs.get("tup", kwargs.get("values"))))
    if items is None:
        return UNKNOWN
    shapes = [tuple(a.shape) for a in items]
    ax = args[1] if len(args) > 1 else kwargs.get("axis", 0)
    if how == "vstack":
        shapes, ax = [_at_least(s, 2) for s in shapes], 0
    elif how == "dstack":
        shapes, ax = [_at_least(s, 3) for s in shapes], 2
    elif how == "hstack":
        ax = 1 if len(shapes[0]) > 1 else 0
    elif how == "column_stack":
        shapes, ax = [s + (1,) if len(s) == 1 else s for s in shapes], 1
    if ax is None and how == "concat":  # axis=None: everything flattened
        sizes = [_size(s) for s in shapes]
        return ArrayV((sum(sizes) if None not in sizes else None,), items[0].dtype)
    if how == "stack":
        rank = len(shapes[0])
        pos = _axis(ax, rank + 1)
        if pos is None or any(len(s) != rank for s in shapes):
            return UNKNOWN
        shape = [_common([s[k] for s in shapes]) for k in range(rank)]
        shape.insert(pos, len(items))
        return ArrayV(definite(tuple(shape)), items[0].dtype)
    rank = len(shapes[0])
    ax = _axis(ax, rank)
    if ax is None or any(len(s) != rank for s in shapes):
        return UNKNOWN
    total = 0
    for s in shapes:
        d = s[ax]
        if not is_int(d):
            total = None
            break
        total += d
    shape = [_common([s[k] for s in shapes]) if k != ax else total for k in range(rank)]
    return ArrayV(definite(tuple(shape)), items[0].dtype)


def _common(dims):
    """The size of an axis every joined array must share: the known one, else the shared name."""
    for d in dims:
        if is_int(d):
            return d
    first = dims[0]
    return first if all(d == first for d in dims) else None


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
    """squeeze: every axis of size 1 (the rank is unknown when a size is), or the ones named."""
    if ax is None:
        if not all(is_int(d) for d in a.shape):
            return ArrayV(None, a.dtype)
        return ArrayV(tuple(d for d in a.shape if d != 1), a.dtype)
    axes = ax if isinstance(ax, tuple) else ax.items if isinstance(ax, ListV) else (ax,)
    norm = [_axis(x, len(a.shape)) for x in axes]
    if None in norm:
        return ArrayV(None)
    return ArrayV(tuple(d for k, d in enumerate(a.shape) if k not in norm), a.dtype)


def transposed(a: ArrayV, perm):
    """transpose: without a permutation the axes are reversed, with one they are permuted."""
    if a.shape is None:
        return ArrayV(None, a.dtype)
    if perm is None:
        return ArrayV(definite(tuple(reversed(a.shape)), 0), a.dtype)
    perm = perm.items if isinstance(perm, ListV) else perm
    rank = len(a.shape)
    if isinstance(perm, tuple) and len(perm) == rank and all(is_int(p) for p in perm):
        norm = [_axis(p, rank) for p in perm]
        if None not in norm and sorted(norm) == list(range(rank)):
            return ArrayV(definite(tuple(a.shape[p] for p in norm), 0) if norm[0] != 0 else tuple(a.shape[p] for p in norm),
                          a.dtype)
    return ArrayV(None, a.dtype)


def swapped(a: ArrayV, x, y):
    """np.swapaxes."""
    if a.shape is None:
        return ArrayV(None, a.dtype)
    rank = len(a.shape)
    x, y = _axis(x, rank), _axis(y, rank)
    if x is None or y is None:
        return ArrayV(None, a.dtype)
    perm = list(range(rank))
    perm[x], perm[y] = perm[y], perm[x]
    return transposed(a, tuple(perm))


# -- a value changed in place (the interpreter tells; engine/python/statements.py) -----------------
# The changed object is made Unknown where it changed (every name and record holding it then
# sees less, never something wrong: a statement's record keeps the object, and the statement that
# changed it may be gone at the next run); the value returned, when there is one, is what the
# name the change was made through holds from then on.


def item_assigned(base, key, value):
    """``base[key] = value``: an array keeps its shape; a library's value may change
    (``df["new"] = ...`` adds a column) and says how itself."""
    hook = getattr(base, "lib_item_assigned", None)
    return hook(key, value) if hook is not None else None


def item_deleted(base, key):
    """``del base[key]``."""
    hook = getattr(base, "lib_item_deleted", None)
    return hook(key) if hook is not None else None


def attr_assigned(obj, attr, value):
    """``obj.attr = value`` on an array: ``X.shape = (...)`` reshapes it in place."""
    hook = getattr(obj, "lib_attr_assigned", None)
    if hook is not None:
        return hook(attr, value)
    if type(obj) is ArrayV and attr == "shape":
        new = ArrayV(reshape(obj, shape_arg(value)), obj.dtype)
        obj.shape = None
        return new
    return None
