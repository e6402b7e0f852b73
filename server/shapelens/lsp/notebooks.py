"""Notebooks in the language server (LSP 3.17 notebook synchronisation).

The client sends a notebook as a notebook document (its cells in order, each cell a text
document with its own URI, e.g. VS Code's ``vscode-notebook-cell:...``).  The server analyses the
notebook as one program (``shapelens.notebook``): one DocState per notebook URI, its code cells
joined; a request on a cell URI is answered from the notebook's analysis with positions mapped
between the cell and the joined text; diagnostics are published per cell URI, and a fix may edit
another cell.  Cell URIs are kept exactly as the client gives them.

A client that sends the whole notebook as one Python document instead (jupyterlab-lsp) gets it
analysed as Python: what counts is the ``languageId``, never the file name.
"""

from __future__ import annotations

from typing import Optional

from lsprotocol import types as T

from ..notebook import Cell
from .documents import _LINE_BREAK


class NotebookDoc:
    """An open notebook as the scheduler sees a document: a version, a text that changes whenever
    a cell does (to tell an analysis is current), and its cells."""

    def __init__(self, notebook: T.NotebookDocument, text_documents: dict):
        self.notebook = notebook
        self.version = notebook.version
        self.cell_uris = [c.document for c in notebook.cells]
        self.cells = []
        for k, c in enumerate(notebook.cells):
            doc = text_documents.get(_unquote(c.document))
            code = c.kind == T.NotebookCellKind.Code and doc is not None and (doc.language_id or "python") == "python"
            self.cells.append(Cell(k, "code" if code else "markdown", doc.source if doc is not None else ""))
        self.source = "\x00".join(f"{u}\x01{c.kind}\x01{c.source}" for u, c in zip(self.cell_uris, self.cells))


def _unquote(uri: str) -> str:
    from urllib.parse import unquote

    return unquote(uri)


class CellMap:
    """Where a notebook snapshot's joined text lies in its cells' own texts (for one snapshot)."""

    def __init__(self, nb, cell_uris: list, cell_sources: list):
        self.nb = nb  # shapelens.notebook.NotebookText
        self.cell_uris = cell_uris  # by notebook cell index
        self.lines = _CellLines(cell_sources)  # each cell's own lines (split when first asked for)
        self.index_of_uri = {u: k for k, u in enumerate(cell_uris)}
        self.code_pos = {c.index: k for k, c in enumerate(nb.cells)}  # notebook index -> position in nb.cells

    def cell_of(self, uri: str) -> Optional[int]:
        k = self.index_of_uri.get(uri)
        if k is None:
            k = self.index_of_uri.get(_unquote(uri))
        return k

    def joined(self, cell: int, line: int, col: int) -> Optional[tuple]:
        """A place in a cell's own text → (line, column) in the joined text (code points)."""
        k = self.code_pos.get(cell)
        if k is None:
            return None
        indent = self.nb.indents[k]
        src = self.lines[cell]
        if indent and line < len(src) and src[line].startswith(indent):
            col = max(0, col - len(indent))
        return self.nb.starts[k] + line, col

    def cell_line_range(self, cell: int) -> Optional[tuple]:
        """The joined lines [first, last] of a cell."""
        k = self.code_pos.get(cell)
        if k is None:
            return None
        nxt = self.nb.starts[k + 1] if k + 1 < len(self.nb.starts) else self.nb.lines
        return self.nb.starts[k], max(self.nb.starts[k], nxt - 1)


class _CellLines:
    """The lines of each cell's text, split on first use (a keystroke needs one or two cells)."""

    def __init__(self, sources: list):
        self._sources = sources
        self._lines: dict = {}

    def __getitem__(self, k: int) -> list:
        got = self._lines.get(k)
        if got is None:
            got = self._lines[k] = _LINE_BREAK.split(self._sources[k])
        return got
