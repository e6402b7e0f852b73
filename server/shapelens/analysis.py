"""The engine's front door: source text in, :class:`Analysis` out.  No LSP here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from .config import Config, apply_config
from .textlines import split_lines
from .results import Analysis

if TYPE_CHECKING:
    from .engine.modules import ModuleLoader


class Analyzer:
    """Analyses successive versions of one document, reusing the work of statements whose
    text (and inputs) did not change.  Not thread-safe: one analyzer per document, one call at
    a time.

    ``path`` is the document's file (its folder is where its imports are looked for) and
    ``modules`` a :class:`ModuleLoader` shared by the analyses of a process: with one, imports of
    the user's other files are followed (read and analysed, never imported); without, they are
    Unknown."""

    def __init__(self, path: Optional[str] = None, modules: Optional["ModuleLoader"] = None) -> None:
        from .engine.session import Session

        self._session = Session(path=path, loader=modules)

    @property
    def imported(self) -> frozenset:
        """The files the last analysis read through imports (to analyse it again when one changes)."""
        return self._session.imported

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


def analyze(text: str, config: Optional[Config] = None, *, path: Optional[str] = None,
            modules: Optional["ModuleLoader"] = None) -> Analysis:
    """Analyse one complete source text from scratch (``path``, ``modules``: see Analyzer)."""
    return Analyzer(path, modules).analyze(text, config)


def keep_parsed(chars: int) -> None:
    """Keep the parsed statements of up to ``chars`` characters of source per process (the
    editor keeps its last 64 statements): for a run over a whole repository, where each module
    is read by every file that imports it and again as a file of its own."""
    from .engine.frontend import keep_parsed as keep

    keep(chars)


def module_loader(source) -> "ModuleLoader":
    """A loader of the user's modules read through ``source`` (engine.modules.ModuleSource; the
    file system's is shapelens.workspace.FileSource), to share between the analyses of a process."""
    from .engine.modules import ModuleLoader

    return ModuleLoader(source)
