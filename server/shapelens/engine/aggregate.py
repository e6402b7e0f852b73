"""Turn the chunk records (chunk-relative places) into an Analysis (absolute spans), at a cost
that follows what changed, not the size of the file.

A :class:`FactStore` lives with the session.  When a chunk's record is replaced (the statement
was re-run) or dropped (the statement was deleted), only that record's contributions are taken
out and the new ones put in; the facts are kept per chunk, in chunk-relative places, so a line
inserted at the top moves nothing but the chunks' first lines.  Each run ends with
:meth:`FactStore.snapshot`: an immutable :class:`ChunkedAnalysis` holding, per chunk, its first
line and a frozen view of its facts.  Diagnostics (few, and published at once) are converted to
absolute spans there; layers, symbols, refactors and models only when asked, and per chunk when
the question is about a place (hover, the inlay hints of one screen)."""

from __future__ import annotations

import bisect
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import Optional

from ..codes import CODES
from ..results import (
    Analysis, Diagnostic, Edit, Fix, LayerFact, ModelFact, ModelLayerRow, Related, Span, SymbolFact, _on,
)
from .records import name_text
from .values import LayerV, Loc, ModelV


# --------------------------------------------------------------------------- conversions


def span(loc: Loc, line_of: dict) -> Span:
    base = line_of[loc.chunk]
    return Span(base + loc.line, loc.col, base + loc.end_line, loc.end_col)


def _fix(pf, line_of) -> Fix:
    return Fix(_with_lines(pf.title, pf.refs, line_of), tuple(Edit(span(l, line_of), t) for l, t in pf.edits),
               pf.preferred, pf.kind)


class LineOf(dict):
    """chunk -> its first line, and how a message names a line (``label``: a notebook says
    "3 of cell 2"; ``label_key`` changes when the labels do, for the caches)."""

    __slots__ = ("label", "label_key")

    def __init__(self, items, label=None):
        super().__init__(items)
        self.label = label
        self.label_key = getattr(label, "key", None)


def _with_lines(text: str, refs: tuple, line_of) -> str:
    label = getattr(line_of, "label", None)
    for k, ref in enumerate(refs):
        if ref is not None:
            line = line_of[ref.chunk] + ref.line
            text = text.replace(f"@L{k}@", label(line) if label is not None else str(line + 1))
    return text


def _key(loc: Loc):
    return (loc.chunk, loc.line, loc.col, loc.end_line, loc.end_col)


def _diag_chunks(pd) -> tuple:
    seen = {pd.loc.chunk: None}
    for r in pd.refs:
        if r is not None:
            seen[r.chunk] = None
    for f in pd.fixes:
        if f is not None:
            for l, _ in f.edits:
                seen[l.chunk] = None
            for r in f.refs:
                if r is not None:
                    seen[r.chunk] = None
    for l, _ in pd.related:
        if l is not None:
            seen[l.chunk] = None
    return tuple(seen)


def _diagnostic(pd, line_of) -> Optional[Diagnostic]:
    """The absolute diagnostic of a pending one (cached on it while its chunks do not move)."""
    chunks = getattr(pd, "_chunks", None)
    if chunks is None:
        chunks = pd._chunks = _diag_chunks(pd)
    try:
        sig = (tuple(line_of[c] for c in chunks), getattr(line_of, "label_key", None))
    except KeyError:  # it points into a statement that is gone
        return None
    cached = getattr(pd, "_abs", None)
    if cached is not None and cached[0] == sig:
        return cached[1]
    sev = pd.severity or CODES[pd.code].severity
    d = Diagnostic(span(pd.loc, line_of), sev, pd.code, _with_lines(pd.message, pd.refs, line_of),
                   tuple(_fix(f, line_of) for f in pd.fixes if f is not None),
                   tuple(Related(span(l, line_of), m) for l, m in pd.related if l is not None))
    pd._abs = (sig, d)
    return d


def _syntax(rec, line: int) -> Diagnostic:
    rl, col, msg = rec.syntax
    msg = msg.rstrip(". ")
    stop = "" if msg.endswith(("?", "!")) else "."
    return Diagnostic(Span(line + rl, col, line + rl, col + 1), "error", "SL000",
                      f"Syntax error: {msg}{stop} The rest of the file is still analysed.")


def _layer_fact(pl, line_of) -> LayerFact:
    sp = span(pl.loc, line_of)
    hint = span(pl.hint_loc, line_of) if pl.hint_loc is not None else sp
    return LayerFact(sp, pl.layer, name_text(pl.name), pl.input_shape, pl.output_shape, pl.params, pl.output_names,
                     tuple(pl.why), (hint.end_line, hint.end_col),
                     span(pl.call_loc, line_of) if pl.call_loc is not None else None)


def _symbol_fact(ps, line_of) -> SymbolFact:
    detail = ps.detail if not isinstance(ps.detail, (ModelV, LayerV)) else ""
    return SymbolFact(span(ps.loc, line_of), ps.text, ps.kind, ps.shape, detail)


def _layer_chunks(pl) -> tuple:
    out = {pl.loc.chunk: None}
    if pl.hint_loc is not None:
        out[pl.hint_loc.chunk] = None
    if pl.call_loc is not None:
        out[pl.call_loc.chunk] = None
    return tuple(out)


_symbol_loc = attrgetter("loc")
_refactor_loc = itemgetter(0)  # (Loc, PendingFix)


def _by_chunk(items, loc_of) -> dict:
    """A record's symbols or refactors grouped by the chunk they are placed in."""
    out: dict = {}
    for item in items:
        out.setdefault(loc_of(item).chunk, []).append(item)
    return {c: tuple(v) for c, v in out.items()}


def _layer_dk(pl) -> tuple:
    return (name_text(pl.name), repr(pl.input_shape), repr(pl.output_shape), pl.params)


# --------------------------------------------------------------------------- the store


class _Bucket:
    """The facts placed in one chunk (mutable, owned by the store)."""

    __slots__ = ("layers", "symbols", "refactors")

    def __init__(self):
        self.layers: dict = {}  # loc key -> tuple of chosen PendingLayer
        self.symbols: dict = {}  # record -> (record's chunk, tuple of PendingSymbol)
        self.refactors: dict = {}  # record -> (record's chunk, tuple of (Loc, PendingFix))

    def empty(self) -> bool:
        return not (self.layers or self.symbols or self.refactors)


class ChunkView:
    """A frozen copy of one chunk's facts, shared by the analyses until the chunk's facts change."""

    __slots__ = ("layers", "symbols", "refactors")

    def __init__(self, bucket: Optional[_Bucket]):
        if bucket is None:
            self.layers = self.symbols = self.refactors = ()
            return
        layers = []
        for k in sorted(bucket.layers, key=lambda k: k[1:]):
            layers.extend(bucket.layers[k])
        self.layers = tuple(layers)
        self.symbols = _in_record_order(bucket.symbols)
        self.refactors = _in_record_order(bucket.refactors)


EMPTY_VIEW = ChunkView(None)


def _in_record_order(by_rec: dict) -> tuple:
    if not by_rec:
        return ()
    parts = sorted(by_rec.values(), key=lambda v: v[0].line)
    out = []
    for _chunk, items in parts:
        out.extend(items)
    return tuple(out)


class FactStore:
    """Every record's facts, resolved across records (a layer analysed both at a function's
    definition and at its call keeps the call's shapes), kept per chunk."""

    def __init__(self):
        self.owner: dict = {}  # record -> its chunk
        self.layer_cands: dict = {}  # loc key -> {record: [PendingLayer, ...]}
        self.layer_chosen: dict = {}  # loc key -> tuple of PendingLayer
        self.model_cands: dict = {}  # model key -> {record: ModelV (its last version there)}
        self.model_chosen: dict = {}  # model key -> ModelV
        self.special: dict = {}  # record -> its chunk: records with diagnostics, syntax errors, notes
        self.buckets: dict = {}  # chunk -> _Bucket
        self.dirty: set = set()  # chunks whose view must be rebuilt

    # -- records in and out ----------------------------------------------------------------
    def replace(self, chunk, old, new) -> None:
        if old is not None and old in self.owner:
            self._remove(old)
        if new is not None:
            self._add(chunk, new)

    def _bucket(self, chunk) -> _Bucket:
        b = self.buckets.get(chunk)
        if b is None:
            b = self.buckets[chunk] = _Bucket()
        self.dirty.add(chunk)
        return b

    def _add(self, chunk, rec) -> None:
        self.owner[rec] = chunk
        touched = set()
        for pl in rec.layers:
            if pl.loc is None:
                continue
            k = _key(pl.loc)
            self.layer_cands.setdefault(k, {}).setdefault(rec, []).append(pl)
            touched.add(k)
        for k in touched:
            self._resolve_layer(k)
        for c, items in _by_chunk(rec.symbols, _symbol_loc).items():
            self._bucket(c).symbols[rec] = (chunk, items)
        for c, items in _by_chunk(rec.refactors, _refactor_loc).items():
            self._bucket(c).refactors[rec] = (chunk, items)
        mks = {}
        for m in rec.models:
            if m.loc is not None:
                mks[(_key(m.loc), m.key)] = m  # the latest version of each model created here
        for mk, m in mks.items():
            self.model_cands.setdefault(mk, {})[rec] = m
            self._resolve_model(mk)
        if rec.diags or rec.syntax is not None or rec.note is not None:
            self.special[rec] = chunk

    def _remove(self, rec) -> None:
        del self.owner[rec]
        touched = set()
        for pl in rec.layers:
            if pl.loc is None:
                continue
            k = _key(pl.loc)
            cands = self.layer_cands.get(k)
            if cands is not None and cands.pop(rec, None) is not None:
                if not cands:
                    del self.layer_cands[k]
                touched.add(k)
        for k in touched:
            self._resolve_layer(k)
        for c in _by_chunk(rec.symbols, _symbol_loc):
            b = self.buckets.get(c)
            if b is not None and b.symbols.pop(rec, None) is not None:
                self._drop_if_empty(c, b)
        for c in _by_chunk(rec.refactors, _refactor_loc):
            b = self.buckets.get(c)
            if b is not None and b.refactors.pop(rec, None) is not None:
                self._drop_if_empty(c, b)
        for m in rec.models:
            if m.loc is None:
                continue
            mk = (_key(m.loc), m.key)
            cands = self.model_cands.get(mk)
            if cands is not None and cands.pop(rec, None) is not None:
                if not cands:
                    del self.model_cands[mk]
                self._resolve_model(mk)
        self.special.pop(rec, None)

    def _drop_if_empty(self, chunk, b: _Bucket) -> None:
        self.dirty.add(chunk)
        if b.empty():
            del self.buckets[chunk]

    # -- resolution ------------------------------------------------------------------------
    def _resolve_layer(self, k) -> None:
        """Which facts a place shows: the firm ones (a shape known outside a function body
        analysed at its definition) hide the tentative and unknown ones; one unknown at most;
        no two alike; in the order of the records."""
        old = self.layer_chosen.get(k, ())
        cands = self.layer_cands.get(k)
        chosen = []
        if cands:
            recs = sorted(cands, key=lambda r: self.owner[r].line) if len(cands) > 1 else list(cands)
            ordered = [pl for r in recs for pl in cands[r]]
            firm = any(pl.output_shape is not None and not pl.tentative for pl in ordered)
            seen = set()
            unknown_taken = False
            for pl in ordered:
                known = pl.output_shape is not None
                if (not known or pl.tentative) and firm:
                    continue
                if not known and unknown_taken:
                    continue
                dk = _layer_dk(pl)
                if dk in seen:
                    continue
                seen.add(dk)
                if not known:
                    unknown_taken = True
                chosen.append(pl)
        chosen = tuple(chosen)
        if chosen:
            self.layer_chosen[k] = chosen
        else:
            self.layer_chosen.pop(k, None)
        old_chunks = {c for pl in old for c in _layer_chunks(pl)}
        new_chunks = {c for pl in chosen for c in _layer_chunks(pl)}
        for c in old_chunks - new_chunks:
            b = self.buckets.get(c)
            if b is not None and b.layers.pop(k, None) is not None:
                self._drop_if_empty(c, b)
        for c in new_chunks:
            self._bucket(c).layers[k] = chosen

    def _resolve_model(self, mk) -> None:
        cands = self.model_cands.get(mk)
        if not cands:
            self.model_chosen.pop(mk, None)
            return
        # the latest version: the one from the last record in file order
        last = max(cands, key=lambda r: self.owner[r].line) if len(cands) > 1 else next(iter(cands))
        self.model_chosen[mk] = cands[last]

    # -- the analysis of this run ----------------------------------------------------------
    def snapshot(self, chunks: list, notices: list, complete: bool, line_label=None) -> "ChunkedAnalysis":
        for c in self.dirty:
            b = self.buckets.get(c)
            c.view = ChunkView(b) if b is not None else EMPTY_VIEW
        self.dirty.clear()
        if len(self.buckets) > 2 * len(chunks) + 64:  # facts left in statements that are gone
            live = set(chunks)
            for c in [c for c in self.buckets if c not in live]:
                del self.buckets[c]
        line_of = LineOf(((c, c.line) for c in chunks), line_label)
        notices = list(notices)
        diagnostics = []
        special = sorted(((c.line, rec) for rec, c in self.special.items() if c in line_of), key=lambda x: x[0])
        firm = set()
        cands = []
        for line, rec in special:
            if rec.syntax is not None:
                diagnostics.append(_syntax(rec, line))
            if rec.note is not None:
                notices.append(f"line {line + 1}: {rec.note}")
            for pd in rec.diags:
                if pd.loc is None or pd.loc.chunk not in line_of:
                    continue
                dk = (_key(pd.loc), pd.code)
                if not pd.tentative:
                    firm.add(dk)
                cands.append((dk, pd))
        seen = set()
        for dk, pd in cands:
            if pd.tentative and dk in firm:
                continue
            d = _diagnostic(pd, line_of)
            if d is None:
                continue
            sk = (dk, d.message)
            if sk in seen:
                continue
            seen.add(sk)
            diagnostics.append(d)
        diagnostics.sort(key=lambda d: (d.span.line, d.span.col, d.code))
        views = [c.view or EMPTY_VIEW for c in chunks]
        starts = [c.line for c in chunks]
        return ChunkedAnalysis(starts, views, line_of, diagnostics, list(self.model_chosen.values()),
                               notices, complete)


# --------------------------------------------------------------------------- the analysis


class ChunkedAnalysis(Analysis):
    """An :class:`Analysis` whose layers, symbols, refactors and models are converted from the
    chunks' views when first asked for, and whose place queries look at one chunk only.  It
    never changes after it is made (the session's chunks may move on; their lines at the time
    are kept here)."""

    def __init__(self, starts, views, line_of, diagnostics, models, notices, complete):
        self._starts = starts
        self._views = views
        self._line_of = line_of
        self._model_list = models
        self.diagnostics = diagnostics
        self.notices = notices
        self.complete = complete
        self.covered_to = None

    # the whole-file lists (the CLI, summaries, code lenses), converted on first use
    @cached_property
    def layers(self) -> list:
        got = []
        for view, line in zip(self._views, self._starts):
            facts = [_layer_fact(pl, self._line_of) for pl in view.layers
                     if self._line_of.get(pl.loc.chunk) == line and self._live(pl)]
            facts.sort(key=lambda f: (f.span.line, f.span.col))
            got.extend(facts)
        return got

    @cached_property
    def symbols(self) -> list:
        return [_symbol_fact(ps, self._line_of) for view in self._views for ps in view.symbols
                if ps.loc.chunk in self._line_of]

    @cached_property
    def refactors(self) -> list:
        return self._refactors_of(self._views)

    @cached_property
    def models(self) -> list:
        from .keras.graph import model_inputs, model_outputs

        line_of = self._line_of
        live = [m for m in self._model_list if m.loc.chunk in line_of]
        firm = {_key(m.loc) for m in live if not m.tentative}
        got = []
        for m in live:
            if m.tentative and _key(m.loc) in firm:
                continue  # a builder function analysed at its definition and also called
            fact = _model_fact(m, model_inputs, model_outputs, line_of)
            if fact is not None:
                got.append(fact)
        got.sort(key=lambda mf: mf.span.line)
        return got

    def _live(self, pl) -> bool:
        return all(c in self._line_of for c in _layer_chunks(pl))

    def _refactors_of(self, views) -> list:
        out = []
        for view in views:
            for l, pf in view.refactors:
                try:
                    out.append((span(l, self._line_of), _fix(pf, self._line_of)))
                except KeyError:
                    pass
        return out

    # place queries (hover, inlay hints, code actions)
    def _views_for(self, first: int, last: int):
        i = max(0, bisect.bisect_right(self._starts, first) - 1)
        while i < len(self._starts) and self._starts[i] <= last:
            yield self._views[i]
            i += 1

    def layers_on(self, first: int, last: int) -> list:
        """The layer facts with a span (constructor, call) or an inlay-hint place on these lines."""
        out, seen = [], set()
        for view in self._views_for(first, last):
            for pl in view.layers:
                if id(pl) in seen or not self._live(pl):
                    continue
                seen.add(id(pl))
                f = _layer_fact(pl, self._line_of)
                if (_on(f.span, first, last) or _on(f.call_span, first, last)
                        or (f.hint_at is not None and first <= f.hint_at[0] <= last)):
                    out.append(f)
        return out

    def symbols_on(self, first: int, last: int) -> list:
        """The symbol facts whose span touches these lines, in the order ``symbols`` has them."""
        out = []
        for view in self._views_for(first, last):
            for ps in view.symbols:
                if ps.loc.chunk in self._line_of:
                    f = _symbol_fact(ps, self._line_of)
                    if _on(f.span, first, last):
                        out.append(f)
        return out

    def refactors_on(self, first: int, last: int) -> list:
        return [r for r in self._refactors_of(list(self._views_for(first, last))) if _on(r[0], first, last)]

    def layer_count(self) -> int:
        return sum(1 for view, line in zip(self._views, self._starts) for pl in view.layers
                   if self._line_of.get(pl.loc.chunk) == line)


def _here(loc) -> bool:
    """A place in this file (a model's layer made in an imported file has none here: session.ModuleChunk)."""
    return isinstance(loc, Loc) and not getattr(loc.chunk, "foreign", False)


def _model_fact(m: ModelV, model_inputs, model_outputs, line_of) -> Optional[ModelFact]:
    locs = [m.loc] + [getattr(item, "loc", None) for item, _s, _p in m.rows]
    if m.origin is not None:
        locs.append(m.origin[0])
    try:
        sig = tuple(line_of[l.chunk] if _here(l) else None for l in locs)
    except KeyError:
        return None
    # auto names are numbered across the file: a statement above may have renumbered them
    sig += tuple(name_text(getattr(item, "name", None)) for item, _s, _p in m.rows) + (name_text(m.name),)
    cached = getattr(m, "_fact", None)
    if cached is not None and cached[0] == sig:
        return cached[1]
    fact = _build_model_fact(m, model_inputs, model_outputs, line_of)
    m._fact = (sig, fact)
    return fact


def _build_model_fact(m: ModelV, model_inputs, model_outputs, line_of) -> ModelFact:
    rows = []
    total = 0
    counted = set()
    for n_row, (item, shape, params) in enumerate(m.rows):
        name = name_text(getattr(item, "name", None)) or "?"
        cls = getattr(item, "class_name", None) or "unknown"
        if isinstance(item, ModelV):
            cls = item.cls_name or ("Sequential" if item.kind == "sequential" else "Functional")
        loc = getattr(item, "loc", None)
        calls = m.row_calls[n_row] if n_row < len(m.row_calls) else ()
        rows.append(ModelLayerRow(name, cls, shape, params, span(loc, line_of) if _here(loc) else None, calls=calls))
        if id(item) in counted:
            continue
        counted.add(id(item))
        if total is not None:
            total = None if params is None else total + params
    ins = model_inputs(m)
    outs = model_outputs(m)
    if total is not None:
        total = None if m.own_params is None else total + m.own_params
    if not rows or (m.kind == "sequential" and outs is None) or m.seq_broken:
        total = None
    return ModelFact(m.var or name_text(m.name), span(m.loc, line_of), m.kind, tuple(ins or ()), tuple(outs or ()), total,
                     tuple(rows), note=_origin_note(m, line_of))


_ORIGIN = {
    "call": "Shapes from the call `{text}` on line @L0@",
    "build": ("Shapes from `{text}` on line @L0@: what call() gives on that input. Keras' own summary() shows ? and "
              "0 params here until the model is called (its build() does not run call())"),
}


def _origin_note(m: ModelV, line_of) -> str:
    """Which call a subclassed model's shapes come from (its summary says so)."""
    if m.origin is None:
        return ""
    loc, text, how = m.origin
    template = _ORIGIN.get(how, "Shapes from the data `{text}` gets on line @L0@")
    if not _here(loc) or loc.chunk not in line_of:
        return template.split(" on line @L0@")[0].format(text=text)
    return _with_lines(template.format(text=text), (loc,), line_of)
