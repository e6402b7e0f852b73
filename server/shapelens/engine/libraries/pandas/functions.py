"""pandas' own functions: the readers (``read_csv``, ``read_excel``, ``read_parquet``,
``read_json``, ...), the constructors ``pd.DataFrame`` and ``pd.Series``, ``concat``,
``get_dummies``, ``to_numeric``/``to_datetime`` and ``merge``."""

from __future__ import annotations

from ....results import format_shape
from ...values import UNKNOWN, ArrayV, DictV, ListV, is_int
from ..arrays import fresh, nested_shape
from ..registry import function
from .values import FrameV, SeriesV, _count, _label, _labels_of, frame, series


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
