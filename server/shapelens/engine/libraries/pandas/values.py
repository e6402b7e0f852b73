"""pandas' values: ``FrameV`` (a DataFrame: an array of shape ``(rows, columns)`` with its column
labels when known), ``SeriesV`` (shape ``(rows,)``), the columns of a frame, the ``iloc``/``loc``
indexers and what they select, and the rolling and groupby objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...values import UNKNOWN, ArrayV, LibValue, ListV, Sym, _Slice, is_int
from .. import arrays
from ..arrays import fresh


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
