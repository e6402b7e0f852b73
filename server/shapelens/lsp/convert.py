"""Engine results to LSP values, in the client's position encoding (UTF-16 unless it agreed to
UTF-8; the engine counts code points)."""

from __future__ import annotations

import logging
from typing import Optional

from lsprotocol import types as T

from ..codes import doc_url
from .documents import _LINE_BREAK, LinesOf, Positions, Snapshot

log = logging.getLogger("shapelens.server")

SOURCE = "shapelens"


_SEVERITY = {
    "error": T.DiagnosticSeverity.Error,
    "warning": T.DiagnosticSeverity.Warning,
    "information": T.DiagnosticSeverity.Information,
    "hint": T.DiagnosticSeverity.Hint,
}


class Conversions:
    """ShapelensServer's part for converting results (mixed into the server)."""

    def positions(self, snap: Snapshot) -> Positions:
        return Positions(snap, self.workspace.position_codec)

    def to_points(self, uri: str, snap: Snapshot, position: T.Position) -> tuple:
        """A client position in the current document (or notebook cell) → (line, code point
        column) in the analysed text (a notebook's joined cells)."""
        if snap.cells is not None:
            cell = snap.cells.cell_of(uri)
            doc = self.document(uri)
            lines = _LINE_BREAK.split(doc.source) if doc is not None else snap.cells.lines[cell or 0]
            line, col = self._points(lines, position)
            got = snap.cells.joined(cell, line, col) if cell is not None else None
            return got if got is not None else (-1, -1)
        if self.is_current(uri, snap):
            lines = snap.lines
        else:
            doc = self.document(uri)
            lines = _LINE_BREAK.split(doc.source) if doc is not None else snap.lines
        return self._points(lines, position)

    def _points(self, lines: list, position: T.Position) -> tuple:
        if position.line < len(lines) and lines[position.line].isascii():
            return position.line, min(position.character, len(lines[position.line]))
        p = self.workspace.position_codec.position_from_client_units(
            lines, T.Position(line=position.line, character=position.character))
        return p.line, p.character

    def place(self, uri: str, snap: Snapshot, span) -> tuple:
        """(the URI a span lies in, its range there): the document's own, or a notebook's cell."""
        if snap.cells is None:
            return uri, self.positions(snap).range(span)
        cell, sp = snap.cells.nb.cell_span(span)
        conv = Positions(LinesOf(snap.cells.lines[cell]), self.workspace.position_codec)
        return snap.cells.cell_uris[cell], conv.range(sp)

    def span_range(self, uri: str, snap: Snapshot, span) -> Optional[T.Range]:
        """A span as a range in the document ``uri``; None when it lies in another notebook cell."""
        where, rng = self.place(uri, snap, span)
        return rng if where == uri or snap.cells is None or snap.cells.cell_of(where) == snap.cells.cell_of(uri) else None

    def request_lines(self, uri: str, snap: Snapshot, first: int, last: int) -> tuple:
        """The analysed text's lines a request on lines first..last of ``uri`` is about."""
        if snap.cells is None:
            return first, last
        cell = snap.cells.cell_of(uri)
        rng = snap.cells.cell_line_range(cell) if cell is not None else None
        if rng is None:
            return 1, 0  # a markdown cell or an unknown one: nothing
        return rng[0] + first, min(rng[1], rng[0] + last)

    # ---- conversions
    def lsp_diagnostics(self, uri: str, snap: Snapshot) -> list:
        """The diagnostics of a document, or of one notebook cell."""
        if snap.cells is None:
            return self._diagnostics_by_uri(uri, snap).get(uri, [])
        cell = snap.cells.cell_of(uri)
        return self._diagnostics_by_uri(uri, snap).get(snap.cells.cell_uris[cell], []) if cell is not None else []

    def _diagnostics_by_uri(self, uri: str, snap: Snapshot) -> dict:
        """Every diagnostic as LSP's, by the URI it lies in (a notebook: its cells')."""
        related_ok = bool(self.cap("text_document.publish_diagnostics.related_information"))
        href_ok = bool(self.cap("text_document.publish_diagnostics.code_description_support"))
        out: dict = {}
        for d in snap.analysis.diagnostics:
            where, _rng = self.place(uri, snap, d.span)
            out.setdefault(where, []).append(self._lsp_diagnostic(uri, snap, d, related_ok, href_ok))
        return out

    def _lsp_diagnostic(self, uri, snap, d, related_ok=True, href_ok=True) -> T.Diagnostic:
        related = None
        if related_ok and d.related:
            related = []
            for r in d.related:
                where, rng = self.place(uri, snap, r.span)
                related.append(T.DiagnosticRelatedInformation(location=T.Location(uri=where, range=rng), message=r.message))
        return T.Diagnostic(
            range=self.place(uri, snap, d.span)[1],
            message=d.message,
            severity=_SEVERITY.get(d.severity, T.DiagnosticSeverity.Error),
            code=d.code,
            code_description=T.CodeDescription(href=doc_url(d.code)) if href_ok and d.code else None,
            source=SOURCE,
            related_information=related,
        )

    def workspace_edit(self, uri: str, snap: Snapshot, edits: tuple) -> T.WorkspaceEdit:
        """The edits of a fix; in a notebook each goes to the cell it lies in (maybe another one)."""
        by_uri: dict = {}
        for e in edits:
            where, rng = self.place(uri, snap, e.span)
            by_uri.setdefault(where, []).append(T.TextEdit(range=rng, new_text=e.new_text))
        if self.cap("workspace.workspace_edit.document_changes"):
            return T.WorkspaceEdit(document_changes=[T.TextDocumentEdit(
                text_document=T.OptionalVersionedTextDocumentIdentifier(
                    uri=where, version=snap.version if snap.cells is None else self._cell_version(where)),
                edits=text_edits) for where, text_edits in by_uri.items()])
        return T.WorkspaceEdit(changes=by_uri)

    def _cell_version(self, uri: str):
        doc = self.document(uri)
        return doc.version if doc is not None else None
