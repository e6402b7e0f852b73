"""pandas: DataFrames and Series as arrays whose rank is always known (a DataFrame is 2-D, a
Series 1-D) and whose sizes often are not (the rows of a file, its columns unless ``usecols`` or
``names`` say them).

A ``FrameV`` is an ``ArrayV`` of shape ``(rows, columns)`` with the column labels when known; a
``SeriesV`` one of shape ``(rows,)``.  Being arrays, they reach ``fit``/``predict`` and the
NumPy functions as the arrays pandas hands them (``np.array(df)``); their own items
(``df["a"]``, ``df[["a", "b"]]``), indexers (``df.iloc``, ``df.loc``), attributes
(``df.values``) and methods (``drop``, ``dropna``, ...) are here.  Rows are ``None`` unless
known; an unknown column count is a RunDim (a definite size, see arrays.py).

A DataFrame changed in place (``df["new"] = ...``, ``inplace=True``, ``insert``, ``pop``,
``del df["a"]``) becomes Unknown-sized where it is held (its rank stays), and the name the change
was made through gets the new frame: the one object may be held by other names, or by the record
of a statement that made it, which must not see a later change as its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...results import format_shape
from ..values import UNKNOWN, ArrayV, DictV, LibValue, ListV, Sym, _Slice, is_int
from . import arrays
from .arrays import fresh, nested_shape
from .registry import TYPED, attribute, function, method

# -- values ------------------------------------------------------------------------------------


def _label(v) -> bool:
    return isinstance(v, (str, int, float)) and not isinstance(v, bool)


def _sequence(v) -> Optional[tuple]:
    """The items of a list, a tuple or a ``range(...)`` of known bounds, or None."""
    if isinstance(v, ListV):
        return v.items
    if isinstance(v, tuple):
        return v
    if type(v).__name__ == "_Range":  # range(1, 5): engine/python/builtins.py
        vals = v.values()
        return tuple(vals) if vals is not None else None
    return None


def _labels_of(v) -> Optional[tuple]:
    """A literal list/tuple (or range) of column labels, or None."""
    items = _sequence(v)
    if items is None or not all(_label(x) for x in items):
        return None
    return tuple(items)


def _count(v) -> Optional[int]:
    items = _sequence(v)
    return len(items) if items is not None else None


def _rows(v):
    return v.shape[0] if isinstance(v, ArrayV) and v.shape else None


@dataclass(eq=False)
class FrameV(ArrayV):
    """A pandas DataFrame: shape (rows, columns); ``labels`` the column labels when known."""

    labels: Optional[tuple] = None
    numpy_methods = False  # DataFrame methods are pandas' (sum over rows by default, ...)
    pandas_kind = "DataFrame"

    @property
    def cols(self):
        return self.shape[1]

    # items: df["a"], df[["a", "b"]], df[1:5], df[mask]
    def lib_index(self, idx):
        if len(idx) != 1:
            return UNKNOWN
        k = idx[0]
        rows = self.shape[0]
        if _label(k):
            if self.labels is not None and k not in self.labels:
                return UNKNOWN  # KeyError
            return series(rows, self.dtype)
        picked = _labels_of(k)
        if picked is not None and picked:
            if self.labels is not None and any(x not in self.labels for x in picked):
                return UNKNOWN  # KeyError
            return frame(rows, labels=picked, dtype=self.dtype)
        if isinstance(k, ColumnsV):
            return frame(rows, k.count, labels=k.labels, dtype=self.dtype)
        if isinstance(k, _Slice):  # rows, by position or label
            sl = k.to_slice()
            full = sl is not None and sl == slice(None, None, None)
            return self.like(rows if full else None)
        if isinstance(k, ArrayV) and k.dtype == "bool":
            return self.like(None)
        return UNKNOWN

    def like(self, rows, cols=None, labels=None):
        """This frame's columns (or those given) with these rows."""
        if cols is None and labels is None:
            cols, labels = self.cols, self.labels
        return frame(rows, cols, labels=labels, dtype=self.dtype)

    def poison(self) -> None:
        """Changed in place: sizes Unknown wherever this object is held."""
        self.shape = (None, fresh("n_columns"))
        self.labels = None

    def lib_item_assigned(self, key, value):
        """``df[key] = value``: an existing column keeps the shape, a new one adds a column."""
        if isinstance(key, ArrayV):  # df[mask] = 0
            return None
        if _label(key):
            if self.labels is not None and key in self.labels:
                return None
            new = self.like(self.shape[0], labels=self.labels + (key,)) if self.labels is not None else None
        else:
            picked = _labels_of(key)
            if picked is not None and self.labels is not None:
                if all(x in self.labels for x in picked):
                    return None
                more = tuple(dict.fromkeys(x for x in picked if x not in self.labels))
                new = self.like(self.shape[0], labels=self.labels + more)
            else:
                new = None
        rows = self.shape[0]
        self.poison()
        return new if new is not None else frame(rows, dtype=self.dtype)

    def lib_item_deleted(self, key):
        rows, labels = self.shape[0], self.labels
        self.poison()
        if _label(key) and labels is not None and key in labels:
            return frame(rows, labels=tuple(x for x in labels if x != key), dtype=self.dtype)
        return frame(rows, dtype=self.dtype)

    def lib_attr_assigned(self, attr, value):
        """``df.columns = [...]`` renames (the count must match, or pandas raises); any other
        attribute set on a DataFrame (``df.x = ...``) is not a column (pandas warns)."""
        if attr != "columns":
            return None
        labels = _labels_of(value)
        self.labels = None  # held elsewhere: the old labels are gone, the shape stays
        if labels is not None and is_int(self.cols) and len(labels) == self.cols:
            return self.like(self.shape[0], labels=labels)
        return None

    def lib_binop(self, left, right, op):
        return _binop(left, right)


@dataclass(eq=False)
class SeriesV(ArrayV):
    """A pandas Series: shape (rows,)."""

    numpy_methods = False
    pandas_kind = "Series"

    def lib_index(self, idx):
        if len(idx) != 1:
            return UNKNOWN
        k = idx[0]
        if isinstance(k, _Slice):
            sl = k.to_slice()
            full = sl is not None and sl == slice(None, None, None)
            return series(self.shape[0] if full else None, self.dtype)
        if isinstance(k, ArrayV) and k.dtype == "bool":
            return series(None, self.dtype)
        n = _count(k)
        if n is not None:
            return series(n, self.dtype)
        return UNKNOWN  # a label: one value

    def poison(self) -> None:
        self.shape = (None,)

    def lib_item_assigned(self, key, value):
        if isinstance(key, ArrayV):
            return None
        self.poison()  # s[new_label] = v adds a row
        return None

    def lib_item_deleted(self, key):
        self.poison()
        return None

    def lib_attr_assigned(self, attr, value):
        return None

    def lib_binop(self, left, right, op):
        return _binop(left, right)


def frame(rows=None, cols=None, labels=None, dtype=None) -> FrameV:
    if labels is not None:
        cols = len(labels)
    if cols is None:
        cols = fresh("n_columns")
    return FrameV((rows if is_int(rows) else None, cols), dtype, labels=labels)


def series(rows=None, dtype=None) -> SeriesV:
    return SeriesV((rows if is_int(rows) else None,), dtype)


def _binop(left, right):
    """Arithmetic with a DataFrame or Series: pandas aligns labels, so two different frames (or a
    frame and a Series) may make the union of their labels; a scalar or an array broadcasts."""
    pd_side = left if isinstance(left, (FrameV, SeriesV)) else right
    other = right if pd_side is left else left
    scalar = isinstance(other, (int, float)) and not isinstance(other, bool)
    if scalar or other is pd_side:
        return _same(pd_side)
    if isinstance(other, (FrameV, SeriesV)):
        if isinstance(pd_side, SeriesV) and isinstance(other, SeriesV):
            return series(None, pd_side.dtype)
        if isinstance(pd_side, FrameV) and isinstance(other, FrameV) and pd_side.labels is not None \
                and other.labels is not None and set(pd_side.labels) == set(other.labels):
            return frame(None, labels=pd_side.labels, dtype=pd_side.dtype)
        return frame(None, dtype=pd_side.dtype)
    if isinstance(other, ArrayV) and other.shape is not None and pd_side.shape is not None:
        out = arrays.broadcast(tuple(pd_side.shape), tuple(other.shape))
        if out is not None and len(out) == len(pd_side.shape):
            return _same(pd_side)
    return UNKNOWN


def _same(v):
    if isinstance(v, FrameV):
        return v.like(v.shape[0])
    return series(v.shape[0], v.dtype)


@dataclass(eq=False)
class ColumnsV(LibValue):
    """``df.columns`` when the labels are not known: only how many."""

    count: object
    labels: Optional[tuple] = None

    def lib_index(self, idx):
        if len(idx) != 1:
            return UNKNOWN
        k = idx[0]
        if isinstance(k, _Slice):
            sl = k.to_slice()
            if sl is not None and is_int(self.count):
                return ColumnsV(len(range(*sl.indices(self.count))))
            return ColumnsV(fresh("n_columns"))
        n = _count(k)
        return ColumnsV(n) if n is not None else UNKNOWN


def _columns(f: FrameV):
    return ListV(f.labels) if f.labels is not None else ColumnsV(f.cols)


@dataclass(eq=False)
class IndexerV(LibValue):
    """``df.iloc`` / ``df.loc`` / ``df.at`` / ``df.iat`` (and a Series')."""

    of: ArrayV
    kind: str

    def lib_index(self, idx):
        if self.kind in ("at", "iat"):
            return UNKNOWN
        src = self.of
        if isinstance(src, SeriesV):
            return _series_indexer(src, self.kind, idx)
        if len(idx) == 1:
            idx = [idx[0], _Slice(None, None, None)]
        if len(idx) != 2:
            return UNKNOWN
        r, c = idx
        if self.kind == "iloc":
            rows, row_dropped = _positional(src.shape[0], r)
            cols, col_dropped, labels = _positional_cols(src, c)
        else:
            rows, row_dropped = _by_label_rows(src.shape[0], r)
            cols, col_dropped, labels = _by_label_cols(src, c)
        if rows is UNKNOWN or cols is UNKNOWN:
            return UNKNOWN
        if row_dropped and col_dropped:
            return UNKNOWN  # one value
        if row_dropped:
            return SeriesV((cols,), src.dtype)
        if col_dropped:
            return series(rows, src.dtype)
        return frame(rows, cols, labels=labels, dtype=src.dtype)

    def lib_item_assigned(self, key, value):
        if self.kind in ("loc", "at"):  # may add rows or columns
            self.of.poison()
        return None

    def lib_item_deleted(self, key):
        return None


def _positional(n, k):
    """(size, axis dropped) of a positional key on an axis of size n (UNKNOWN: not followed)."""
    if is_int(k) or isinstance(k, Sym):
        return None, True
    if isinstance(k, _Slice):
        sl = k.to_slice()
        if sl is None:
            return None, False
        if is_int(n):
            return len(range(*sl.indices(n))), False
        return (n if sl == slice(None, None, None) else None), False
    items = _sequence(k)
    if items is not None and all(is_int(x) for x in items):
        return len(items), False
    if items and all(isinstance(x, bool) for x in items):
        return sum(items), False  # a mask as long as the axis (pandas raises on another length)
    if isinstance(k, ArrayV) and k.shape is not None and len(k.shape) == 1:
        return (None if k.dtype == "bool" else k.shape[0]), False
    return UNKNOWN, False


def _positional_cols(src: FrameV, k):
    n = src.cols
    size, dropped = _positional(n, k)
    if size is UNKNOWN or dropped:
        return size, dropped, None
    labels = None
    if src.labels is not None:
        if isinstance(k, _Slice) and k.to_slice() is not None:
            labels = src.labels[k.to_slice()]
        elif _sequence(k) is not None and all(is_int(x) for x in _sequence(k)):
            items = _sequence(k)
            if all(-len(src.labels) <= x < len(src.labels) for x in items):
                labels = tuple(src.labels[x] for x in items)
        elif _sequence(k) and all(isinstance(x, bool) for x in _sequence(k)) and len(_sequence(k)) == len(src.labels):
            labels = tuple(lb for lb, keep in zip(src.labels, _sequence(k)) if keep)
    if labels is not None:
        return len(labels), False, labels
    if size is None:
        sl = k.to_slice() if isinstance(k, _Slice) else None
        size = n if sl == slice(None, None, None) else fresh(f"{n}[{arrays._slice_text(sl)}]" if sl is not None
                                                           and isinstance(n, str) else "n_columns")
    return size, False, None


def _by_label_rows(n, k):
    if isinstance(k, _Slice):
        full = k.lo is None and k.hi is None and k.step is None
        return (n if full else None), False
    if isinstance(k, ArrayV) and k.dtype == "bool":
        return None, False
    if _count(k) is not None:
        return None, False
    return UNKNOWN, False  # a label: a row, or several if the index repeats it


def _by_label_cols(src: FrameV, k):
    labels = src.labels
    if _label(k):
        if labels is not None and k not in labels:
            return UNKNOWN, False, None
        return None, True, None
    picked = _labels_of(k)
    if picked is not None:
        if labels is not None and any(x not in labels for x in picked):
            return UNKNOWN, False, None
        return len(picked), False, picked
    if isinstance(k, _Slice):
        if k.lo is None and k.hi is None and k.step is None:
            return src.cols, False, labels
        if labels is not None and k.step is None and (k.lo is None or k.lo in labels) and (k.hi is None or k.hi in labels):
            a = 0 if k.lo is None else labels.index(k.lo)
            b = len(labels) if k.hi is None else labels.index(k.hi) + 1  # label slices include the end
            return len(labels[a:b]), False, labels[a:b]
        return fresh("n_columns"), False, None
    if isinstance(k, ArrayV) and k.dtype == "bool":
        return fresh("n_columns"), False, None
    return UNKNOWN, False, None


def _series_indexer(src: SeriesV, kind, idx):
    if len(idx) != 1:
        return UNKNOWN
    k = idx[0]
    if kind == "iloc":
        size, dropped = _positional(src.shape[0], k)
        if size is UNKNOWN or dropped:
            return UNKNOWN
        return series(size, src.dtype)
    size, _ = _by_label_rows(src.shape[0], k)
    return UNKNOWN if size is UNKNOWN else series(size, src.dtype)


@dataclass(eq=False)
class RollingV(LibValue):
    """``df.rolling(w)`` / ``expanding()`` / ``ewm(...)``: its aggregations keep the shape."""

    of: ArrayV


@dataclass(eq=False)
class GroupByV(LibValue):
    """``df.groupby(...)``: aggregations give a DataFrame (or a Series from a Series) of unknown rows."""

    of: ArrayV


# -- attributes --------------------------------------------------------------------------------


@attribute("values", on=FrameV)
@attribute("values", on=SeriesV)
def _values(v):
    return ArrayV(tuple(v.shape), v.dtype)


for _kind in ("iloc", "loc", "at", "iat"):
    attribute(_kind, on=FrameV)(lambda v, kind=_kind: IndexerV(v, kind))
    attribute(_kind, on=SeriesV)(lambda v, kind=_kind: IndexerV(v, kind))


@attribute("columns", on=FrameV)
def _columns_attr(v):
    return _columns(v)


@attribute("T", on=FrameV)
def _t(v):
    rows, cols = v.shape
    return FrameV((cols, rows if is_int(rows) else fresh("n_rows")), v.dtype)


@attribute("T", on=SeriesV)
def _t_series(v):
    return _same(v)


@attribute("dtypes", on=FrameV)
def _dtypes(v):
    return SeriesV((v.cols,))


for _name in ("index", "dtype", "name", "str", "dt", "cat", "empty", "axes", "plot", "style", "attrs", "flags",
              "array", "hasnans", "is_unique"):
    attribute(_name, on=FrameV)(lambda v: UNKNOWN)
    attribute(_name, on=SeriesV)(lambda v: UNKNOWN)


_ARRAY_ATTRIBUTES = {"shape", "ndim", "size", "dtype"}


@attribute("*", on=FrameV)
def _column_attribute(v, name):
    """``df.Close``: a column.  When the labels are not known, any name that is not one of the
    DataFrame's own (registered here, or an array's) is taken for a column: a method not
    modelled here then becomes a Series that calling makes Unknown, as it would have been."""
    if name.startswith("_") or name in _ARRAY_ATTRIBUTES or (FrameV, name) in TYPED:
        return None
    if v.labels is not None:
        return series(v.shape[0], v.dtype) if name in v.labels else None
    return series(v.shape[0], v.dtype)


# -- methods -----------------------------------------------------------------------------------


def _inplace(obj, kwargs, ctx, new):
    """A method that returns ``new`` unless ``inplace=True``: then the object changes (Unknown
    where held, the receiver rebound to ``new``) and the call returns None."""
    if kwargs.get("inplace") is True:
        if new is UNKNOWN or not _same_shape(obj, new):
            obj.poison()
        elif getattr(obj, "labels", None) != getattr(new, "labels", None):
            obj.labels = None  # renamed: the old labels are gone wherever the object is held
        ctx.rebind(new)
        return None
    if "inplace" in kwargs and kwargs["inplace"] is not False:
        obj.poison()  # inplace=<unknown>: may have changed
        ctx.rebind(UNKNOWN)
        return UNKNOWN
    return new


def _same_shape(a, b) -> bool:
    return isinstance(b, ArrayV) and type(a) is type(b) and a.shape == b.shape


_KEEP = ("fillna", "ffill", "bfill", "backfill", "pad", "interpolate", "replace", "clip", "round", "abs", "shift",
         "diff", "pct_change", "cumsum", "cumprod", "cummax", "cummin", "rank", "sort_values", "sort_index",
         "rename_axis", "astype", "copy", "infer_objects", "convert_dtypes", "mask", "where", "map",
         "applymap", "isna", "isnull", "notna", "notnull", "reindex_like", "tz_localize", "tz_convert")


def _keep(obj, args, kwargs, ctx):
    return _inplace(obj, kwargs, ctx, _same(obj))


for _name in _KEEP:
    method(_name, on=FrameV, ctx=True)(_keep)
    method(_name, on=SeriesV, ctx=True)(_keep)


def _relabel(obj, args, kwargs, ctx):
    """rename / set_axis / add_prefix / add_suffix: the same shape, column labels not followed."""
    if isinstance(obj, FrameV):
        return _inplace(obj, kwargs, ctx, obj.like(obj.shape[0], obj.cols))
    return _inplace(obj, kwargs, ctx, _same(obj))


for _name in ("rename", "set_axis", "add_prefix", "add_suffix"):
    method(_name, on=FrameV, ctx=True)(_relabel)
    method(_name, on=SeriesV, ctx=True)(_relabel)


def _fewer_rows(obj, args, kwargs, ctx):
    """dropna, drop_duplicates, query, sample(frac=...): rows Unknown."""
    if isinstance(obj, FrameV):
        axis = kwargs.get("axis", 0)
        if axis in (1, "columns"):
            return _inplace(obj, kwargs, ctx, obj.like(obj.shape[0], fresh("n_columns")))
        if axis not in (0, "index"):
            return _inplace(obj, kwargs, ctx, frame(None, dtype=obj.dtype))
        return _inplace(obj, kwargs, ctx, obj.like(None))
    return _inplace(obj, kwargs, ctx, series(None, obj.dtype))


for _name in ("dropna", "drop_duplicates", "query", "truncate", "between_time", "at_time"):
    method(_name, on=FrameV, ctx=True)(_fewer_rows)
    method(_name, on=SeriesV, ctx=True)(_fewer_rows)


@method("head", "tail", on=FrameV)
@method("head", "tail", on=SeriesV)
def _head(obj, args, kwargs):
    n = args[0] if args else kwargs.get("n", 5)
    rows = obj.shape[0]
    size = min(n, rows) if is_int(n) and is_int(rows) and n >= 0 else None
    return obj.like(size) if isinstance(obj, FrameV) else series(size, obj.dtype)


@method("sample", on=FrameV)
@method("sample", on=SeriesV)
def _sample(obj, args, kwargs):
    n = args[0] if args else kwargs.get("n")
    size = n if is_int(n) and "frac" not in kwargs else None
    return obj.like(size) if isinstance(obj, FrameV) else series(size, obj.dtype)


@method("to_numpy", on=FrameV)
@method("to_numpy", on=SeriesV)
def _to_numpy(obj, args, kwargs):
    return ArrayV(tuple(obj.shape), arrays.dtype_kw(kwargs) or obj.dtype)


@method("to_frame", on=SeriesV)
def _to_frame(obj, args, kwargs):
    return frame(obj.shape[0], 1, dtype=obj.dtype)


@method("tolist", "to_list", "to_dict", "to_csv", "to_excel", "to_json", "to_parquet", "info", "describe", "plot",
        "hist", "iterrows", "itertuples", "items", "apply", "agg", "aggregate", "transform", "pipe", "value_counts",
        "nunique", "unique", "corr", "cov", "merge", "join", "pivot", "pivot_table", "melt", "stack", "unstack",
        "explode", "squeeze", "to_string", "memory_usage", "equals", "idxmax", "idxmin", "argmax", "argmin",
        "nlargest", "nsmallest", on=FrameV)
def _unknown(obj, args, kwargs):
    return UNKNOWN


@method("unique", on=SeriesV)
def _unique(obj, args, kwargs):
    return ArrayV((None,), obj.dtype)


@method("value_counts", on=SeriesV)
def _value_counts(obj, args, kwargs):
    return series(None, "int")


@method("apply", "agg", "aggregate", "transform", "explode", "tolist", "to_list", "to_dict", "item", "to_csv",
        "squeeze", "idxmax", "idxmin", "argmax", "argmin", "nunique", "describe", "plot", "hist", "equals", on=SeriesV)
def _unknown_series(obj, args, kwargs):
    return UNKNOWN


def _reduce(obj, args, kwargs):
    """mean/sum/...: a DataFrame reduces its rows (axis 0, one value per column) or its columns
    (axis=1, one per row); a Series reduces to one value."""
    if isinstance(obj, SeriesV):
        return UNKNOWN
    axis = args[0] if args else kwargs.get("axis", 0)
    if axis in (0, "index"):
        return SeriesV((obj.cols,), None)
    if axis in (1, "columns"):
        return series(obj.shape[0], None)
    return UNKNOWN


for _name in ("mean", "sum", "std", "var", "min", "max", "median", "prod", "count", "sem", "skew", "kurt", "any",
              "all"):
    method(_name, on=FrameV)(_reduce)
    method(_name, on=SeriesV)(_reduce)


@method("drop", on=FrameV, ctx=True)
def _drop(obj, args, kwargs, ctx):
    """drop(columns=[...]) / drop([...], axis=1) removes columns; drop(index=...) / drop([...])
    removes rows."""
    labels = args[0] if args else kwargs.get("labels")
    axis = args[1] if len(args) > 1 else kwargs.get("axis", 0)
    cols_key = kwargs.get("columns")
    rows_key = kwargs.get("index")
    if cols_key is None and labels is not None and axis in (1, "columns"):
        cols_key = labels
    elif labels is not None and axis not in (0, "index", 1, "columns"):
        return _inplace(obj, kwargs, ctx, frame(None, dtype=obj.dtype))
    elif labels is not None and rows_key is None:
        rows_key = labels
    rows = obj.shape[0] if rows_key is None else None
    if cols_key is None:
        return _inplace(obj, kwargs, ctx, obj.like(rows))
    gone = (cols_key,) if _label(cols_key) else _labels_of(cols_key)
    if gone is not None and obj.labels is not None and kwargs.get("errors", "raise") == "raise":
        if any(x not in obj.labels for x in gone):
            return UNKNOWN  # KeyError
        return _inplace(obj, kwargs, ctx, obj.like(rows, labels=tuple(x for x in obj.labels if x not in gone)))
    if gone is not None and is_int(obj.cols) and obj.labels is None and kwargs.get("errors", "raise") == "raise":
        return _inplace(obj, kwargs, ctx, obj.like(rows, obj.cols - len(set(gone))))
    return _inplace(obj, kwargs, ctx, obj.like(rows, fresh("n_columns")))


@method("drop", on=SeriesV, ctx=True)
def _drop_series(obj, args, kwargs, ctx):
    return _inplace(obj, kwargs, ctx, series(None, obj.dtype))


@method("set_index", on=FrameV, ctx=True)
def _set_index(obj, args, kwargs, ctx):
    keys = args[0] if args else kwargs.get("keys")
    drop = kwargs.get("drop", True)
    append_ = kwargs.get("append", False)
    keys = (keys,) if _label(keys) else _labels_of(keys)
    if drop is False or keys is None or append_ not in (True, False):
        new = obj.like(obj.shape[0], fresh("n_columns")) if drop is not False else obj.like(obj.shape[0])
        return _inplace(obj, kwargs, ctx, new)
    if obj.labels is not None:
        if any(x not in obj.labels for x in keys):
            return UNKNOWN
        return _inplace(obj, kwargs, ctx, obj.like(obj.shape[0], labels=tuple(x for x in obj.labels if x not in keys)))
    if is_int(obj.cols):
        return _inplace(obj, kwargs, ctx, obj.like(obj.shape[0], obj.cols - len(set(keys))))
    return _inplace(obj, kwargs, ctx, obj.like(obj.shape[0], fresh("n_columns")))


@method("reset_index", on=FrameV, ctx=True)
def _reset_index(obj, args, kwargs, ctx):
    if kwargs.get("drop") is True:
        return _inplace(obj, kwargs, ctx, obj.like(obj.shape[0]))
    return _inplace(obj, kwargs, ctx, obj.like(obj.shape[0], fresh("n_columns")))  # the index's levels come back


@method("reset_index", on=SeriesV, ctx=True)
def _reset_index_series(obj, args, kwargs, ctx):
    if kwargs.get("drop") is True:
        return _inplace(obj, kwargs, ctx, series(obj.shape[0], obj.dtype))
    return _inplace(obj, kwargs, ctx, frame(obj.shape[0], dtype=obj.dtype))


@method("insert", on=FrameV, ctx=True)
def _insert(obj, args, kwargs, ctx):
    """insert(loc, column, value): always in place, one more column."""
    col = args[1] if len(args) > 1 else kwargs.get("column")
    rows, labels, cols = obj.shape[0], obj.labels, obj.cols
    obj.poison()
    if labels is not None and _label(col) and col not in labels:
        ctx.rebind(frame(rows, labels=labels + (col,), dtype=obj.dtype))
    elif is_int(cols):
        ctx.rebind(frame(rows, cols + 1, dtype=obj.dtype))
    else:
        ctx.rebind(frame(rows, dtype=obj.dtype))
    return None


@method("pop", on=FrameV, ctx=True)
def _pop(obj, args, kwargs, ctx):
    col = args[0] if args else kwargs.get("item")
    rows, labels = obj.shape[0], obj.labels
    obj.poison()
    if labels is not None and _label(col) and col in labels:
        ctx.rebind(frame(rows, labels=tuple(x for x in labels if x != col), dtype=obj.dtype))
    else:
        ctx.rebind(frame(rows, dtype=obj.dtype))
    return series(rows, obj.dtype)


@method("assign", on=FrameV)
def _assign(obj, args, kwargs):
    if obj.labels is None:
        return obj.like(obj.shape[0], fresh("n_columns"))
    more = tuple(k for k in kwargs if k not in obj.labels)
    return obj.like(obj.shape[0], labels=obj.labels + more)


@method("filter", "select_dtypes", "reindex", on=FrameV)
def _some_columns(obj, args, kwargs):
    if obj.labels is not None and not args and set(kwargs) <= {"axis"}:
        return obj.like(obj.shape[0])
    return obj.like(obj.shape[0] if "index" not in kwargs else None, fresh("n_columns"))


@method("transpose", on=FrameV)
def _transpose(obj, args, kwargs):
    return _t(obj)


@method("rolling", "expanding", "ewm", on=FrameV)
@method("rolling", "expanding", "ewm", on=SeriesV)
def _rolling(obj, args, kwargs):
    return RollingV(obj)


@method("mean", "sum", "std", "var", "min", "max", "median", "count", "apply", "quantile", "sem", on=RollingV)
def _rolling_agg(obj, args, kwargs):
    return _same(obj.of)


@method("groupby", on=FrameV)
@method("groupby", on=SeriesV)
def _groupby(obj, args, kwargs):
    return GroupByV(obj)


@method("items", "iterrows", on=FrameV)
def _iterate(obj, args, kwargs):
    return UNKNOWN


# -- functions ---------------------------------------------------------------------------------


def _reader_columns(kwargs, usecols_key="usecols", names=True):
    """The column count a reader's literal ``usecols`` / ``names`` / ``index_col`` give, or None."""
    use = kwargs.get(usecols_key)
    cols = labels = None
    if use is not None:
        picked = _labels_of(use)
        if picked is None or not picked:
            return None, None
        uniq = tuple(dict.fromkeys(picked))
        cols = len(uniq)
        labels = uniq if all(isinstance(x, str) for x in uniq) else None
        if names and kwargs.get("names") is not None:
            labels = None  # names relabel the columns kept
    elif names and kwargs.get("names") is not None:
        picked = _labels_of(kwargs["names"])
        if picked is None or not picked:
            return None, None
        cols, labels = len(picked), picked
    if cols is None:
        return None, None
    if "index_col" in kwargs:
        ic = kwargs["index_col"]
        if ic is None or ic is False:
            pass
        elif _label(ic):
            if labels is not None and ic in labels:
                labels = tuple(x for x in labels if x != ic)
            else:
                labels = None
            cols -= 1
        elif _labels_of(ic) is not None:
            cols -= len(_labels_of(ic))
            labels = None
        else:
            return None, None
    if cols < 0:
        return None, None
    return cols, labels


def _parse_dates_combines(kwargs) -> bool:
    pdates = kwargs.get("parse_dates")
    if isinstance(pdates, DictV):
        return True
    if isinstance(pdates, ListV):
        return any(isinstance(x, (ListV, tuple)) for x in pdates.items)
    return False


@function("pandas.read_csv", "pandas.read_table", "pandas.read_fwf")
def _read_csv(args, kwargs):
    if kwargs.get("iterator") not in (None, False) or kwargs.get("chunksize") is not None or "squeeze" in kwargs:
        return UNKNOWN
    if _parse_dates_combines(kwargs):
        return frame(None)
    cols, labels = _reader_columns(kwargs)
    return frame(None, cols, labels=labels)


@function("pandas.read_excel")
def _read_excel(args, kwargs):
    sheet = args[1] if len(args) > 1 else kwargs.get("sheet_name", 0)
    if not (is_int(sheet) or isinstance(sheet, str)):
        return UNKNOWN  # None or a list: a dict of DataFrames
    if isinstance(kwargs.get("usecols"), str):
        return frame(None)  # "A:C"
    cols, labels = _reader_columns(kwargs)
    return frame(None, cols, labels=labels)


@function("pandas.read_parquet", "pandas.read_feather", "pandas.read_orc")
def _read_parquet(args, kwargs):
    cols, labels = _reader_columns(kwargs, "columns", names=False)
    return frame(None, cols, labels=labels)


@function("pandas.read_json")
def _read_json(args, kwargs):
    typ = kwargs.get("typ", "frame")
    if typ == "series":
        return series(None)
    if typ != "frame" or kwargs.get("chunksize") is not None:
        return UNKNOWN
    return frame(None)


@function("pandas.read_sql", "pandas.read_sql_query", "pandas.read_sql_table", "pandas.read_stata", "pandas.read_sas",
          "pandas.read_spss", "pandas.read_xml")
def _read_other(args, kwargs):
    if kwargs.get("chunksize") is not None or kwargs.get("iterator") not in (None, False):
        return UNKNOWN
    return frame(None)


@function("pandas.DataFrame", ctx=True)
def _dataframe(args, kwargs, ctx):
    data = args[0] if args else kwargs.get("data")
    columns = args[2] if len(args) > 2 else kwargs.get("columns")
    index = args[1] if len(args) > 1 else kwargs.get("index")
    col_labels = _labels_of(columns) if columns is not None else None
    n_index = _count(index) if index is not None else None
    if isinstance(index, ArrayV) and index.shape is not None and len(index.shape) == 1:
        n_index = index.shape[0] if is_int(index.shape[0]) else None
    want_cols = len(col_labels) if col_labels is not None else _count(columns) if columns is not None else None

    def made(rows, cols, labels=None):
        if col_labels is not None:
            labels, cols = col_labels, len(col_labels)
        elif columns is not None:  # as many as given, however many that is
            cols, labels = want_cols, None
        if index is not None:
            rows = n_index
        return frame(rows, cols, labels=labels, dtype=getattr(data, "dtype", None) if isinstance(data, ArrayV) else None)

    if data is None:
        return made(0, 0)
    if isinstance(data, FrameV):
        return made(data.shape[0], data.cols, data.labels)
    if isinstance(data, SeriesV):
        return made(data.shape[0], 1) if columns is None else frame(data.shape[0], None)
    if isinstance(data, ArrayV):
        if data.shape is None:
            return made(None, None)
        rank = len(data.shape)
        if rank > 2:
            ctx.error("SL209", f"pd.DataFrame gets {rank}-D data {arrays_fmt(data.shape)}; pandas raises 'Must pass "
                      f"2-d input'. A DataFrame holds a table: reshape the data to 2-D first (e.g. "
                      f"x.reshape(x.shape[0], -1)), or keep one feature (x[:, :, 0]).")
            return UNKNOWN
        shape = data.shape if rank == 2 else (data.shape[0], 1) if rank == 1 else None
        if shape is None:
            return UNKNOWN
        if want_cols is not None and is_int(shape[1]) and want_cols != shape[1]:
            ctx.error("SL209", f"pd.DataFrame gets data with {shape[1]} column{'s' if shape[1] != 1 else ''} "
                      f"{arrays_fmt(data.shape)} but {want_cols} column name{'s' if want_cols != 1 else ''}; pandas "
                      f"raises 'Shape of passed values is ({_d(shape[0])}, {shape[1]}), indices imply "
                      f"({_d(shape[0])}, {want_cols})'. Give one name per column.", arg="columns" if "columns" in kwargs else 2)
            return UNKNOWN
        return made(shape[0], shape[1], tuple(range(shape[1])) if is_int(shape[1]) else None)
    if isinstance(data, DictV):
        keys = tuple(data.keys())
        if not all(_label(k) for k in keys):
            return made(None, len(keys))
        rows = _dict_rows(data.values())
        return made(rows, len(keys), keys)
    if isinstance(data, ListV):
        ns = nested_shape(data)
        if ns is not None and len(ns[0]) == 2:
            return made(ns[0][0], ns[0][1], tuple(range(ns[0][1])) if is_int(ns[0][1]) else None)
        if ns is not None and len(ns[0]) == 1:
            return made(ns[0][0], 1, (0,))
        return made(len(data.items), None)
    return made(None, None)


def _d(d):
    return d if is_int(d) else "n"


def arrays_fmt(shape) -> str:
    return format_shape(tuple(shape))


def _dict_rows(values):
    """The common length of a dict's columns (lists, 1-D arrays), or None."""
    n = None
    for v in values:
        if isinstance(v, ListV):
            k = len(v.items)
        elif isinstance(v, ArrayV) and type(v) is ArrayV and v.shape is not None and len(v.shape) == 1 and is_int(v.shape[0]):
            k = v.shape[0]
        else:
            return None
        if n is not None and k != n:
            return None
        n = k
    return n


@function("pandas.Series")
def _series(args, kwargs):
    data = args[0] if args else kwargs.get("data")
    index = args[1] if len(args) > 1 else kwargs.get("index")
    n_index = _count(index) if index is not None else None
    if isinstance(data, ListV):
        return series(len(data.items))
    if isinstance(data, SeriesV):
        return series(data.shape[0], data.dtype)
    if isinstance(data, ArrayV) and data.shape is not None and len(data.shape) == 1:
        return series(data.shape[0], data.dtype)
    if isinstance(data, DictV):
        return series(len(data.items))
    if _label(data) and n_index is not None:
        return series(n_index)
    return series(None)


@function("pandas.concat")
def _concat(args, kwargs):
    objs = args[0] if args else kwargs.get("objs")
    items = objs.items if isinstance(objs, ListV) else objs if isinstance(objs, tuple) else None
    if not items or not all(isinstance(x, (FrameV, SeriesV)) for x in items):
        return UNKNOWN
    axis = kwargs.get("axis", 0)
    if axis in (0, "index"):
        rows = [x.shape[0] for x in items]
        total = sum(rows) if all(is_int(r) for r in rows) else None
        if all(isinstance(x, SeriesV) for x in items):
            return series(total)
        if not all(isinstance(x, FrameV) for x in items):
            return frame(total)
        labels = [x.labels for x in items]
        if all(lb is not None for lb in labels) and kwargs.get("join", "outer") == "outer":
            union = tuple(dict.fromkeys(lb for ls in labels for lb in ls))
            return frame(total, labels=union)
        return frame(total)
    if axis in (1, "columns"):
        counts = [1 if isinstance(x, SeriesV) else x.cols for x in items]
        total = sum(counts) if all(is_int(c) for c in counts) else None
        return frame(None, total)
    return UNKNOWN


@function("pandas.get_dummies")
def _get_dummies(args, kwargs):
    data = args[0] if args else kwargs.get("data")
    rows = data.shape[0] if isinstance(data, ArrayV) and data.shape else None
    return frame(rows, fresh("n_dummies"))


@function("pandas.to_datetime", "pandas.to_numeric", "pandas.to_timedelta")
def _convert(args, kwargs):
    data = args[0] if args else kwargs.get("arg")
    if isinstance(data, SeriesV):
        return series(data.shape[0])
    if isinstance(data, ArrayV) and type(data) is ArrayV and data.shape is not None and len(data.shape) == 1:
        return ArrayV(tuple(data.shape))
    return UNKNOWN


@function("pandas.merge")
def _merge(args, kwargs):
    return frame(None)
