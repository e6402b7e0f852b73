"""Engine results to LSP values, in the client's position encoding (UTF-16 unless it agreed to
UTF-8; the engine counts code points)."""

from __future__ import annotations

import logging

from lsprotocol import types as T

from ..codes import doc_url
from .documents import _LINE_BREAK, Positions, Snapshot

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
        """A client position in the current document → (line, code point column)."""
        if self.is_current(uri, snap):
            lines = snap.lines
        else:
            doc = self.document(uri)
            lines = _LINE_BREAK.split(doc.source) if doc is not None else snap.lines
        if position.line < len(lines) and lines[position.line].isascii():
            return position.line, min(position.character, len(lines[position.line]))
        p = self.workspace.position_codec.position_from_client_units(
            lines, T.Position(line=position.line, character=position.character))
        return p.line, p.character

    # ---- conversions
    def lsp_diagnostics(self, uri: str, snap: Snapshot) -> list:
        conv = self.positions(snap)
        related_ok = bool(self.cap("text_document.publish_diagnostics.related_information"))
        href_ok = bool(self.cap("text_document.publish_diagnostics.code_description_support"))
        out = []
        for d in snap.analysis.diagnostics:
            out.append(self._lsp_diagnostic(uri, conv, d, related_ok, href_ok))
        return out

    def _lsp_diagnostic(self, uri, conv, d, related_ok=True, href_ok=True) -> T.Diagnostic:
        related = None
        if related_ok and d.related:
            related = [T.DiagnosticRelatedInformation(
                location=T.Location(uri=uri, range=conv.range(r.span)), message=r.message)
                for r in d.related]
        return T.Diagnostic(
            range=conv.range(d.span),
            message=d.message,
            severity=_SEVERITY.get(d.severity, T.DiagnosticSeverity.Error),
            code=d.code,
            code_description=T.CodeDescription(href=doc_url(d.code)) if href_ok and d.code else None,
            source=SOURCE,
            related_information=related,
        )

    def workspace_edit(self, uri: str, snap: Snapshot, edits: tuple) -> T.WorkspaceEdit:
        conv = self.positions(snap)
        text_edits = [T.TextEdit(range=conv.range(e.span), new_text=e.new_text) for e in edits]
        if self.cap("workspace.workspace_edit.document_changes"):
            return T.WorkspaceEdit(document_changes=[T.TextDocumentEdit(
                text_document=T.OptionalVersionedTextDocumentIdentifier(uri=uri, version=snap.version),
                edits=text_edits)])
        return T.WorkspaceEdit(changes={uri: text_edits})
