"""Every LSP feature: lifecycle, document sync, configuration, diagnostics, hover, inlay hints,
code actions, code lenses, the summary command and the stats requests.  Plain functions of
``(server, params)``; :func:`register` installs them on a server, so this module does not need
the server instance (and nothing imports this module but the app)."""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any, Callable, Optional

from lsprotocol import types as T

from .. import __version__
from ..results import Span
from . import render
from .convert import SOURCE
from .documents import LspTextDocument, _overlaps
from .scheduling import ACTION_WAIT, DIAGNOSTIC_WAIT, HOVER_WAIT
from .server import ShapelensServer
from .startup import compile_cache

log = logging.getLogger("shapelens.server")

SHOW_SUMMARY = "shapelens.showSummary"


def _guard(default: Callable[[], Any]):
    """No handler may take the server down: log the error and answer with ``default()``."""

    def deco(fn):
        if asyncio.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def wrapper(*args, **kwargs):
                try:
                    return await fn(*args, **kwargs)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("shapelens: %s failed", fn.__name__)
                    return default()
        else:
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                try:
                    return fn(*args, **kwargs)
                except Exception:
                    log.exception("shapelens: %s failed", fn.__name__)
                    return default()
        return wrapper

    return deco


def _none():
    return None


def _list():
    return []


# Analysed once at start, inside the compile cache: it loads the modules the engine imports
# only when a model needs them (the layer catalog, Keras' operations) before the user's file.
_WARM_UP_SOURCE = """import keras
model = keras.Sequential([keras.Input(shape=(4, 2)), keras.layers.LSTM(3), keras.layers.Dense(1)])
"""


def _warm_up() -> None:
    try:
        with compile_cache("engine"):  # libcst's node dataclasses: see lsp_startup
            from ..analysis import Analyzer

            Analyzer().analyze(_WARM_UP_SOURCE)
    except Exception:
        log.exception("shapelens: the engine could not be loaded")


_QUICKFIX_KINDS = {"quickfix": T.CodeActionKind.QuickFix, "refactor": T.CodeActionKind.RefactorRewrite}


@_guard(_none)
def on_initialize(ls: ShapelensServer, params: T.InitializeParams) -> None:
    ws = ls.workspace

    def create_document(doc_uri, source=None, version=None, language_id=None):
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                               sync_kind=ws._sync_kind, position_codec=ws.position_codec)

    ws._create_text_document = create_document
    opts = params.initialization_options
    if isinstance(opts, dict):
        ls.apply_settings(opts.get("settings", opts))
    ls.pull_diagnostics = ls.cap("text_document.diagnostic") is not None
    ls.executor.submit(_warm_up)  # import the engine while the client finishes its handshake
    log.info("shapelens %s: encoding %s, %s diagnostics", __version__,
             ls.workspace.position_encoding, "pull" if ls.pull_diagnostics else "push")


@_guard(_none)
def on_shutdown(ls: ShapelensServer, params: Any = None) -> None:
    for st in ls.docs.values():
        st.closed = True  # workers stop after their current run; nothing more is published
    ls.executor.shutdown(wait=False, cancel_futures=True)


@_guard(_none)
def on_initialized(ls: ShapelensServer, params: T.InitializedParams) -> None:
    # Re-read [tool.shapelens] when a pyproject.toml changes, and analyse again the documents
    # that import a Python file changed on disk, if the client can watch files.
    if ls.cap("workspace.did_change_watched_files.dynamic_registration"):
        ls._fire(ls.client_register_capability_async(T.RegistrationParams(registrations=[T.Registration(
            id="shapelens-pyproject", method=T.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=T.DidChangeWatchedFilesRegistrationOptions(watchers=[
                T.FileSystemWatcher(glob_pattern="**/pyproject.toml"),
                T.FileSystemWatcher(glob_pattern="**/*.py")]))])))


@_guard(_none)
def on_watched_files(ls: ShapelensServer, params: T.DidChangeWatchedFilesParams) -> None:
    python = [c for c in params.changes if c.uri.endswith((".py", ".pyw"))]
    if python:
        # created or deleted files change what imports find; a changed one, who imports it
        if any(c.type != T.FileChangeType.Changed for c in python):
            ls.module_changed(None, lookups=True)
        else:
            for c in python:
                path = ls.file_path(c.uri)
                if path is not None and path not in ls.open_paths:  # (an open one: its editor text counts)
                    ls.module_changed(path, on_disk=True)
    if any(c.uri.endswith("pyproject.toml") for c in params.changes):
        ls.reconfigure(forget_pyproject=True)


@_guard(_none)
def on_did_change_configuration(ls: ShapelensServer, params: T.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if not isinstance(settings, dict) or not settings:
        return  # "pull your settings" pings: our settings come with initializationOptions
    ls.apply_settings(settings)
    ls.reconfigure()


def _python_path(ls: ShapelensServer, doc) -> Optional[str]:
    """The file path of an open Python file other files may import (not a notebook, nor a cell)."""
    return ls.file_path(doc.uri) if doc.uri.endswith((".py", ".pyw")) else None


@_guard(_none)
def on_did_open(ls: ShapelensServer, params: T.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.schedule(ls.key(uri))  # (a notebook's cell: its notebook)
    path = _python_path(ls, params.text_document)
    if path is not None:  # files importing it now read the editor's text
        ls.open_paths[path] = uri
        ls.module_changed(path)


@_guard(_none)
def on_did_change(ls: ShapelensServer, params: T.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.schedule(ls.key(uri))
    path = ls.file_path(uri)
    if path is not None and ls.open_paths.get(path) == uri:
        ls.module_changed(path)  # the open files that import it are analysed again


@_guard(_none)
def on_notebook_open(ls: ShapelensServer, params: T.DidOpenNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri)


@_guard(_none)
def on_notebook_change(ls: ShapelensServer, params: T.DidChangeNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri)  # a cell's text, cells added, moved, deleted


@_guard(_none)
def on_notebook_close(ls: ShapelensServer, params: T.DidCloseNotebookDocumentParams) -> None:
    st = ls.docs.pop(params.notebook_document.uri, None)
    if st is not None:
        st.closed = True
    if not ls.pull_diagnostics:
        for cell in {c.uri for c in params.cell_text_documents} | (set(st.cell_published) if st is not None else set()):
            ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=cell, diagnostics=[]))


@_guard(_none)
def on_did_save(ls: ShapelensServer, params: T.DidSaveTextDocumentParams) -> None:
    st = ls.docs.get(params.text_document.uri)
    # pyproject.toml may have been saved: re-check it on the next analysis
    if st is not None and st.pyproject is None:
        st.pyproject = ...
    path = ls.file_path(params.text_document.uri)
    if path is not None and path in ls.open_paths:
        ls.module_changed(path, on_disk=True)


@_guard(_none)
def on_did_close(ls: ShapelensServer, params: T.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    st = ls.docs.pop(uri, None)
    if st is not None:
        st.closed = True
    if not ls.pull_diagnostics:
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
    path = ls.file_path(uri)
    if path is not None and ls.open_paths.get(path) == uri:
        del ls.open_paths[path]
        ls.module_changed(path, on_disk=True)  # files importing it read the disk again
    if not ls.docs and ls._modules is not None:
        ls._modules.forget(block=False)  # nothing open: the analyses of imported modules go too


@_guard(lambda: T.RelatedFullDocumentDiagnosticReport(items=[]))
async def on_pull_diagnostics(ls: ShapelensServer, params: T.DocumentDiagnosticParams):
    uri = params.text_document.uri
    key = ls.key(uri)
    snap = await ls.snapshot(key, DIAGNOSTIC_WAIT)
    ls.mark_stale(key, snap, diagnostics=True)
    if snap is None:
        return T.RelatedFullDocumentDiagnosticReport(items=[])
    result_id = f"{snap.version}:{ls.config_generation}:{id(snap.analysis)}"
    if params.previous_result_id == result_id:
        return T.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return T.RelatedFullDocumentDiagnosticReport(items=ls.lsp_diagnostics(uri, snap), result_id=result_id)


@_guard(_none)
async def on_hover(ls: ShapelensServer, params: T.HoverParams) -> Optional[T.Hover]:
    uri = params.text_document.uri
    key = ls.key(uri)
    snap = await ls.snapshot(key, HOVER_WAIT, params.position.line if key == uri else None)
    if snap is None:
        return None
    line, col = ls.to_points(uri, snap, params.position)
    a = snap.analysis
    found, sym = a.layer_and_span_at(line, col), a.symbol_at(line, col)
    layer, layer_span = found if found is not None else (None, None)
    md = ls.markdown
    if sym is not None and (layer_span is None or sym.span.size() < layer_span.size()):
        model = None
        if sym.kind == "model":
            name = sym.text.split(".")[0]
            model = next((m for m in a.models if m.name == name), None) or a.model_at(sym.span.line)
        value, span = render.symbol_hover(sym, model, md), sym.span
    elif layer is not None:
        # the same call in other contexts (a sublayer inside a user layer's call(), called twice)
        same = [f for f in a.layers_on(line, line) if f.span == layer.span and f.call_span == layer.call_span]
        value, span = (render.layer_hovers(same, md) if len(same) > 1 else render.layer_hover(layer, md)), layer_span
    else:
        return None
    return T.Hover(
        contents=T.MarkupContent(kind=T.MarkupKind.Markdown if md else T.MarkupKind.PlainText, value=value),
        range=ls.span_range(uri, snap, span),
    )


@_guard(_list)
async def on_inlay_hint(ls: ShapelensServer, params: T.InlayHintParams) -> list:
    uri = params.text_document.uri
    key = ls.key(uri)
    snap = await ls.snapshot(key, HOVER_WAIT, params.range.end.line if key == uri else None)
    ls.mark_stale(key, snap, hints=True)
    if snap is None or not snap.config.inlay_hints:
        return []
    first, last = ls.request_lines(uri, snap, params.range.start.line, params.range.end.line)
    hints, seen = [], set()
    facts = sorted(snap.analysis.layers_on(first, last), key=lambda f: (f.span.line, f.span.col))
    at_place: dict = {}  # hint place -> the facts there (a call that ran in several contexts)
    for fact in facts:
        if fact.hint_at is not None:
            at_place.setdefault(fact.hint_at, []).append(fact)
    for fact in facts:
        if fact.hint_at is None or not (first <= fact.hint_at[0] <= last) or fact.hint_at in seen:
            continue
        same = at_place[fact.hint_at]
        label = render.inlay_label(fact) if len(same) == 1 else render.inlay_label_many(same)
        if label is None:
            continue
        seen.add(fact.hint_at)
        at = ls.span_range(uri, snap, Span(*fact.hint_at, *fact.hint_at))
        if at is not None:
            hints.append(T.InlayHint(position=at.start, label=label, kind=T.InlayHintKind.Type, padding_left=True))
    return hints


@_guard(_list)
async def on_code_action(ls: ShapelensServer, params: T.CodeActionParams) -> list:
    uri = params.text_document.uri
    key = ls.key(uri)
    snap = await ls.snapshot(key, ACTION_WAIT, params.range.end.line if key == uri else None)
    if snap is None or not ls.is_current(key, snap):
        return []  # edits computed on another version of the text would land in the wrong place
    start = ls.to_points(uri, snap, params.range.start)
    end = ls.to_points(uri, snap, params.range.end)
    only = params.context.only or None

    def wanted(kind: str) -> bool:
        return only is None or any(kind == o or kind.startswith(str(o) + ".") for o in only)

    preferred_ok = bool(ls.cap("text_document.code_action.is_preferred_support"))
    actions = []
    for d in snap.analysis.diagnostics:
        if not d.fixes or not _overlaps(d.span, start, end):
            continue
        lsp_diag = ls._lsp_diagnostic(uri, snap, d)
        for fix in d.fixes:
            kind = _QUICKFIX_KINDS.get(fix.kind, T.CodeActionKind.QuickFix)
            if not wanted(kind):
                continue
            actions.append(T.CodeAction(
                title=fix.title, kind=kind, diagnostics=[lsp_diag],
                is_preferred=True if (fix.preferred and preferred_ok) else None,
                edit=ls.workspace_edit(uri, snap, fix.edits)))
    for span, fix in snap.analysis.refactors_on(start[0], end[0]):
        kind = T.CodeActionKind.RefactorRewrite if fix.kind != "quickfix" else T.CodeActionKind.QuickFix
        if not _overlaps(span, start, end) or not wanted(kind):
            continue
        actions.append(T.CodeAction(title=fix.title, kind=kind,
                                    edit=ls.workspace_edit(uri, snap, fix.edits)))
    return actions


@_guard(_list)
async def on_code_lens(ls: ShapelensServer, params: T.CodeLensParams) -> list:
    uri = params.text_document.uri
    key = ls.key(uri)
    snap = await ls.snapshot(key, HOVER_WAIT)
    ls.mark_stale(key, snap, lenses=True)
    if snap is None:
        return []
    lenses = []
    for m in snap.analysis.models:
        at = ls.span_range(uri, snap, Span(m.span.line, m.span.col, m.span.line, m.span.col))
        if at is None:
            continue  # a model made in another cell
        start = at.start
        lenses.append(T.CodeLens(
            range=T.Range(start=start, end=start),
            command=T.Command(title=render.lens_title(m), command=SHOW_SUMMARY,
                              arguments=[uri, m.span.line])))
    return lenses


@_guard(dict)
def on_stats(ls: ShapelensServer, params: Any = None) -> dict:
    """For benchmarks and bug reports: per document, the time of its last analyses (engine,
    in the worker thread) and of publishing their results (this adapter)."""
    return {uri: {"timings": [list(t) for t in st.timings],
                  "layers": st.latest.analysis.layer_count() if st.latest else None}
            for uri, st in ls.docs.items()}


@_guard(dict)
def on_server_stats(ls: ShapelensServer, params: Any = None) -> dict:
    """For tests and bug reports: what the server holds (nothing may pile up in a long session)."""
    return {"pending_handlers": len(ls.protocol._request_futures), "documents": len(ls.docs),
            "workspace_documents": len(ls.workspace.text_documents)}


@_guard(lambda: "shapelens: could not build the summary (see the server log).")
async def show_summary(ls: ShapelensServer, *args) -> str:
    if not args or not isinstance(args[0], str):
        return "shapelens.showSummary needs the document URI as its first argument."
    line = args[1] if len(args) > 1 and isinstance(args[1], int) and not isinstance(args[1], bool) else None
    return await ls.summary(args[0], line)


def register(ls: ShapelensServer) -> None:
    """Install every handler on the server (the app calls this once)."""
    ls.feature(T.NOTEBOOK_DOCUMENT_DID_OPEN)(on_notebook_open)
    ls.feature(T.NOTEBOOK_DOCUMENT_DID_CHANGE)(on_notebook_change)
    ls.feature(T.NOTEBOOK_DOCUMENT_DID_CLOSE)(on_notebook_close)
    ls.feature(T.INITIALIZE)(on_initialize)
    ls.feature(T.SHUTDOWN)(on_shutdown)
    ls.feature(T.INITIALIZED)(on_initialized)
    ls.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)(on_watched_files)
    ls.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)(on_did_change_configuration)
    ls.feature(T.TEXT_DOCUMENT_DID_OPEN)(on_did_open)
    ls.feature(T.TEXT_DOCUMENT_DID_CHANGE)(on_did_change)
    ls.feature(T.TEXT_DOCUMENT_DID_SAVE)(on_did_save)
    ls.feature(T.TEXT_DOCUMENT_DID_CLOSE)(on_did_close)
    ls.feature(T.TEXT_DOCUMENT_DIAGNOSTIC,
                T.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=True,
                                    workspace_diagnostics=False))(on_pull_diagnostics)
    ls.feature(T.TEXT_DOCUMENT_HOVER)(on_hover)
    ls.feature(T.TEXT_DOCUMENT_INLAY_HINT, T.InlayHintOptions(resolve_provider=False))(on_inlay_hint)
    ls.feature(T.TEXT_DOCUMENT_CODE_ACTION,
                T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix,
                                                       T.CodeActionKind.RefactorRewrite],
                                    resolve_provider=False))(on_code_action)
    ls.feature(T.TEXT_DOCUMENT_CODE_LENS, T.CodeLensOptions(resolve_provider=False))(on_code_lens)
    ls.feature("shapelens/stats")(on_stats)
    ls.feature("shapelens/serverStats")(on_server_stats)
    ls.command(SHOW_SUMMARY)(show_summary)
