"""Analysis off the event loop: one run at a time per document in a worker thread, the engine's
time budgets, bursts of edits, continuation of a big file's first run, publishing only the
complete list of diagnostics, and requests that wait for the analysis of their own text and line."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Optional

from lsprotocol import types as T

from ..config import Config
from ..results import Analysis
from ..notebook import NotebookAnalyzer
from .documents import DocState, Snapshot, _partial
from .notebooks import CellMap
from .memory import GC_IDLE

log = logging.getLogger("shapelens.server")

# How long a request waits for the analysis of the document's current version before it
# answers from the last finished one: hover, inlay hints, code lenses and code actions are
# answered within ~0.5 s even while edits keep arriving (an answer from an older analysis is
# followed by a refresh once the current one is out).  Pulled diagnostics and the summary
# command may wait longer: an editor asks for them once and shows what it gets.
HOVER_WAIT = 0.3
ACTION_WAIT = 0.4
DIAGNOSTIC_WAIT = 5.0
# The engine's time budget per run.  A publish is the whole truth for its version: the complete
# list of diagnostics.  Only a document whose first analysis takes longer than FIRST_BUDGET gets
# one partial publish first (the top of the file, where the editor opens it), said so in the
# log; the runs that go on where the engine stopped (same text) follow at once, each short
# enough that an edit made meanwhile waits at most ~1 s, and the next publish is complete.
FIRST_BUDGET = 0.12
# A request whose line no analysis covers yet (right after a big file is opened) waits for one
# instead of answering nothing: as long as the analysis, at the pace it goes, reaches the line
# within FIRST_WAIT (a line far down a huge file is answered at once from what there is, so that
# every request is still answered within ~1 s).
FIRST_WAIT = 0.8
# Edits closer together than BURST_GAP, arriving while the document is still being worked on, are
# a burst (nobody types 100 characters a second): the analysis waits until the burst pauses for
# BURST_GAP, at most BURST_MAX_WAIT.  An edit after the last one's results were out runs at once.
BURST_GAP = 0.01
BURST_MAX_WAIT = 0.25
CONTINUE_BUDGET = 1.0
BUDGET = 5.0
MAX_CONTINUATIONS = 30


class Scheduler:
    """ShapelensServer's part for scheduling analyses (mixed into the server)."""

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
            cells = getattr(doc, "cells", None)  # a notebook: its cells as they are now
            if st.latest is None and st.started is None:
                st.started = time.monotonic()  # the pace of the first analysis (see _time_to_cover)
            try:
                config = self.config_for(st)
                t0 = time.perf_counter()
                # A document's first analysis gets a short budget: what is done (the top of the
                # file) is published at once and the rest follows (see _partial below).
                budget = (FIRST_BUDGET if st.latest is None
                          else CONTINUE_BUDGET if _partial(st.latest.analysis) else BUDGET)
                analysis = await loop.run_in_executor(self.executor, self._analyze, st,
                                                      text if cells is None else cells, config, budget)
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
            if cells is not None:
                snap.cells = CellMap(analysis.notebook, doc.cell_uris, [c.source for c in cells])
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
            if publish and partial and going_on and not getattr(analysis, "covered_to", None):
                publish = False  # nothing finished yet: an empty list is no first result
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

    def _analyze(self, st: DocState, text, config: Config, budget: float = 5.0) -> Analysis:
        """Analyse a document's text, or a notebook's cells (a list: then the analysis carries the
        NotebookText that maps it back to the cells, as ``.notebook``)."""
        if isinstance(text, list):
            if not isinstance(st.analyzer, NotebookAnalyzer):
                st.analyzer = NotebookAnalyzer(self.file_path(st.uri), self.modules)
            analysis, nb = st.analyzer.analyze(text, config, time_budget=budget)
            analysis.notebook = nb
            return analysis
        if st.analyzer is None or isinstance(st.analyzer, NotebookAnalyzer):
            from ..analysis import Analyzer

            # its imports of the user's other files are followed (the editor's text of open ones)
            st.analyzer = Analyzer(self.file_path(st.uri), self.modules)
        return st.analyzer.analyze(text, config, time_budget=budget)

    def _after_analysis(self, st: DocState, snap: Snapshot, log_notices: bool = True, publish: bool = True) -> None:
        for notice in (snap.analysis.notices or ()) if log_notices else ():
            if notice not in st.notices_logged:
                st.notices_logged.add(notice)
                self.window_log_message(T.LogMessageParams(type=T.MessageType.Info,
                                                           message=f"shapelens: {notice}"))
        if publish and not self.pull_diagnostics:
            if snap.cells is None:
                self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
                    uri=st.uri, diagnostics=self.lsp_diagnostics(st.uri, snap), version=snap.version))
            else:  # a notebook: per cell whose list or version changed, an empty list for cells gone
                by_uri = self._diagnostics_by_uri(st.uri, snap)
                published = {}
                for uri in snap.cells.cell_uris:
                    diags = by_uri.get(uri, [])
                    version = self._cell_version(uri)
                    key = (version, diags)
                    if st.cell_published.get(uri) != key:
                        self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
                            uri=uri, diagnostics=diags, version=version))
                    published[uri] = key
                for uri in set(st.cell_published) - set(published):
                    self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
                st.cell_published = published

        if snap.cells is not None and publish and self._other_cells_changed(st, snap):
            # an edit in one cell changed what another shows (a fix in the encoder's cell clears
            # the decoder's error): the editor asks again only for the cell it edited, unless told
            st.hints_stale = st.lenses_stale = st.diagnostics_stale = True

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

    def _other_cells_changed(self, st: DocState, snap: Snapshot) -> bool:
        """Whether a cell whose text did not change shows something else now (its diagnostics,
        shapes or model lenses): the results of each cell are compared with the last analysis."""
        a, nb, uris = snap.analysis, snap.cells.nb, snap.cells.cell_uris
        shown: dict = {}

        def add(span, *item) -> None:  # by the cell's own lines: an edit above moves no other cell
            cell, local = nb.cell_span(span)
            if cell < len(uris):
                shown.setdefault(uris[cell], []).append((local, *item))

        for f in a.layers:
            add(f.span, f.layer, f.input_shape, f.output_shape, f.params)
        for d in a.diagnostics:
            add(d.span, d.code, d.message)
        for m in a.models:
            add(m.span, m.params, m.outputs, len(m.rows))
        results = {u: (self._cell_version(u), tuple(map(repr, shown.get(u, ())))) for u in uris}
        before, st.cell_results = st.cell_results, results
        return any(u in before and before[u][0] == version and before[u][1] != items
                   for u, (version, items) in results.items())

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
            # none yet: as long as the analysis will get there soon
            covered = latest is not None and (latest.analysis.covers(line) if line is not None
                                              else not _partial(latest.analysis))
            remaining = start + (wait if covered else max(wait, self._time_to_cover(st, line, start))) - loop.time()
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

    def _time_to_cover(self, st: DocState, line: Optional[int], start: float) -> float:
        """How long (from ``start``) a request may wait for the first analysis to reach its line:
        up to FIRST_WAIT, if the pace of the analysis so far says it gets there by then."""
        latest = st.latest
        if latest is None or st.started is None:  # the first run has not reported: wait for it
            return FIRST_BUDGET + 0.3
        covered = getattr(latest.analysis, "covered_to", None)
        now = asyncio.get_running_loop().time()
        elapsed = time.monotonic() - st.started
        if line is None:
            return FIRST_WAIT
        if not covered or elapsed <= 0:
            return 0.0  # its first run reached no line at all: a slow file, answer from what there is
        eta = (line - covered) / (covered / elapsed)  # seconds more, at the pace so far
        return now - start + eta * 1.2 if now - start + eta * 1.2 <= FIRST_WAIT else 0.0

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
