"""shapelens language server: a thin pygls 2 adapter over the engine.

The engine (``Analyzer.analyze``) works in code points on plain text; this module owns the
protocol: documents and their versions, scheduling analysis off the event loop (one run at a
time per document, stale results never published), position encodings, configuration, and
turning analysis results into LSP diagnostics, hovers, inlay hints, code actions and code
lenses.  It never imports tensorflow or keras.

Entry point: :func:`main_lsp` (``shapelens lsp``, ``python -m shapelens.server``).
"""

from __future__ import annotations

import argparse
import sys

# asyncio imports ssl for TLS connections, which a language server on stdio or a local socket
# never makes: 7-12 ms of a cold start (OpenSSL's bindings).  asyncio is imported as on a Python
# built without ssl; afterwards ``import ssl`` works as usual for anyone who needs it.
_NO_SSL = "ssl" not in sys.modules
if _NO_SSL:
    sys.modules["ssl"] = None  # type: ignore[assignment]  (an import of it raises ImportError)
try:
    import asyncio
finally:
    if _NO_SSL and sys.modules.get("ssl", 0) is None:
        del sys.modules["ssl"]
import functools
import gc
import json
import logging
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import unquote

from .lsp_memory import release_free_memory, steady_malloc
from .lsp_startup import compile_cache, open_compile_cache, prewarm_converter

with compile_cache("imports"):  # lsprotocol's ~580 attrs classes, our dataclasses: see lsp_startup
    from lsprotocol import types as T
    from pygls.lsp.server import LanguageServer
    from pygls.uris import to_fs_path
    from pygls.workspace import TextDocument
    from pygls.workspace.position_codec import ServerTextPosition

    from . import lsp_render as render
    from .config import Config, find_pyproject, load_pyproject_config
    from .results import Analysis, Span

# (already imported by pygls.lsp.server)
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest, JsonRpcMethodNotFound
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.protocol import LanguageServerProtocol

from . import __version__
from .codes import doc_url
from .textlines import split_lines

log = logging.getLogger("shapelens.server")

SHOW_SUMMARY = "shapelens.showSummary"
SOURCE = "shapelens"

_SEVERITY = {
    "error": T.DiagnosticSeverity.Error,
    "warning": T.DiagnosticSeverity.Warning,
    "information": T.DiagnosticSeverity.Information,
    "hint": T.DiagnosticSeverity.Hint,
}

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


# How long a request waits for the analysis of the document's current version before it
# answers from the last finished one: hover, inlay hints, code lenses and code actions are
# answered within ~0.5 s even while edits keep arriving (an answer from an older analysis is
# followed by a refresh once the current one is out).  Pulled diagnostics and the summary
# command may wait longer: an editor asks for them once and shows what it gets.
HOVER_WAIT = 0.3
ACTION_WAIT = 0.4
DIAGNOSTIC_WAIT = 5.0
# A full garbage collection over a big analysis takes ~0.1 s per 10,000 lines: do it when the
# user has stopped typing for this long.
GC_IDLE = 1.0
FULL_GC_EVERY = 60.0
FULL_GC_QUIET = 3.0  # a full collection (~1 s per 20,000 analysed lines) waits for this long a pause
# The engine's time budget per run.  A publish is the whole truth for its version: the complete
# list of diagnostics.  Only a document whose first analysis takes longer than FIRST_BUDGET gets
# one partial publish first (the top of the file, where the editor opens it), said so in the
# log; the runs that go on where the engine stopped (same text) follow at once, each short
# enough that an edit made meanwhile waits at most ~1 s, and the next publish is complete.
FIRST_BUDGET = 0.3
# A request whose line no analysis covers yet (right after a big file is opened) waits up to this
# long for one instead of answering nothing (~1,500 lines are analysed by then, cold); still
# within the 1 s in which every request is answered.
FIRST_WAIT = 0.9
# Edits closer together than BURST_GAP, arriving while the document is still being worked on, are
# a burst (nobody types 100 characters a second): the analysis waits until the burst pauses for
# BURST_GAP, at most BURST_MAX_WAIT.  An edit after the last one's results were out runs at once.
BURST_GAP = 0.01
BURST_MAX_WAIT = 0.25
CONTINUE_BUDGET = 1.0
BUDGET = 5.0
MAX_CONTINUATIONS = 30


def _partial(analysis: Analysis) -> bool:
    complete = getattr(analysis, "complete", None)
    if complete is not None:
        return not complete
    return any(str(n).startswith("analysis stopped") for n in analysis.notices or ())


# --------------------------------------------------------------------------- documents


class Snapshot:
    """A finished analysis and the exact text (and version) it was computed from."""

    __slots__ = ("version", "text", "analysis", "config", "_lines", "_ascii", "seconds")

    def __init__(self, version: Optional[int], text: str, analysis: Analysis, config: Config,
                 seconds: float = 0.0):
        self.version = version
        self.text = text
        self.analysis = analysis
        self.config = config
        self.seconds = seconds
        self._lines: Optional[list] = None
        self._ascii: Optional[bool] = None

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


# --------------------------------------------------------------------------- the server


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


# --------------------------------------------------------------------------- JSON-RPC


_ANSWERED = object()  # a request pygls could not read, already answered with an error


class ShapelensProtocol(LanguageServerProtocol):
    """pygls' protocol, except that every request gets an answer: pygls drops a request whose
    params it cannot read (none at all, a string, wrong types) without a word, and the client
    waits forever.  Here ``params`` may be left out (JSON-RPC allows it), and a request that
    still cannot be read is answered with InvalidRequest, MethodNotFound or InvalidParams."""

    def _check_handler_result(self, future) -> None:
        """The callback of every notification's handler.  pygls 2.1 files each notification's
        future in ``_request_futures`` under a fresh id and never takes it out: with it stay the
        params (an edit's text) and the handler's generator, ~1 KB or more per keystroke for as
        long as the server runs.  Here it is taken out when it is done (the dict holds only the
        handlers still running, so the search is short)."""
        for key, pending in list(self._request_futures.items()):
            if pending is future:
                del self._request_futures[key]
                break
        super()._check_handler_result(future)

    cold_cache = None  # the "messages" compile cache, open from main_lsp to the first message

    def structure_message(self, data):
        if not isinstance(data, dict) or "jsonrpc" not in data:
            return data
        cache, self.cold_cache = self.cold_cache, None
        if cache is not None:
            try:  # the client's initialize: its converters compiled inside the cache
                return self._structure_message(data)
            finally:
                cache.close()
        return self._structure_message(data)

    def _structure_message(self, data):
        if "method" in data and "params" not in data:
            data = dict(data, params=None)
        try:
            return super().structure_message(data)
        except Exception as exc:
            if "id" not in data or "method" not in data or "error" in data:
                raise  # a notification or a response: nobody waits for an answer
            method = data.get("method")
            if not isinstance(method, str) or not isinstance(data.get("id"), (int, str)):
                error: JsonRpcException = JsonRpcInvalidRequest.of(exc)
            elif self.get_message_type(method) is None and method not in self.fm.features \
                    and method not in self.fm.builtin_features:
                error = JsonRpcMethodNotFound.of(method)
            else:
                error = JsonRpcInvalidParams.of(exc)
            log.warning("shapelens: cannot read request %r (%s): %s", data.get("id"), method, exc)
            msg_id = data.get("id")
            self._send_response(msg_id if isinstance(msg_id, (int, str)) else None, None,
                                error.to_response_error())
            return _ANSWERED

    def handle_message(self, message):
        if message is _ANSWERED:
            return
        super().handle_message(message)


_CONTENT_LENGTH = re.compile(rb"content-length:[ \t]*(\d+)", re.IGNORECASE)


async def _read_messages(stop_event, reader, protocol: ShapelensProtocol, error_handler) -> None:
    """pygls' ``run_async`` with a forgiving header parser: pygls only accepts a header line
    that is exactly ``Content-Length: N``, so after a broken header (``Content-Length: abc``
    followed by a body) the next header arrives glued to that body and it never finds a
    message again -- alive but deaf.  Here a ``Content-Length`` anywhere in a header line
    counts, so at most one message is lost."""
    content_length = None
    while not stop_event.is_set():
        header = await reader.readline()
        if not header:
            break
        match = _CONTENT_LENGTH.search(header)
        if match:
            content_length = int(match.group(1))
            continue
        if header.strip() or content_length is None:
            continue  # another header (Content-Type), or a blank line without a length
        length, content_length = content_length, None
        body = await reader.readexactly(length) if length else b""
        if length and not body:
            break
        try:
            message = json.loads(body, object_hook=protocol.structure_message)
            protocol.handle_message(message)
        except Exception as exc:
            log.warning("shapelens: unable to handle a message: %s", exc)
            error_handler(exc, JsonRpcException)


class _PipeReader:
    """stdin read by the event loop itself, as asyncio reads a pipe or socket.

    pygls reads stdin in a worker thread, three hand-overs per message (header line, blank
    line, body), and each hand-over waits for the GIL.  While an analysis runs in another
    thread the loop gets the GIL back only every few milliseconds, so during a burst of edits
    the messages were read more slowly than they came, and a hover queued behind them was
    answered after more than a second.  Here one wake-up of the loop reads everything that has
    arrived (many messages at once) and the rest is parsing in memory.  Where stdin cannot be
    watched by the loop (a regular file, some platforms) pygls' reader is used."""

    HEADER_LIMIT = 1 << 20  # a longer header line is skipped as garbage

    def __init__(self, stream: asyncio.StreamReader):
        self.stream = stream

    @classmethod
    async def open(cls, stdin) -> Optional["_PipeReader"]:
        loop = asyncio.get_running_loop()
        stream = asyncio.StreamReader(limit=cls.HEADER_LIMIT, loop=loop)
        pipe = None
        try:
            # a second descriptor: the transport closes its own when it is done, stdin stays
            pipe = os.fdopen(os.dup(stdin.fileno()), "rb", buffering=0)
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream, loop=loop), pipe)
        except (ValueError, OSError, NotImplementedError, AttributeError) as exc:
            log.debug("shapelens: stdin is read by a thread (%s)", exc)
            if pipe is not None:
                pipe.close()
            return None
        return cls(stream)

    async def readline(self) -> bytes:
        try:
            return await self.stream.readline()
        except ValueError:  # over HEADER_LIMIT: dropped by the stream; not a header we can use
            return b"?\r\n"

    async def readexactly(self, n: int) -> bytes:
        try:
            return await self.stream.readexactly(n)
        except asyncio.IncompleteReadError as exc:  # the client went away mid-message
            return exc.partial


class ShapelensServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("shapelens", __version__,
                         text_document_sync_kind=T.TextDocumentSyncKind.Incremental,
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

    def document(self, uri: str) -> Optional[TextDocument]:
        """The open document (pygls keys them by unquoted URI), or None."""
        return self.workspace.text_documents.get(unquote(uri))

    # ---- scheduling
    def state(self, uri: str) -> DocState:
        st = self.docs.get(uri)
        if st is None:
            st = self.docs[uri] = DocState(uri)
        return st

    def schedule(self, uri: str) -> None:
        now = self._last_request = time.monotonic()
        if self._gc_timer is not None:
            self._gc_timer.cancel()
            self._gc_timer = None
        st = self.state(uri)
        busy = st.task is not None and not st.task.done()
        st.edits += 1
        st.burst, st.last_edit = busy and now - st.last_edit < BURST_GAP, now
        st.dirty = True
        st.closed = False
        if st.task is None or st.task.done():
            st.task = asyncio.ensure_future(self._worker(st))

    async def _worker(self, st: DocState) -> None:
        loop = asyncio.get_running_loop()
        first = False
        while st.dirty and not st.closed:
            if st.burst:
                # Edits arriving faster than anyone types (a paste in many pieces, a macro, an
                # editor replaying changes): wait for a short pause, so that the analysis of
                # versions about to be replaced does not starve the event loop (it shares the
                # GIL) and requests are still answered at once.
                waited = 0.0
                while time.monotonic() - st.last_edit < BURST_GAP and waited < BURST_MAX_WAIT:
                    await asyncio.sleep(BURST_GAP)
                    waited += BURST_GAP
                if st.closed:
                    return
            st.dirty = False
            doc = self.document(st.uri)
            if doc is None:
                return
            text, version, edits = doc.source, doc.version, st.edits
            try:
                config = self.config_for(st)
                t0 = time.perf_counter()
                # A document's first analysis gets a short budget: what is done (the top of the
                # file) is published at once and the rest follows (see _partial below).
                budget = (FIRST_BUDGET if st.latest is None
                          else CONTINUE_BUDGET if _partial(st.latest.analysis) else BUDGET)
                analysis = await loop.run_in_executor(self.executor, self._analyze, st, text, config, budget)
                seconds = time.perf_counter() - t0
            except Exception:
                log.exception("shapelens: analysis of %s (version %s) failed", st.uri, version)
                st.analyzer = None  # its incremental state may be half-updated: start afresh
                if "failed" not in st.notices_logged:
                    st.notices_logged.add("failed")
                    self.window_log_message(T.LogMessageParams(
                        type=T.MessageType.Error,
                        message=f"shapelens: analysis of {st.uri} failed; see the server's stderr"))
                continue
            if st.closed:
                return
            snap = Snapshot(version, text, analysis, config, seconds)
            first = first or st.latest is None
            st.latest, st.latest_edits = snap, edits
            waiters, st.waiters = st.waiters, []
            for fut in waiters:
                if not fut.done():
                    fut.set_result(None)
            if st.dirty:
                continue  # a newer version is waiting: never publish a stale one
            self._analyses_since_gc += 1
            going_on = False
            partial = _partial(analysis)
            if partial:
                # The engine stopped at its time budget; it keeps what it finished, so running
                # it again on the same text goes on from there.
                st.continuations = st.continuations + 1 if st.continued_version == version else 1
                st.continued_version = version
                going_on = st.continuations <= MAX_CONTINUATIONS
            # What is published is complete, but for a slow file's very first publish (logged)
            # and for a file the engine gave up on (its notice says where it stopped).
            publish = not partial or not going_on or not st.published
            t1 = time.perf_counter()
            try:
                if publish and partial and going_on:
                    covered = getattr(analysis, "covered_to", None)
                    self.window_log_message(T.LogMessageParams(
                        type=T.MessageType.Log,
                        message=f"shapelens: {st.uri} (version {version}): first results published for "
                                f"lines 1-{covered if covered is not None else '?'} after {seconds:.2f} s; "
                                f"the complete list follows"))
                self._after_analysis(st, snap, log_notices=not going_on, publish=publish)
                st.published = st.published or publish
            except Exception:
                log.exception("shapelens: publishing results for %s failed", st.uri)
            st.timings.append((version, seconds, time.perf_counter() - t1, _partial(analysis), time.time()))
            del st.timings[:-200]
            if going_on:
                st.dirty = True
        if not st.dirty:
            if self._gc_timer is not None:
                self._gc_timer.cancel()
            # right after a document's first (cold, biggest) analysis, else once the user pauses
            self._gc_timer = loop.call_later(0 if first else GC_IDLE, self._idle_gc)

    def _idle_gc(self) -> None:
        """Collect garbage while the user is not typing.  The modules and lsprotocol's types
        were frozen at start-up (gc.freeze), so a collection only looks at what analyses made.
        This runs on the event loop and holds the GIL, so it stays cheap: usually the young
        generations (gc.collect(1)); at most once a minute, and only when no request or edit
        came in for FULL_GC_QUIET s, all of them (~0.1 s for a 10,000-line file), so cycles
        among long-lived objects are reclaimed too.  Then the freed C-heap pages go back to
        the system."""
        self._gc_timer = None
        if self._analyses_since_gc == 0:
            return
        if any(st.task is not None and not st.task.done() for st in self.docs.values()):
            return  # still working: the worker re-arms the timer when it is done
        t0 = time.perf_counter()
        due = t0 - self._last_full_gc > FULL_GC_EVERY
        full = due and time.monotonic() - self._last_request > FULL_GC_QUIET
        if full:
            self._last_full_gc = t0
            gc.collect()
        else:
            gc.collect(1)
        steady_malloc()
        release_free_memory()
        if due and not full:  # try the full collection again once requests pause
            self._gc_timer = asyncio.get_running_loop().call_later(FULL_GC_QUIET, self._idle_gc)
        else:
            self._analyses_since_gc = 0
        log.debug("shapelens: %s garbage collection took %.0f ms", "full" if full else "young",
                  (time.perf_counter() - t0) * 1000)

    def _analyze(self, st: DocState, text: str, config: Config, budget: float = 5.0) -> Analysis:
        if st.analyzer is None:
            from .analysis import Analyzer

            st.analyzer = Analyzer()
        return st.analyzer.analyze(text, config, time_budget=budget)

    def _after_analysis(self, st: DocState, snap: Snapshot, log_notices: bool = True, publish: bool = True) -> None:
        for notice in (snap.analysis.notices or ()) if log_notices else ():
            if notice not in st.notices_logged:
                st.notices_logged.add(notice)
                self.window_log_message(T.LogMessageParams(type=T.MessageType.Info,
                                                           message=f"shapelens: {notice}"))
        if publish and not self.pull_diagnostics:
            self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
                uri=st.uri, diagnostics=self.lsp_diagnostics(st.uri, snap), version=snap.version))

        if st.hints_stale:
            st.hints_stale = False
            if self.cap("workspace.inlay_hint.refresh_support"):
                self._fire(self.workspace_inlay_hint_refresh_async(None))
        if st.lenses_stale:
            st.lenses_stale = False
            if self.cap("workspace.code_lens.refresh_support"):
                self._fire(self.workspace_code_lens_refresh_async(None))
        if st.diagnostics_stale:
            st.diagnostics_stale = False
            if self.pull_diagnostics and self.cap("workspace.diagnostics.refresh_support"):
                self._fire(self.workspace_diagnostic_refresh_async(None))

    def _fire(self, coro) -> None:
        """Send a request whose answer we do not need (refreshes), ignoring failures."""
        task = asyncio.ensure_future(coro)
        task.add_done_callback(lambda t: t.cancelled() or t.exception())

    async def snapshot(self, uri: str, wait: float, line: Optional[int] = None) -> Optional[Snapshot]:
        """The analysis of the document's current version, waiting up to ``wait`` seconds for
        it (for one that covers ``line``, when given); otherwise the last finished one.  While no
        analysis covers the line at all (a big file just opened), it waits up to FIRST_WAIT."""
        self._last_request = time.monotonic()
        st = self.docs.get(uri)
        if st is None:
            return None
        # Done waiting once the text of this moment (or a later one) is analysed to the end (or
        # past the line asked about), not when the worker goes idle: during a stream of edits it
        # never does.
        target = st.edits
        loop = asyncio.get_running_loop()
        start = loop.time()
        while True:
            task = st.task
            if task is None or task.done():
                break
            latest = st.latest
            fresh = latest is not None and st.latest_edits >= target
            if fresh and (not _partial(latest.analysis) or (line is not None and latest.analysis.covers(line))):
                break
            # an analysis (of an older text, too) that covers the line: wait the request's time;
            # none at all yet: up to FIRST_WAIT
            covered = latest is not None and (latest.analysis.covers(line) if line is not None
                                              else not _partial(latest.analysis))
            remaining = start + (wait if covered else max(wait, FIRST_WAIT)) - loop.time()
            if remaining <= 0:
                break
            fut = loop.create_future()
            st.waiters.append(fut)
            await asyncio.wait((task, fut), timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            if not fut.done():
                fut.cancel()
                if fut in st.waiters:
                    st.waiters.remove(fut)
        return st.latest

    def mark_stale(self, uri: str, snap: Optional[Snapshot], hints: bool = False, lenses: bool = False,
                   diagnostics: bool = False) -> None:
        """An answer given from an older analysis (or none): refresh when the current one is out."""
        st = self.docs.get(uri)
        if st is None or (snap is not None and self.is_current(uri, snap) and not _partial(snap.analysis)):
            return
        if hints:
            st.hints_stale = True
        if lenses:
            st.lenses_stale = True
        if diagnostics:
            st.diagnostics_stale = True

    def is_current(self, uri: str, snap: Snapshot) -> bool:
        doc = self.document(uri)
        return doc is not None and doc.version == snap.version and doc.source == snap.text

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

    # ---- summaries (the executeCommand)
    async def summary(self, uri: str, line: Optional[int]) -> str:
        snap = await self.snapshot(uri, DIAGNOSTIC_WAIT)
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


server = ShapelensServer()


# --------------------------------------------------------------------------- lifecycle


@server.feature(T.INITIALIZE)
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


@server.feature(T.SHUTDOWN)
@_guard(_none)
def on_shutdown(ls: ShapelensServer, params: Any = None) -> None:
    for st in ls.docs.values():
        st.closed = True  # workers stop after their current run; nothing more is published
    ls.executor.shutdown(wait=False, cancel_futures=True)


@server.feature(T.INITIALIZED)
@_guard(_none)
def on_initialized(ls: ShapelensServer, params: T.InitializedParams) -> None:
    # Re-read [tool.shapelens] when a pyproject.toml changes, if the client can watch files.
    if ls.cap("workspace.did_change_watched_files.dynamic_registration"):
        ls._fire(ls.client_register_capability_async(T.RegistrationParams(registrations=[T.Registration(
            id="shapelens-pyproject", method=T.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=T.DidChangeWatchedFilesRegistrationOptions(watchers=[
                T.FileSystemWatcher(glob_pattern="**/pyproject.toml")]))])))


@server.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@_guard(_none)
def on_watched_files(ls: ShapelensServer, params: T.DidChangeWatchedFilesParams) -> None:
    if not any(c.uri.endswith("pyproject.toml") for c in params.changes):
        return
    ls.reconfigure(forget_pyproject=True)


# Analysed once at start, inside the compile cache: it loads the modules the engine imports
# only when a model needs them (the layer catalog, Keras' operations) before the user's file.
_WARM_UP_SOURCE = """import keras
model = keras.Sequential([keras.Input(shape=(4, 2)), keras.layers.LSTM(3), keras.layers.Dense(1)])
"""


def _warm_up() -> None:
    try:
        with compile_cache("engine"):  # libcst's node dataclasses: see lsp_startup
            from .analysis import Analyzer

            Analyzer().analyze(_WARM_UP_SOURCE)
    except Exception:
        log.exception("shapelens: the engine could not be loaded")


@server.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)
@_guard(_none)
def on_did_change_configuration(ls: ShapelensServer, params: T.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if not isinstance(settings, dict) or not settings:
        return  # "pull your settings" pings: our settings come with initializationOptions
    ls.apply_settings(settings)
    ls.reconfigure()


@server.feature(T.TEXT_DOCUMENT_DID_OPEN)
@_guard(_none)
def on_did_open(ls: ShapelensServer, params: T.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
@_guard(_none)
def on_did_change(ls: ShapelensServer, params: T.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(T.TEXT_DOCUMENT_DID_SAVE)
@_guard(_none)
def on_did_save(ls: ShapelensServer, params: T.DidSaveTextDocumentParams) -> None:
    st = ls.docs.get(params.text_document.uri)
    # pyproject.toml may have been saved: re-check it on the next analysis
    if st is not None and st.pyproject is None:
        st.pyproject = ...


@server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
@_guard(_none)
def on_did_close(ls: ShapelensServer, params: T.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    st = ls.docs.pop(uri, None)
    if st is not None:
        st.closed = True
    if not ls.pull_diagnostics:
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


# --------------------------------------------------------------------------- features


@server.feature(T.TEXT_DOCUMENT_DIAGNOSTIC,
                T.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False,
                                    workspace_diagnostics=False))
@_guard(lambda: T.RelatedFullDocumentDiagnosticReport(items=[]))
async def on_pull_diagnostics(ls: ShapelensServer, params: T.DocumentDiagnosticParams):
    uri = params.text_document.uri
    snap = await ls.snapshot(uri, DIAGNOSTIC_WAIT)
    ls.mark_stale(uri, snap, diagnostics=True)
    if snap is None:
        return T.RelatedFullDocumentDiagnosticReport(items=[])
    result_id = f"{snap.version}:{ls.config_generation}:{id(snap.analysis)}"
    if params.previous_result_id == result_id:
        return T.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return T.RelatedFullDocumentDiagnosticReport(items=ls.lsp_diagnostics(uri, snap), result_id=result_id)


@server.feature(T.TEXT_DOCUMENT_HOVER)
@_guard(_none)
async def on_hover(ls: ShapelensServer, params: T.HoverParams) -> Optional[T.Hover]:
    uri = params.text_document.uri
    snap = await ls.snapshot(uri, HOVER_WAIT, params.position.line)
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
        value, span = render.layer_hover(layer, md), layer_span
    else:
        return None
    return T.Hover(
        contents=T.MarkupContent(kind=T.MarkupKind.Markdown if md else T.MarkupKind.PlainText, value=value),
        range=ls.positions(snap).range(span),
    )


@server.feature(T.TEXT_DOCUMENT_INLAY_HINT, T.InlayHintOptions(resolve_provider=False))
@_guard(_list)
async def on_inlay_hint(ls: ShapelensServer, params: T.InlayHintParams) -> list:
    uri = params.text_document.uri
    snap = await ls.snapshot(uri, HOVER_WAIT, params.range.end.line)
    ls.mark_stale(uri, snap, hints=True)
    if snap is None or not snap.config.inlay_hints:
        return []
    first, last = params.range.start.line, params.range.end.line
    conv = ls.positions(snap)
    hints, seen = [], set()
    facts = sorted(snap.analysis.layers_on(first, last), key=lambda f: (f.span.line, f.span.col))
    for fact in facts:
        if fact.hint_at is None or not (first <= fact.hint_at[0] <= last) or fact.hint_at in seen:
            continue
        label = render.inlay_label(fact)
        if label is None:
            continue
        seen.add(fact.hint_at)
        hints.append(T.InlayHint(position=conv.pos(*fact.hint_at), label=label,
                                 kind=T.InlayHintKind.Type, padding_left=True))
    return hints


_QUICKFIX_KINDS = {"quickfix": T.CodeActionKind.QuickFix, "refactor": T.CodeActionKind.RefactorRewrite}


@server.feature(T.TEXT_DOCUMENT_CODE_ACTION,
                T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix,
                                                       T.CodeActionKind.RefactorRewrite],
                                    resolve_provider=False))
@_guard(_list)
async def on_code_action(ls: ShapelensServer, params: T.CodeActionParams) -> list:
    uri = params.text_document.uri
    snap = await ls.snapshot(uri, ACTION_WAIT, params.range.end.line)
    if snap is None or not ls.is_current(uri, snap):
        return []  # edits computed on another version of the text would land in the wrong place
    start = ls.to_points(uri, snap, params.range.start)
    end = ls.to_points(uri, snap, params.range.end)
    only = params.context.only or None

    def wanted(kind: str) -> bool:
        return only is None or any(kind == o or kind.startswith(str(o) + ".") for o in only)

    preferred_ok = bool(ls.cap("text_document.code_action.is_preferred_support"))
    conv = ls.positions(snap)
    actions = []
    for d in snap.analysis.diagnostics:
        if not d.fixes or not _overlaps(d.span, start, end):
            continue
        lsp_diag = ls._lsp_diagnostic(uri, conv, d)
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


@server.feature(T.TEXT_DOCUMENT_CODE_LENS, T.CodeLensOptions(resolve_provider=False))
@_guard(_list)
async def on_code_lens(ls: ShapelensServer, params: T.CodeLensParams) -> list:
    uri = params.text_document.uri
    snap = await ls.snapshot(uri, HOVER_WAIT)
    ls.mark_stale(uri, snap, lenses=True)
    if snap is None:
        return []
    conv = ls.positions(snap)
    lenses = []
    for m in snap.analysis.models:
        start = conv.pos(m.span.line, m.span.col)
        lenses.append(T.CodeLens(
            range=T.Range(start=start, end=start),
            command=T.Command(title=render.lens_title(m), command=SHOW_SUMMARY,
                              arguments=[uri, m.span.line])))
    return lenses


@server.feature("shapelens/stats")
@_guard(dict)
def on_stats(ls: ShapelensServer, params: Any = None) -> dict:
    """For benchmarks and bug reports: per document, the time of its last analyses (engine,
    in the worker thread) and of publishing their results (this adapter)."""
    return {uri: {"timings": [list(t) for t in st.timings],
                  "layers": st.latest.analysis.layer_count() if st.latest else None}
            for uri, st in ls.docs.items()}


@server.feature("shapelens/serverStats")
@_guard(dict)
def on_server_stats(ls: ShapelensServer, params: Any = None) -> dict:
    """For tests and bug reports: what the server holds (nothing may pile up in a long session)."""
    return {"pending_handlers": len(ls.protocol._request_futures), "documents": len(ls.docs),
            "workspace_documents": len(ls.workspace.text_documents)}


@server.command(SHOW_SUMMARY)
@_guard(lambda: "shapelens: could not build the summary (see the server log).")
async def show_summary(ls: ShapelensServer, *args) -> str:
    if not args or not isinstance(args[0], str):
        return "shapelens.showSummary needs the document URI as its first argument."
    line = args[1] if len(args) > 1 and isinstance(args[1], int) and not isinstance(args[1], bool) else None
    return await ls.summary(args[0], line)


# --------------------------------------------------------------------------- entry point


def main_lsp(argv: Any = None) -> int:
    """``shapelens lsp [--stdio | --tcp HOST:PORT] [--log-level LEVEL] [--log-file PATH]``.

    ``argv`` is a list of arguments, or the ``argparse.Namespace`` of the ``shapelens lsp``
    subcommand (its ``tcp``, ``log_level``, ``log_file`` attributes, when present)."""
    if isinstance(argv, argparse.Namespace):
        ns, argv = argv, []
        for attr, flag in (("tcp", "--tcp"), ("log_level", "--log-level"), ("log_file", "--log-file")):
            if getattr(ns, attr, None):
                argv += [flag, str(getattr(ns, attr))]
    parser = argparse.ArgumentParser(prog="shapelens lsp", description="Run the shapelens language server.")
    parser.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead (debugging)")
    parser.add_argument("--log-level", default=os.environ.get("SHAPELENS_LOG", "WARNING"))
    parser.add_argument("--log-file", default=None)
    args = parser.parse_args(argv)

    handler: logging.Handler = (logging.FileHandler(args.log_file) if args.log_file
                                else logging.StreamHandler(sys.stderr))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(getattr(logging, str(args.log_level).upper(), logging.WARNING))

    cache = open_compile_cache("messages")  # closed by the first message (see structure_message)
    prewarm_converter(server.protocol._converter)
    server.protocol.cold_cache = cache
    gc.freeze()  # modules, classes and lsprotocol's types live as long as the process

    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
        return 0

    # The protocol owns the real stdout; anything else printing (a stray print in a plugin)
    # goes to stderr instead of corrupting the JSON-RPC stream.
    proto_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, proto_out)
    return 0


def start(tcp: Optional[str] = None) -> int:
    return main_lsp(["--tcp", tcp] if tcp else [])


if __name__ == "__main__":
    raise SystemExit(main_lsp(sys.argv[1:]))
