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

The package: values.py holds the values (FrameV, SeriesV, their columns, indexers, rolling and
groupby objects), members.py their attributes and methods, functions.py pandas' own functions
(the readers, ``pd.DataFrame``, ``pd.Series``, ``pd.concat``, ...).  Its modules import each
other; no other library imports them (pyproject.toml: "each array library stands alone").
"""

# Registration, in the order the handlers were written.
from . import values, members, functions  # noqa: F401, I001
