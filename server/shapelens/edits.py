"""Apply text edits (code-point positions, as in results.Edit) to a source text."""

from __future__ import annotations

from .textlines import split_lines


def apply_edits(text: str, edits) -> str:
    """Apply non-overlapping edits given against the original text."""
    lines = split_lines(text)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))

    def offset(line: int, col: int) -> int:
        if line >= len(lines):
            return len(text)
        return starts[line] + min(col, len(lines[line].rstrip("\r\n")) if line < len(lines) else 0)

    spans = sorted(((offset(e.span.line, e.span.col), offset(e.span.end_line, e.span.end_col), e.new_text) for e in edits),
                   key=lambda x: (x[0], x[1]), reverse=True)
    out = text
    for a, b, new in spans:
        out = out[:a] + new + out[b:]
    return out
