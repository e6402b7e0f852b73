"""A document's analysis session: its statements (chunks), the interpreter's state at each
statement boundary, which statements to replay and which to run again, and the facts they
produced (aggregate.FactStore)."""

from __future__ import annotations

import logging
import time
from typing import Optional

from ..results import Analysis
from . import debug, frontend
from .interpreter import Interp
from .python.scopes import Budget
from .records import ChunkRecord, same

log = logging.getLogger("shapelens.engine")


class Session:
    def __init__(self):
        from .aggregate import FactStore

        self.chunks: list = []
        self.env: dict = {}
        self.steps = 0
        self.deadline = 0.0
        self._text = None
        self._pieces = None
        self.store = FactStore()
        self.name_counts: dict = {}  # base -> auto names made before the statement that runs now

    def _match_chunks(self, pieces: list) -> tuple:
        """Keep the Chunk objects (parses, records) of the statements before and after the
        edited ones; returns the new chunk list, how many leading chunks are kept, and the
        chunks that are gone."""
        old = self.chunks
        n, m = len(old), len(pieces)
        pre = 0
        while pre < n and pre < m and old[pre].text == pieces[pre][1]:
            pre += 1
        suf = 0
        while suf < n - pre and suf < m - pre and old[n - 1 - suf].text == pieces[m - 1 - suf][1]:
            suf += 1
        out = old[:pre]
        for line, text in pieces[pre:m - suf]:
            out.append(frontend.Chunk(text, line))
        if suf:
            out.extend(old[n - suf:])
            first_moved = m - suf
            if old[n - suf].line != pieces[first_moved][0]:
                for ch, (line, _text) in zip(out[first_moved:], pieces[first_moved:]):
                    ch.line = line
        return out, pre, old[pre:n - suf]

    def run(self, text: str, time_budget: float = 5.0, pieces: Optional[list] = None, line_label=None) -> Analysis:
        self.deadline = time.monotonic() + time_budget
        self.steps = 0
        if pieces is not None:
            pass  # cut by the caller (a notebook: each cell on its own, statements never cross cells)
        elif self._text is None:
            pieces = frontend.chunk_texts(text)
        else:
            pieces = frontend.rechunk_text(self._text, self._pieces, text)
        self._text, self._pieces = text, pieces
        store = self.store
        chunks, pre, gone = self._match_chunks(pieces)
        self.chunks = chunks
        # Names that may be bound to other values than in the previous run at the current
        # statement: a statement whose reads avoid them all is replayed without comparing.
        # The statements that are gone were where the new ones start (index ``pre``).
        changed: set = set()
        gone_writes: set = set()
        for ch in gone:
            if ch.outputs is not None:
                gone_writes.update(ch.outputs.writes)
                store.replace(ch, ch.outputs, None)
                ch.outputs = None
        env: dict = {}
        self.env = env
        notices = []
        complete = True
        covered = None
        counts = self.name_counts = {}  # (see records.AutoName; a running statement reads it)
        for i, chunk in enumerate(chunks):
            if i == pre:
                changed |= gone_writes
            rec = chunk.outputs
            if rec is not None and (i < pre or not changed or rec.reads.keys().isdisjoint(changed)
                                    or rec.valid_for(env)):
                if rec.autos:
                    rec.names.start = {b: counts.get(b, 0) for b in rec.autos}
                if rec.names_hold():
                    env.update(rec.writes)
                    if changed:
                        changed.difference_update(rec.writes)
                    if rec.autos:
                        rec.count_names(counts)
                    continue
            if time.monotonic() > self.deadline:
                complete = False
                covered = chunk.line
                notices.append(f"analysis stopped at line {chunk.line + 1}: the file took longer than {time_budget:g} s")
                for rest in chunks[i:]:
                    if rest.outputs is not None:
                        store.replace(rest, rest.outputs, None)
                        rest.outputs = None
                break
            new = self.execute(chunk)
            if new.autos:
                new.count_names(counts)
            if rec is not None:
                for name, val in rec.writes.items():
                    if name not in new.writes or not same(val, new.writes[name]):
                        changed.add(name)
                    else:
                        changed.discard(name)
            changed.update(name for name in new.writes if rec is None or name not in rec.writes)
            store.replace(chunk, rec, new)
            chunk.outputs = new
            env.update(new.writes)
        analysis = store.snapshot(chunks, notices, complete, line_label)
        analysis.covered_to = covered
        return analysis

    def execute(self, chunk) -> ChunkRecord:
        rec = ChunkRecord()
        # The tree is not kept on the chunk: a statement runs again only when its text or its
        # inputs change, and most never do, so keeping ~6,000 trees for a 10,000-line file would
        # cost more memory than re-parsing the few that run again (the parse cache keeps the
        # recent ones).  Functions keep the tree they were defined in (FunctionV.parsed).
        parsed = frontend.parse_chunk(chunk.text)
        parts = [(0, parsed)] if parsed.module is not None else (parsed.pieces or [(0, parsed)])
        for off, p in parts:
            if p.module is None:
                if rec.syntax is None and p.error is not None:
                    rec.syntax = (p.error[0] + off, p.error[1], p.error[2])
                if p.note is not None:
                    rec.note = p.note
                continue
            interp = Interp(self, chunk, p, rec, line_off=off)
            try:
                interp.run_module(p.module)
            except Budget:
                break
            except RecursionError:
                log.debug("recursion limit in chunk at line %s", chunk.line + 1)
            except Exception:
                if debug.STRICT:
                    raise
                log.exception("engine failure in chunk at line %s", chunk.line + 1)
        if parsed.module is None and rec.syntax is None and parsed.error is not None:
            rec.syntax = parsed.error
        if rec.autos:  # its names read the session's running counts until now: keep its bases' values
            start = rec.names.start
            rec.names.start = {b: start.get(b, 0) for b in rec.autos}
        rec.compact()
        return rec
