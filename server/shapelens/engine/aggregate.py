"""Turn the chunk records (chunk-relative places) into one Analysis (absolute spans).

Converting a record is cached on the record as long as the chunks its places point into have
not moved, so a keystroke converts only the statements it changed."""

from __future__ import annotations

from ..codes import CODES
from ..results import (
    Analysis, Diagnostic, Edit, Fix, LayerFact, ModelFact, ModelLayerRow, Related, Span, SymbolFact,
)
from .values import LayerV, Loc, ModelV


def span(loc: Loc) -> Span:
    base = loc.chunk.line
    return Span(base + loc.line, loc.col, base + loc.end_line, loc.end_col)


def _fix(pf) -> Fix:
    return Fix(pf.title, tuple(Edit(span(l), t) for l, t in pf.edits), pf.preferred, pf.kind)


def _message(pd) -> str:
    msg = pd.message
    for k, ref in enumerate(pd.refs):
        if ref is not None:
            msg = msg.replace(f"@L{k}@", str(ref.chunk.line + ref.line + 1))
    return msg


def _key(loc: Loc):
    return (id(loc.chunk), loc.line, loc.col, loc.end_line, loc.end_col)


class _Converted:
    __slots__ = ("sig", "layers", "diags", "symbols", "refactors", "syntax")


def _chunks_of(rec) -> list:
    seen = {}

    def add(loc):
        if loc is not None:
            seen[id(loc.chunk)] = loc.chunk

    for pl in rec.layers:
        add(pl.loc), add(pl.hint_loc), add(pl.call_loc)
    for pd in rec.diags:
        add(pd.loc)
        for r in pd.refs:
            add(r)
        for f in pd.fixes:
            if f is not None:
                for l, _ in f.edits:
                    add(l)
        for l, _ in pd.related:
            add(l)
    for ps in rec.symbols:
        add(ps.loc)
    for l, f in rec.refactors:
        add(l)
        for e, _ in f.edits:
            add(e)
    return list(seen.values())


def _convert(rec, chunk) -> _Converted:
    chunks = getattr(rec, "_chunks", None)
    if chunks is None:
        chunks = _chunks_of(rec)
        rec._chunks = chunks
    sig = (chunk.line,) + tuple(c.line for c in chunks)
    conv = getattr(rec, "_converted", None)
    if conv is not None and conv.sig == sig:
        return conv
    conv = _Converted()
    conv.sig = sig
    conv.syntax = None
    if rec.syntax is not None:
        rl, col, msg = rec.syntax
        line = chunk.line + rl
        msg = msg.rstrip(". ")
        stop = "" if msg.endswith(("?", "!")) else "."
        conv.syntax = Diagnostic(Span(line, col, line, col + 1), "error", "SL000",
                                 f"Syntax error: {msg}{stop} The rest of the file is still analysed.")
    conv.layers = []
    for pl in rec.layers:
        if pl.loc is None:
            continue
        sp = span(pl.loc)
        hint = span(pl.hint_loc) if pl.hint_loc is not None else sp
        fact = LayerFact(sp, pl.layer, pl.name, pl.input_shape, pl.output_shape, pl.params, pl.output_names,
                         tuple(pl.why), (hint.end_line, hint.end_col), span(pl.call_loc) if pl.call_loc else None)
        k = _key(pl.loc)
        conv.layers.append((k, (k, pl.name, repr(pl.input_shape), repr(pl.output_shape), pl.params), pl.tentative,
                            pl.output_shape is not None, fact))
    conv.diags = []
    for pd in rec.diags:
        if pd.loc is None:
            continue
        sev = pd.severity or CODES[pd.code].severity
        d = Diagnostic(span(pd.loc), sev, pd.code, _message(pd), tuple(_fix(f) for f in pd.fixes if f is not None),
                       tuple(Related(span(l), m) for l, m in pd.related if l is not None))
        conv.diags.append(((_key(pd.loc), pd.code), pd.tentative, d))
    conv.symbols = []
    for ps in rec.symbols:
        detail = ps.detail if not isinstance(ps.detail, (ModelV, LayerV)) else ""
        conv.symbols.append(SymbolFact(span(ps.loc), ps.text, ps.kind, ps.shape, detail))
    conv.refactors = [(span(l), _fix(pf)) for l, pf in rec.refactors]
    rec._converted = conv
    return conv


def aggregate(chunks, text: str, notices: list) -> Analysis:
    from .keras_ops import model_inputs, model_outputs

    out = Analysis(notices=list(notices))
    convs = []
    for c in chunks:
        if c.outputs is not None:
            convs.append((c, c.outputs, _convert(c.outputs, c)))
    firm_layer_locs = set()
    firm_diag = set()
    for _c, _rec, conv in convs:
        for k, _dk, tentative, known, _f in conv.layers:
            if known and not tentative:
                firm_layer_locs.add(k)
        for dk, tentative, _d in conv.diags:
            if not tentative:
                firm_diag.add(dk)
    facts = {}
    unknown_locs = set()
    seen_diags = set()
    models = {}
    for chunk, rec, conv in convs:
        if conv.syntax is not None:
            out.diagnostics.append(conv.syntax)
        if rec.note is not None:
            out.notices.append(f"line {chunk.line + 1}: {rec.note}")
        for k, dk, tentative, known, fact in conv.layers:
            if (not known or tentative) and k in firm_layer_locs:
                continue
            if not known and k in unknown_locs:
                continue
            if dk in facts:
                continue
            if not known:
                unknown_locs.add(k)
            facts[dk] = fact
        for dk, tentative, d in conv.diags:
            if tentative and dk in firm_diag:
                continue
            sk = (dk, d.message)
            if sk in seen_diags:
                continue
            seen_diags.add(sk)
            out.diagnostics.append(d)
        out.symbols.extend(conv.symbols)
        out.refactors.extend(conv.refactors)
        for m in rec.models:
            if m.loc is not None:
                models[(_key(m.loc), m.key)] = m  # the latest version of each model created
    out.layers = sorted(facts.values(), key=lambda f: (f.span.line, f.span.col))
    firm = {lk for (lk, _k), m in models.items() if not m.tentative}
    for (lk, _k), m in models.items():
        if m.tentative and lk in firm:
            continue  # a builder function analysed at its definition and also called
        out.models.append(_model_fact(m, model_inputs, model_outputs))
    out.models.sort(key=lambda mf: mf.span.line)
    out.diagnostics.sort(key=lambda d: (d.span.line, d.span.col, d.code))
    return out


def _model_fact(m: ModelV, model_inputs, model_outputs) -> ModelFact:
    locs = [m.loc] + [getattr(item, "loc", None) for item, _s, _p in m.rows]
    sig = tuple(l.chunk.line if isinstance(l, Loc) else None for l in locs)
    cached = getattr(m, "_fact", None)
    if cached is not None and cached[0] == sig:
        return cached[1]
    fact = _build_model_fact(m, model_inputs, model_outputs)
    m._fact = (sig, fact)
    return fact


def _build_model_fact(m: ModelV, model_inputs, model_outputs) -> ModelFact:
    rows = []
    total = 0
    counted = set()
    for item, shape, params in m.rows:
        name = getattr(item, "name", None) or "?"
        cls = getattr(item, "class_name", None) or "unknown"
        if isinstance(item, ModelV):
            cls = "Sequential" if item.kind == "sequential" else "Functional"
        loc = getattr(item, "loc", None)
        rows.append(ModelLayerRow(name, cls, shape, params, span(loc) if isinstance(loc, Loc) else None))
        if id(item) in counted:
            continue
        counted.add(id(item))
        if total is not None:
            total = None if params is None else total + params
    ins = model_inputs(m)
    outs = model_outputs(m)
    if not rows or (m.kind == "sequential" and outs is None) or m.seq_broken:
        total = None
    return ModelFact(m.var or m.name, span(m.loc), m.kind, tuple(ins or ()), tuple(outs or ()), total, tuple(rows))
