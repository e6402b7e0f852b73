"""A document's analysis session: its statements (chunks), the interpreter's state at each
statement boundary, which statements to replay and which to run again, and the facts they
produced (aggregate.FactStore).

With a module ``loader`` (engine/modules.py) the session also follows imports of the user's other
files: a statement that imported one is replayed only while the import gives the same result,
and what a statement's run placed in another file is not this file's (``_localize``).  A session
that analyses an imported module (``module``) keeps no facts: its environment is what counts."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import time
from typing import Optional

from ..results import Analysis
from . import debug, frontend
from .interpreter import Interp
from .python.scopes import Budget
from .records import ChunkRecord, same

log = logging.getLogger("shapelens.engine")

# ``os.environ["TF_USE_LEGACY_KERAS"] = "1"`` (or setdefault/update/%env with 1 or true): the
# file's ``tf.keras`` is Keras 2 (tf_keras), whose rules are not Keras 3's (engine/paths.py).
_LEGACY_TF_KERAS = re.compile(r"""TF_USE_LEGACY_KERAS['"]?\s*[\]=,:]\s*=?\s*['"]?(?:1|true)\b""", re.IGNORECASE)


class ModuleChunk(frontend.Chunk):
    """A statement of an imported module: a place in another file (see ``_localize``)."""

    __slots__ = ("module",)
    foreign = True  # (aggregate: a model's row made in another file has no place in this one)


class Session:
    def __init__(self, path: Optional[str] = None, loader=None, module=None, seed: Optional[dict] = None):
        """``path``: the file's (for its imports); ``loader``: the modules.ModuleLoader that
        follows imports of the user's files (None: they are not followed); ``module``: the
        modules.ModuleState when this session analyses an imported module (no facts are kept);
        ``seed``: names the module starts with (an imported module's ``__name__``)."""
        from .aggregate import FactStore

        self.path = path
        self.loader = loader
        self.module = module
        self.seed = seed or {}
        self.deps: dict = {}  # chunk -> {import request: the result it gave}, for its replay
        self._cur_deps: Optional[dict] = None
        self.run_ctx = None  # modules.RunContext of the run going on
        self.stack: tuple = ()  # the files being imported, this one last (cycles are cut)
        self.executed_total = 0  # statements run (not replayed) so far
        self.complete = True  # the last run got to the end
        self.broken = False  # the last run met a syntax error
        self.imported: frozenset = frozenset()  # the files the last run read through imports
        self.missing: frozenset = frozenset()  # the dotted names its imports did not find among the files
        self.chunks: list = []
        self.env: dict = {}
        self.steps = 0
        self.deadline = 0.0
        self._text = None
        self._pieces = None
        self.store = FactStore()
        self.name_counts: dict = {}  # base -> auto names made before the statement that runs now
        self.legacy_tf_keras = False  # the text sets TF_USE_LEGACY_KERAS (see _LEGACY_TF_KERAS)

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
            out.append(self._chunk(text, line))
        if suf:
            out.extend(old[n - suf:])
            first_moved = m - suf
            if old[n - suf].line != pieces[first_moved][0]:
                for ch, (line, _text) in zip(out[first_moved:], pieces[first_moved:]):
                    ch.line = line
        return out, pre, old[pre:n - suf]

    def _chunk(self, text: str, line: int):
        if self.module is None:
            return frontend.Chunk(text, line)
        ch = ModuleChunk(text, line)
        ch.module = self.module
        return ch

    def note_dep(self, request: tuple, result) -> None:
        """The statement running now imported a module (see Imports.user_module)."""
        if self._cur_deps is not None:
            self._cur_deps[request] = result

    def _deps_hold(self, chunk) -> bool:
        deps = self.deps.get(chunk)
        if not deps:
            return True
        load, ctx = self.loader.load, self.run_ctx
        for req, res in deps.items():
            if load(ctx, *req) is not res:
                return False
        return True

    def run(self, text: str, time_budget: float = 5.0, pieces: Optional[list] = None, line_label=None, *,
            imports=None, stack: Optional[tuple] = None) -> Optional[Analysis]:
        """``imports``/``stack``: the run context and import stack of the importing run (for a
        session of an imported module).  Returns the Analysis (None for an imported module)."""
        self.deadline = time.monotonic() + time_budget
        self.steps = 0
        if self.loader is not None:
            self.run_ctx = imports if imports is not None else self.loader.begin(time_budget)
            self.stack = stack if stack is not None else ((self.path,) if self.path else ())
        quiet = self.module is not None
        if pieces is not None:
            pass  # cut by the caller (a notebook: each cell on its own, statements never cross cells)
        elif self._text is None:
            pieces = frontend.chunk_texts(text)
        else:
            pieces = frontend.rechunk_text(self._text, self._pieces, text)
        self._text, self._pieces = text, pieces
        legacy = _LEGACY_TF_KERAS.search(text) is not None
        if legacy != self.legacy_tf_keras:
            # what tf.keras names changed: nothing of the previous run is reused
            from .aggregate import FactStore

            self.legacy_tf_keras = legacy
            self.chunks, self.deps, self.store = [], {}, FactStore()
        store = self.store
        chunks, pre, gone = self._match_chunks(pieces)
        self.chunks = chunks
        # Names that may be bound to other values than in the previous run at the current
        # statement: a statement whose reads avoid them all is replayed without comparing.
        # The statements that are gone were where the new ones start (index ``pre``).  (A
        # statement before ``pre`` runs again too when a module it imported changed.)
        changed: set = set()
        gone_writes: set = set()
        for ch in gone:
            self.deps.pop(ch, None)
            if ch.outputs is not None:
                gone_writes.update(ch.outputs.writes)
                if not quiet:
                    store.replace(ch, ch.outputs, None)
                ch.outputs = None
        env: dict = dict(self.seed)
        deps_of = self.deps if self.loader is not None and self.deps else None
        self.env = env
        notices = []
        complete = True
        covered = None
        cut_from = None  # the first statement whose imports were not analysed in time
        counts = self.name_counts = {}  # (see records.AutoName; a running statement reads it)
        for i, chunk in enumerate(chunks):
            if i == pre:
                changed |= gone_writes
            rec = chunk.outputs
            if rec is not None and (deps_of is None or chunk not in deps_of or self._deps_hold(chunk)) \
                    and (not changed or rec.reads.keys().isdisjoint(changed) or rec.valid_for(env)):
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
                        if not quiet:
                            store.replace(rest, rest.outputs, None)
                        rest.outputs = None
                break
            new = self.execute(chunk)
            deps_of = self.deps if self.loader is not None and self.deps else None
            if cut_from is None and deps_of is not None and chunk in deps_of and self.run_ctx.time_cut:
                cut_from = chunk.line  # (what rests on its imports may change when they are analysed)
            if new.autos:
                new.count_names(counts)
            if rec is not None:
                for name, val in rec.writes.items():
                    if name not in new.writes or not same(val, new.writes[name]):
                        changed.add(name)
                    else:
                        changed.discard(name)
            changed.update(name for name in new.writes if rec is None or name not in rec.writes)
            if not quiet:
                store.replace(chunk, rec, new)
            chunk.outputs = new
            env.update(new.writes)
        self.complete = complete
        if self.loader is not None:
            imported, missing = set(), set()
            for deps in self.deps.values():
                for req, res in deps.items():
                    if res is not None:
                        imported.update(res.reach)
                    elif req[1]:
                        missing.add(req[1])
            imported.discard(self.path)
            self.imported = frozenset(imported)
            self.missing = frozenset(missing)
        if quiet:
            self.broken = any(ch.outputs is not None and ch.outputs.syntax is not None for ch in chunks)
            return None
        imports_cut = self.loader is not None and self.run_ctx.time_cut
        if imports_cut:
            # imported files were not all analysed in time: what rests on them is Unknown (the
            # results are final only above the first statement that imported one); a run on
            # the same text goes on with them
            if complete:
                notices.append("imported files not analysed within the time budget are Unknown here")
            complete = False
            first = cut_from if cut_from is not None else next(
                (ch.line for ch in chunks if ch in self.deps), 0)  # (a replayed statement's import)
            covered = first if covered is None else min(covered, first)
        analysis = store.snapshot(chunks, notices, complete, line_label)
        analysis.covered_to = covered
        analysis.imports_cut = imports_cut
        analysis.imported = self.imported
        analysis.missing_imports = self.missing
        return analysis

    def execute(self, chunk) -> ChunkRecord:
        self.executed_total += 1
        if self.loader is None:
            return self._execute(chunk)
        self._cur_deps = {}
        try:
            rec = self._execute(chunk)
        finally:
            deps, self._cur_deps = self._cur_deps, None
        if deps:
            self.deps[chunk] = deps
        else:
            self.deps.pop(chunk, None)
        if self.module is not None:  # an imported module: only its environment is used
            rec.layers = rec.diags = rec.symbols = rec.models = rec.refactors = ()
        elif self.deps:
            _localize(rec)
            rec.compact()
        return rec

    def _execute(self, chunk) -> ChunkRecord:
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


# --------------------------------------------------------------------------- other files' places


def _own(loc) -> bool:
    return loc is None or not getattr(loc.chunk, "foreign", False)


def _elsewhere(loc) -> str:
    """How a message names a line of another file: "12 of blocks.py"."""
    state = loc.chunk.module
    return f"{loc.chunk.line + loc.line + 1} of {os.path.basename(state.path)}"


def _with_refs(text: str, refs: tuple):
    """Lines of other files written into the text; those refs become None."""
    if all(_own(r) for r in refs):
        return text, refs
    out = []
    for k, r in enumerate(refs):
        if _own(r):
            out.append(r)
        else:
            text = text.replace(f"@L{k}@", _elsewhere(r))
            out.append(None)
    return text, tuple(out)


def _fix_here(f):
    if f is None or not all(_own(l) for l, _t in f.edits):
        return None  # (a fix that edits another file is not offered here)
    title, refs = _with_refs(f.title, f.refs)
    return f if refs is f.refs else dataclasses.replace(f, title=title, refs=refs)


def _localize(rec: ChunkRecord) -> None:
    """What a statement's run placed in another file (it called a function of an imported module)
    is that file's: layer facts move to this file's call (or go), diagnostics and symbols there
    go, messages name the other file's lines ("line 12 of blocks.py"), fixes that edit it go."""
    if rec.layers and not all(_own(pl.loc) and _own(pl.hint_loc) and _own(pl.call_loc) for pl in rec.layers):
        layers = []
        for pl in rec.layers:
            if _own(pl.loc):
                if not _own(pl.call_loc) or not _own(pl.hint_loc):
                    pl = dataclasses.replace(pl, call_loc=pl.call_loc if _own(pl.call_loc) else None,
                                             hint_loc=pl.hint_loc if _own(pl.hint_loc) else pl.loc)
                layers.append(pl)
            elif pl.call_loc is not None and _own(pl.call_loc):  # a layer of another file, called here
                layers.append(dataclasses.replace(pl, loc=pl.call_loc,
                                                  hint_loc=pl.hint_loc if _own(pl.hint_loc) else pl.call_loc))
        rec.layers = layers
    if rec.diags:
        diags = []
        for pd in rec.diags:
            if not _own(pd.loc):
                continue
            msg, refs = _with_refs(pd.message, pd.refs)
            related = tuple((l, m) for l, m in pd.related if _own(l))
            fixes = tuple(_fix_here(f) for f in pd.fixes)
            if refs is not pd.refs or len(related) != len(pd.related) or any(a is not b for a, b in zip(fixes, pd.fixes)):
                pd = dataclasses.replace(pd, message=msg, refs=refs, related=related,
                                         fixes=tuple(f for f in fixes if f is not None))
            diags.append(pd)
        rec.diags = diags
    if rec.symbols:
        rec.symbols = [ps for ps in rec.symbols if _own(ps.loc)]
    if rec.refactors:
        kept = [(l, _fix_here(f)) for l, f in rec.refactors if _own(l)]
        rec.refactors = [(l, f) for l, f in kept if f is not None]
    if rec.models:
        rec.models = [m for m in rec.models if _own(m.loc)]
