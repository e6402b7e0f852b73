"""Lines as LSP clients and libcst count them (no libcst import here: the server uses this
before the engine is loaded)."""

from __future__ import annotations

import re

LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines also splits


def split_lines(text: str) -> list:
    """Lines with their endings, split only at \\n, \\r\\n and \\r (str.splitlines, faster,
    would also split at form feeds and U+2028)."""
    if not any(c in text for c in _OTHER_BREAKS):
        return text.splitlines(True)
    return LINES.findall(text)
