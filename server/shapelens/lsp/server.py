"""The shapelens language server object: pygls' server with the protocol, client capabilities,
settings and pyproject.toml, the open documents, and the summary command's work.  Scheduling,
conversions and memory policy are its mixins; the handlers are in features.py."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Optional
from urllib.parse import unquote

from lsprotocol import types as T
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..config import Config, find_pyproject, load_pyproject_config
from . import render
from .convert import Conversions
from .documents import DocState, Snapshot
from .memory import MemoryPolicy
from .notebooks import NotebookDoc
from .protocol import ShapelensProtocol, _PipeReader, _read_messages
from .scheduling import DIAGNOSTIC_WAIT, Scheduler

log = logging.getLogger("shapelens.server")


class ShapelensServer(Scheduler, Conversions, MemoryPolicy, LanguageServer):
    """pygls' LanguageServer with shapelens' documents, settings and scheduling."""

    def __init__(self) -> None:
        python = [T.NotebookCellLanguage(language="python")]
        super().__init__("shapelens", __version__,
                         text_document_sync_kind=T.TextDocumentSyncKind.Incremental,
                         notebook_document_sync=T.NotebookDocumentSyncOptions(notebook_selector=[
                             T.NotebookDocumentFilterWithCells(
                                 notebook=T.NotebookDocumentFilterNotebookType(notebook_type=kind), cells=python)
                             for kind in ("jupyter-notebook", "interactive")]),
                         protocol_cls=ShapelensProtocol)
        self.docs: dict = {}
        self.settings_config = Config()
        self.config_generation = 0
        self._pyproject_cache: dict = {}
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="shapelens-analysis")
        self.pull_diagnostics = False
        self._gc_timer: Optional[asyncio.TimerHandle] = None
        self._analyses_since_gc = 0
        self._last_full_gc = time.perf_counter()  # the first full collection after a minute
        self._last_request = 0.0  # time.monotonic() of the last feature request or edit
        self._modules = None  # the ModuleLoader of the user's modules (see ``modules``)
        self._modules_lock = threading.Lock()
        self._files = None  # its shapelens.workspace.FileSource
        self.open_paths: dict = {}  # normalised file path -> URI of the Python document open for it

    def _start_io_async(self, stdin=None, stdout=None):
        """pygls' stdio loop with :func:`_read_messages` as the reader."""
        self._stop_event = threading.Event()
        stdin = stdin or sys.stdin.buffer
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))

        async def serve() -> None:
            reader = await _PipeReader.open(stdin) or StdinAsyncReader(stdin, self.thread_pool)
            await _read_messages(self._stop_event, reader, self.protocol, self.report_server_error)

        try:
            blocking = os.get_blocking(stdin.fileno())
        except (OSError, ValueError, AttributeError):
            blocking = None
        try:
            asyncio.run(serve())
        except BrokenPipeError:
            log.error("shapelens: the connection to the client is lost; shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            if blocking:  # the loop made stdin non-blocking (a terminal would stay so after exit)
                try:
                    os.set_blocking(stdin.fileno(), True)
                except (OSError, ValueError):
                    pass
            self.shutdown()

    # ---- errors outside requests (notifications, serialisation): log, never pop up
    def report_server_error(self, error, source):  # noqa: D401 - pygls hook
        log.error("shapelens: server error (%s): %s", getattr(source, "__name__", source), error)

    # ---- client capabilities
    def cap(self, path: str, default: Any = None) -> Any:
        value: Any = self.client_capabilities
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return default
        return value

    @property
    def markdown(self) -> bool:
        formats = self.cap("text_document.hover.content_format")
        return not formats or T.MarkupKind.Markdown in formats

    # ---- configuration
    def apply_settings(self, settings: Any) -> None:
        if isinstance(settings, dict):
            if isinstance(settings.get("shapelens"), dict):
                settings = settings["shapelens"]
            if isinstance(settings.get("settings"), dict):
                settings = settings["settings"]
        self.settings_config = Config.from_mapping(settings if isinstance(settings, dict) else {})
        self.config_generation += 1

    def config_for(self, st: DocState) -> Config:
        if st.pyproject is ...:
            st.pyproject = self._find_pyproject(st.uri)
        base = Config()
        if st.pyproject is not None:
            try:
                mtime = st.pyproject.stat().st_mtime_ns
            except OSError:
                mtime = None
            cached = self._pyproject_cache.get(st.pyproject)
            if cached is None or cached[0] != mtime:
                cached = (mtime, load_pyproject_config(st.pyproject))
                self._pyproject_cache[st.pyproject] = cached
            base = cached[1]
        return base.merged(self.settings_config)

    def reconfigure(self, forget_pyproject: bool = False) -> None:
        """Settings or pyproject.toml changed: analyse every open document again."""
        self.config_generation += 1
        if forget_pyproject:
            self._pyproject_cache.clear()
        for uri, st in list(self.docs.items()):
            if forget_pyproject:
                st.pyproject = ...
            if not st.closed:
                st.hints_stale = st.lenses_stale = True  # refresh once re-analysed
                self.schedule(uri)
        if self.pull_diagnostics and self.cap("workspace.diagnostics.refresh_support"):
            self._fire(self.workspace_diagnostic_refresh_async(None))

    def _find_pyproject(self, uri: str) -> Optional[Path]:
        try:
            path = to_fs_path(uri)
            if not path or not uri.startswith("file:"):
                root = self.workspace.root_path
                path = os.path.join(root, "untitled.py") if root else None
            return find_pyproject(Path(path)) if path else None
        except Exception:
            log.exception("shapelens: looking for pyproject.toml failed")
            return None

    def document(self, uri: str):
        """The open document (pygls keys them by unquoted URI), an open notebook (as a NotebookDoc
        of its cells), or None."""
        doc = self.workspace.text_documents.get(unquote(uri))
        if doc is not None:
            return doc
        nb = self.workspace.notebook_documents.get(unquote(uri))
        return NotebookDoc(nb, self.workspace.text_documents) if nb is not None else None

    def key(self, uri: str) -> str:
        """Whose analysis answers for this URI: a notebook cell's notebook, else the URI itself."""
        nb = self.workspace.get_notebook_document(cell_uri=uri)
        return nb.uri if nb is not None else uri

    # ---- the user's other files (imports)
    @property
    def modules(self):
        """The loader of the user's modules: the editor's text of open documents, else the disk;
        absolute imports are also looked for in the workspace folders."""
        with self._modules_lock:  # (first asked for by an analysis thread)
            if self._modules is None:
                from ..analysis import module_loader
                from ..workspace import FileSource

                self._files = FileSource(self._workspace_roots(), overlay=self._open_text, recheck=1.0)
                self._modules = module_loader(self._files)
            return self._modules

    def _workspace_roots(self) -> list:
        roots = []
        try:
            for folder in self.workspace.folders.values():
                if folder.uri.startswith("file:"):
                    roots.append(to_fs_path(folder.uri))
            if not roots and self.workspace.root_path:
                roots.append(self.workspace.root_path)
        except Exception:
            log.exception("shapelens: reading the workspace folders failed")
        return roots

    def _open_text(self, path: str) -> Optional[str]:
        """The text of the document open for this file (called from the analysis threads)."""
        uri = self.open_paths.get(path)
        if uri is None:
            return None
        doc = self.workspace.text_documents.get(unquote(uri))
        return doc.source if doc is not None else None

    def file_path(self, uri: str) -> Optional[str]:
        """The normalised file path of a ``file:`` URI (None for other schemes)."""
        if not uri.startswith("file:"):
            return None
        try:
            from ..workspace import normalize

            path = to_fs_path(uri)
            return normalize(path) if path else None
        except Exception:
            return None

    def module_changed(self, path: Optional[str], on_disk: bool = False, lookups: bool = False) -> None:
        """A file other documents may import changed (its editor text, or on disk; ``lookups``:
        files were created or deleted, so imports may find other files): analyse again the open
        documents whose last analysis read it, or looked for a module of its name and did not
        find one (it may be new: opened or saved for the first time); all of them, for ``lookups``."""
        names = _module_names(path) if path is not None and not lookups else frozenset()
        due, relook = [], lookups
        for uri, st in list(self.docs.items()):
            if st.closed or uri == self.path_uri(path):
                continue
            if st.latest is None:  # its first analysis is going on: it may have read the old text
                due.append((uri, st))
                continue
            analysis = st.latest.analysis
            imported = getattr(analysis, "imported", None)
            missing = getattr(analysis, "missing_imports", None)
            if lookups or (path is not None and imported and path in imported):
                due.append((uri, st))
            elif missing and names and any(names.intersection(m.split(".")) for m in missing):
                due.append((uri, st))
                relook = True  # (a lookup that found nothing is cached: made again)
        if self._files is not None:
            if relook:
                self._files.forget()
            elif on_disk and path is not None:
                self._files.forget(path)
        for uri, st in due:
            st.hints_stale = st.lenses_stale = st.diagnostics_stale = True  # refresh once re-analysed
            self.schedule(uri)

    def path_uri(self, path: Optional[str]) -> Optional[str]:
        return self.open_paths.get(path) if path is not None else None

    # ---- scheduling
    def state(self, uri: str) -> DocState:
        st = self.docs.get(uri)
        if st is None:
            st = self.docs[uri] = DocState(uri)
        return st

    # ---- summaries (the executeCommand)
    async def summary(self, uri: str, line: Optional[int]) -> str:
        snap = await self.snapshot(self.key(uri), DIAGNOSTIC_WAIT)
        if snap is None:  # not open in the editor: read it from disk
            path = to_fs_path(uri) if uri.startswith("file:") else uri
            text = Path(path).read_text(encoding="utf-8")
            st = DocState(uri)
            config = self.config_for(st)
            analysis = await asyncio.get_running_loop().run_in_executor(
                self.executor, self._analyze, st, text, config)
            snap = Snapshot(None, text, analysis, config)
        models = snap.analysis.models
        if line is not None:
            exact = [m for m in models if m.span.line == line]
            models = exact or [m for m in models if m.span.line <= line <= m.span.end_line]
        return render.summaries_markdown(models)


def _module_names(path: str) -> frozenset:
    """The names an import may spell a file with: ``models`` for models.py, ``pkg`` for
    pkg/__init__.py (and the folder it is in: a namespace package)."""
    folder, base = os.path.split(path)
    stem = base.rsplit(".", 1)[0]
    parent = os.path.basename(folder)
    return frozenset({parent} if stem == "__init__" else {stem, parent})
