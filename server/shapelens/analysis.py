"""The engine's front door: source text in, :class:`Analysis` out.  No LSP here."""

from __future__ import annotations

from typing import Optional

from .config import Config, apply_config
from .textlines import split_lines
from .results import Analysis


class Analyzer:
    """Analyses successive versions of one document, reusing the work of statements whose
    text (and inputs) did not change.  Not thread-safe: one analyzer per document, one call at
    a time."""

    def __init__(self) -> None:
        from .engine.session import Session

        self._session = Session()

    def analyze(self, text: str, config: Optional[Config] = None, *, time_budget: float = 30.0,
                pieces: Optional[list] = None, line_label=None) -> Analysis:
        """``pieces``: the text already cut into top-level statements ``(first line, text)`` (a
        notebook's cells are cut one by one), else the engine cuts it.  ``line_label``: how a
        message names a (0-based) line, else its number (a notebook: "3 of cell 2")."""
        result = self._session.run(text, time_budget=time_budget, pieces=pieces, line_label=line_label)
        if config is not None and result.diagnostics:
            # per-line ignore comments say "shapelens"; without one, no need to split the text
            lines = split_lines(text) if "shapelens" in text else []
            result.diagnostics = apply_config(result.diagnostics, config, lines)
        return result


def analyze(text: str, config: Optional[Config] = None) -> Analysis:
    """Analyse one complete source text from scratch."""
    return Analyzer().analyze(text, config)
