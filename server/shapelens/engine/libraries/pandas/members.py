"""The attributes (``df.values``, ``df.shape``, ``df.T``, ...) and methods (``drop``, ``dropna``,
``head``, ``to_numpy``, ...) of pandas' DataFrames and Series, and of their rolling and groupby
objects."""

from __future__ import annotations

from ...values import UNKNOWN, ArrayV, is_int
from .. import arrays
from ..arrays import fresh
from ..registry import TYPED, attribute, method
from .values import (
    FrameV,
    GroupByV,
    IndexerV,
    RollingV,
    SeriesV,
    _columns,
    _label,
    _labels_of,
    _same,
    frame,
    series,
)

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
