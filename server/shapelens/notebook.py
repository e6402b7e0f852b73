"""Notebooks as one program: the code cells of a Jupyter notebook in order, analysed together
(names flow from cell to cell), with every fact mapped back to (cell, line, column).

* :func:`read_notebook` reads an ``.ipynb`` (nbformat 4, and 3 upgraded: its worksheets' cells,
  ``input`` instead of ``source``) into :class:`Cell` values; markdown and raw cells are kept for
  their index but not analysed.  The JSON is read with the standard library: a notebook is plain
  JSON, and nbformat would bring jsonschema, traitlets and jupyter_core into the language
  server's process for nothing.
* :func:`python_of` masks what IPython runs that is not Python (line magics ``%``, shell lines
  ``!``, ``pip install``, help ``obj?``, cell magics ``%%``), never shifting a line: a masked line
  becomes ``pass`` (or ``get_ipython()`` where its value is assigned, which the engine does not
  know), a cell in a non-Python cell magic becomes ``pass`` lines, and a cell whose first line is
  indented loses that indent as IPython strips it (columns are given back when mapping).
* :class:`NotebookText` joins the code cells into one text whose statements never cross a cell
  (each cell is cut into statements on its own) and maps lines back.
* :class:`NotebookAnalyzer` analyses successive versions of a notebook incrementally, like
  ``Analyzer`` does a file: an edit in one cell re-runs from that cell's changed statement.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Optional

from .analysis import Analyzer
from .config import Config
from .engine import frontend
from .results import Analysis, Span


class NotebookError(ValueError):
    """Not a notebook this reader understands (not JSON, no cells, ...)."""


@dataclass(frozen=True)
class Cell:
    index: int  # position in the notebook's cells (markdown and raw cells included)
    kind: str  # "code" | "markdown" | "raw"
    source: str


def read_notebook(text: str) -> list:
    try:
        nb = json.loads(text)
    except ValueError as exc:
        raise NotebookError(f"not valid JSON ({exc})") from None
    if not isinstance(nb, dict):
        raise NotebookError("not a notebook (the top level is not a JSON object)")
    cells = nb.get("cells")
    if cells is None and isinstance(nb.get("worksheets"), list):  # nbformat 3
        cells = [c for ws in nb["worksheets"] if isinstance(ws, dict) for c in ws.get("cells") or []]
    if not isinstance(cells, list):
        raise NotebookError("not a notebook (no list of cells)")
    out = []
    for k, c in enumerate(cells):
        if not isinstance(c, dict):
            raise NotebookError(f"cell {k} is not a JSON object")
        kind = c.get("cell_type") or "raw"
        kind = "markdown" if kind == "heading" else kind
        src = c.get("source", c.get("input", ""))
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        if not isinstance(src, str):
            raise NotebookError(f"cell {k} has no text source")
        out.append(Cell(k, kind, src))
    return out


# -- IPython's additions to Python --------------------------------------------------------------

# cell magics whose body is Python run in the notebook's namespace; any other cell magic (%%bash,
# %%html, %%writefile, %%timeit with its own namespace, ...) makes the cell's body not analysed
_PYTHON_CELL_MAGICS = ("%%time", "%%capture")
_MAGIC_ASSIGN = re.compile(r"^(\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)[%!].*$")


def _is_magic(body: str) -> bool:
    if body.startswith(("%", "!", "?", "pip install ", "pip uninstall ", "conda install ")):
        return True
    code = body.split("#", 1)[0].rstrip() if "#" in body and "'" not in body and '"' not in body else body
    return code.endswith("?") and not code.startswith("#")  # help: obj? (a ? in a comment is not)


def python_of(source: str) -> tuple:
    """(the cell's text as Python, the indent IPython strips from its lines): same lines."""
    lines = source.split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    indent = first[: len(first) - len(first.lstrip())]
    if indent and all(ln.startswith(indent) or not ln.strip() for ln in lines):
        lines = [ln[len(indent):] if ln.startswith(indent) else ln for ln in lines]
    else:
        indent = ""
    head = first.strip()
    if head.startswith("%%"):
        k = next(i for i, ln in enumerate(lines) if ln.strip())
        if head.split()[0] in _PYTHON_CELL_MAGICS:
            lines[k] = "pass"
        else:
            lines = ["pass" if ln.strip() else ln for ln in lines]
            return "\n".join(lines), indent
    return "\n".join(_unmagic(lines)), indent


def _unmagic(lines: list) -> list:
    """Each magic or shell line (with its backslash continuations) made ``pass``; only lines that
    start a statement count, not ones inside brackets or strings."""
    out, depth, quote, joined, shell, block, stmt = [], 0, "", False, False, ("", False), ""
    for line in lines:
        body, lead = line.strip(), line[: len(line) - len(line.lstrip())]
        starts = depth == 0 and not quote and not joined
        if shell or (starts and _is_magic(body)):
            indent, opens = block  # a deeper indent than the block allows would not parse
            out.append((lead if len(lead) <= len(indent) or opens else indent) + "pass")
            block, shell = (out[-1][:-4], False), body.endswith("\\")
            continue
        if starts:
            m = _MAGIC_ASSIGN.match(line)
            if m:  # files = !ls: a value the engine does not know
                out.append(m.group(1) + "get_ipython()")
                continue
        i, joined, last = 0, False, ""
        while i < len(line):  # brackets, strings and comments: enough to know where statements start
            c = line[i]
            if quote:
                if c == "\\":
                    i += 1
                elif line.startswith(quote, i):
                    i, quote = i + len(quote) - 1, ""
            elif c == "#":
                break
            elif c in "\"'":
                quote = line[i:i + 3] if line[i:i + 3] in ('"""', "'''") else c
                i += len(quote) - 1
            elif c in "([{":
                depth += 1
            elif c in ")]}":
                depth = max(depth - 1, 0)
            elif c == "\\" and i == len(line) - 1:
                joined = True
            if not quote and not c.isspace():
                last = c
            i += 1
        stmt = lead if starts else stmt
        if last and depth == 0 and not quote and not joined:  # the statement ends here
            block = (stmt, last == ":")
        if quote in ("'", '"'):
            quote = ""  # an unclosed one-line string: a syntax error Python will report
        out.append(line)
    return out


# -- the code cells as one text ------------------------------------------------------------------


class NotebookText:
    """The code cells of a notebook joined into one text (each ending with a line break), the
    statement chunks of each cell (cut on its own: a statement never crosses a cell), and the
    mapping of its lines back to cells."""

    def __init__(self, cells: list, cache: Optional[dict] = None):
        cache = cache if cache is not None else {}  # a cell's source -> (Python text, indent, chunks)
        self.cells = [c for c in cells if c.kind == "code"]
        self.starts = []  # first line of each code cell in the joined text
        self.indents = []  # the indent IPython stripped from each cell's lines
        self.sources = []  # each cell's source
        parts, pieces, line = [], [], 0
        for c in self.cells:
            hit = cache.get(c.source)
            if hit is None:
                text, indent = python_of(c.source)
                if not text.endswith("\n"):
                    text += "\n"
                hit = cache[c.source] = (text, indent, frontend.chunk_texts(text))
            text, indent, cut = hit
            self.starts.append(line)
            self.indents.append(indent)
            self.sources.append(c.source)
            pieces.extend((line + first, t) for first, t in cut)
            parts.append(text)
            line += text.count("\n")
        self.text = "".join(parts)
        self.pieces = pieces
        self.lines = line

    def locate(self, line: int) -> tuple:
        """A line of the joined text → (position in ``cells`` of its code cell, line in that cell)."""
        import bisect

        k = max(0, bisect.bisect_right(self.starts, line) - 1)
        return k, line - self.starts[k]

    def cell_span(self, span: Span) -> tuple:
        """(the notebook's cell index, the span within that cell's own text)."""
        k, line = self.locate(span.line)
        end_line = span.end_line - self.starts[k]
        shift = len(self.indents[k])
        src = self.cells[k].source.split("\n")

        def col(ln, c):  # give back the indent IPython strips, on the lines that had it
            return c + shift if shift and 0 <= ln < len(src) and src[ln].startswith(self.indents[k]) else c

        return self.cells[k].index, Span(line, col(line, span.col), end_line, col(end_line, span.end_col))

    def label(self, line: int) -> str:
        """How a message names a line of the joined text: "3 of cell 2", both counted from 1 the
        way notebook editors number them (cell 2 is the notebook's second cell, markdown cells
        counted; the JSON output's ``cell`` stays the 0-based index)."""
        k, ln = self.locate(line)
        return f"{ln + 1} of cell {self.cells[k].index + 1}"

    def joined_line(self, cell_index: int, line: int) -> Optional[int]:
        """A line of a code cell (by its notebook index) → the line in the joined text."""
        for k, c in enumerate(self.cells):
            if c.index == cell_index:
                return self.starts[k] + line
        return None


class NotebookAnalyzer:
    """Analyses successive versions of one notebook, reusing the work of statements whose text
    and inputs did not change (an edit in a cell re-runs from there).  One call at a time."""

    def __init__(self, path: Optional[str] = None, modules=None) -> None:
        self._analyzer = Analyzer(path, modules)  # (the notebook's file and imports: see Analyzer)
        self._cells: dict = {}  # a cell's source -> its Python text and statement chunks (once per text)

    def analyze(self, cells: list, config: Optional[Config] = None, *, time_budget: float = 30.0):
        """(the Analysis, in lines of the joined text, and the NotebookText that maps them)."""
        nb = NotebookText(cells, self._cells)
        if len(self._cells) > 4 * len(nb.cells) + 64:  # texts of cells edited away
            keep = set(nb.sources)
            self._cells = {t: v for t, v in self._cells.items() if t in keep}
        return self._analyzer.analyze(nb.text, config, time_budget=time_budget, pieces=nb.pieces,
                                      line_label=_Label(nb)), nb


class _Label:
    """NotebookText.label with a key that changes when the cells' layout does."""

    def __init__(self, nb: NotebookText):
        self.nb = nb
        self.key = tuple(zip(nb.starts, (c.index for c in nb.cells)))

    def __call__(self, line: int) -> str:
        return self.nb.label(line)


def analyze_notebook(text: str, config: Optional[Config] = None) -> tuple:
    """Analyse an .ipynb file's text from scratch: (Analysis, NotebookText)."""
    return NotebookAnalyzer().analyze(read_notebook(text), config)


# -- where a cell's lines are in the .ipynb file itself (for SARIF) -------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def source_positions(text: str) -> dict:
    """(cell index, line in the cell) -> (1-based line, 1-based column) in the notebook file
    where that line's text starts: a source held as a list of strings has one per line
    (Jupyter writes each on its own line); a single string holds them all (its first line)."""
    out: dict = {}
    stack: list = []  # frames: [kind, key_or_index, expecting_key]
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    import bisect

    def where(pos):
        ln = bisect.bisect_right(line_starts, pos) - 1
        return ln + 1, pos - line_starts[ln] + 2  # after the opening quote

    cell_counter = {"n": 0, "seen": {}}

    def cell_index(path):
        # nbformat 4: ("cells", i, "source"); nbformat 3: ("worksheets", w, "cells", i, "input")
        if len(path) == 3 and path[0] == "cells" and path[2] == "source":
            return path[1]
        if len(path) == 5 and path[0] == "worksheets" and path[2] == "cells" and path[4] == "input":
            key = (path[1], path[3])
            seen = cell_counter["seen"]
            if key not in seen:
                seen[key] = len(seen)
            return seen[key]
        return None

    def path_of():
        return tuple(f[1] for f in stack)

    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok in "{[":
            if stack and stack[-1][0] == "arr":
                pass
            stack.append(["obj" if tok == "{" else "arr", None if tok == "{" else 0, tok == "{"])
            continue
        if tok in "}]":
            if stack:
                stack.pop()
            if stack and stack[-1][0] == "arr":
                stack[-1][1] += 1
            continue
        if tok == ":":
            if stack:
                stack[-1][2] = False
            continue
        if tok == ",":
            if stack and stack[-1][0] == "obj":
                stack[-1][2] = True
            continue
        if not stack:
            continue
        frame = stack[-1]
        if frame[0] == "obj" and frame[2]:
            try:
                frame[1] = json.loads(tok)
            except ValueError:
                frame[1] = tok
            continue
        # a value
        if tok.startswith('"'):
            if frame[0] == "arr":
                k = cell_index(path_of()[:-1])
                if k is not None:
                    out[(k, frame[1])] = where(m.start())
            else:
                k = cell_index(path_of())
                if k is not None:
                    out[(k, 0)] = where(m.start())
        if frame[0] == "arr":
            frame[1] += 1
    return out
