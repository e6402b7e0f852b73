"""Documents as the server holds them: the text with LSP's line breaks (edited in place), the
snapshot of a finished analysis with the text it was computed from, per-document bookkeeping,
and code points converted to the client's position units."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Optional

from lsprotocol import types as T
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition

from ..config import Config
from ..results import Analysis, Span
from ..textlines import split_lines

log = logging.getLogger("shapelens.server")


# LSP lines end at \n, \r\n or \r only (str.splitlines also splits at \x0c, \u2028, ...).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LspTextDocument(TextDocument):
    """pygls' document, with LSP's line breaks: pygls splits lines with ``str.splitlines``,
    which also breaks at form feeds and U+2028, so incremental edits after such a character
    would land on the wrong line."""

    _split: tuple = (None, [])  # (the source they were split from, its lines)

    def _lines(self) -> list:
        source = self.source
        if self._split[0] is not source:
            self._split = (source, split_lines(source))
        return self._split[1]

    @property
    def lines(self):
        return tuple(self._lines())

    def _apply_incremental_change(self, change: T.TextDocumentContentChangePartial) -> None:
        # pygls rewrites the document line by line through a StringIO (4 ms at 10,000 lines)
        # and its codec moves a column past the end of a line to one before the end; here the
        # edit is two slices, and a column past the end of a line means the end of the line
        # (before its line break), as the spec says.  The lines are kept between edits and
        # only the edited ones are split again: a keystroke makes no garbage in proportion to
        # the file (which, on a long session, fragments the heap).
        lines = self._lines()
        source = self.source
        codec = self.position_codec

        def offset(pos: T.Position) -> int:
            if pos.line >= len(lines):
                return len(source)
            content = lines[pos.line].rstrip("\r\n")
            if content.isascii():
                col = min(pos.character, len(content))
            elif pos.character >= codec.client_num_units(content):
                col = len(content)
            else:
                col = codec.position_from_client_units(
                    [content], T.Position(line=0, character=pos.character)).character
            return sum(map(len, lines[:pos.line])) + col

        start = offset(change.range.start)
        end = max(start, offset(change.range.end))
        new_source = source[:start] + change.text + source[end:]
        # the lines the edit touches, and the one after (a \r typed before a \n joins them)
        first = min(change.range.start.line, len(lines))
        last = min(max(change.range.end.line, first) + 1, len(lines) - 1)
        a = sum(map(len, lines[:first]))
        b = a + sum(map(len, lines[first:last + 1]))
        b_new = b + len(new_source) - len(source)
        if first > 0 and lines[first - 1].endswith("\r"):  # a \n typed after a \r joins them
            first -= 1
            a -= len(lines[first])
        self._source = new_source
        if b_new >= a and first <= last:
            self._split = (new_source, lines[:first] + split_lines(new_source[a:b_new]) + lines[last + 1:])


def _partial(analysis: Analysis) -> bool:
    complete = getattr(analysis, "complete", None)
    if complete is not None:
        return not complete
    return any(str(n).startswith("analysis stopped") for n in analysis.notices or ())


class Snapshot:
    """A finished analysis and the exact text (and version) it was computed from."""

    __slots__ = ("version", "text", "analysis", "config", "_lines", "_ascii", "seconds", "cells")

    def __init__(self, version: Optional[int], text: str, analysis: Analysis, config: Config,
                 seconds: float = 0.0):
        self.version = version
        self.text = text
        self.analysis = analysis
        self.config = config
        self.seconds = seconds
        self._lines: Optional[list] = None
        self._ascii: Optional[bool] = None
        self.cells = None  # notebooks.CellMap of a notebook's analysis, else None

    @property
    def lines(self) -> list:
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)
        return self._lines

    @property
    def ascii(self) -> bool:
        if self._ascii is None:
            self._ascii = self.text.isascii()
        return self._ascii


class DocState:
    """Per-document bookkeeping: its analyzer, the worker task and the last snapshot."""

    def __init__(self, uri: str):
        self.uri = uri
        self.analyzer: Any = None
        self.dirty = False
        self.closed = False
        self.task: Optional[asyncio.Task] = None
        self.latest: Optional[Snapshot] = None
        self.pyproject: Any = ...  # Path | None once looked up
        # set when a request was answered from an older analysis than the document's (or
        # settings changed): once the current analysis is out, ask the client to re-request
        self.hints_stale = False
        self.lenses_stale = False
        self.diagnostics_stale = False
        self.notices_logged: set = set()
        self.timings: list = []  # (version, analysis s, publish s) of the last published runs
        self.continued_version: Optional[int] = None
        self.continuations = 0
        self.last_edit = 0.0  # time.monotonic() of the last edit
        self.edits = 0  # edits scheduled so far
        self.latest_edits = -1  # ``edits`` when the text of ``latest`` was taken
        self.waiters: list = []  # futures of requests waiting for the next analysis
        self.published = False  # diagnostics of this document were published (a partial one only the first time)
        self.cell_published: dict = {}  # a notebook: cell URI -> (version, diagnostics) last published
        self.cell_results: dict = {}  # a notebook: cell URI -> (version, what the cell shows) last analysed
        self.started: Optional[float] = None  # time.monotonic() when the first analysis started
        self.burst = False  # the last edit came within BURST_GAP of another, while the document was worked on


class Positions:
    """Code points (engine) → client units (negotiated encoding) for one snapshot's text.
    ASCII lines need no conversion; pygls' position codec converts every other line."""

    def __init__(self, snap: Snapshot, codec):
        self.snap = snap
        self.codec = codec
        self.identity = snap.ascii or str(codec.encoding) == str(T.PositionEncodingKind.Utf32)

    def pos(self, line: int, col: int) -> T.Position:
        line = max(0, line)
        col = max(0, col)
        if self.identity:
            return T.Position(line=line, character=col)
        lines = self.snap.lines
        if line >= len(lines) or lines[line].isascii():
            return T.Position(line=line, character=col)
        return self.codec.position_to_client_units(lines, ServerTextPosition(line, col))

    def range(self, span: Span) -> T.Range:
        return T.Range(start=self.pos(span.line, span.col), end=self.pos(span.end_line, span.end_col))


def _overlaps(span: Span, start: tuple, end: tuple) -> bool:
    return (span.line, span.col) <= end and start <= (span.end_line, span.end_col)


class LinesOf:
    """Lines (and whether they are all ASCII) of one text, for Positions (a notebook cell's text)."""

    __slots__ = ("lines", "ascii")

    def __init__(self, lines: list):
        self.lines = lines
        self.ascii = all(ln.isascii() for ln in lines)
