"""Turn the chunk records (chunk-relative places) into one Analysis (absolute spans)."""

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


def aggregate(chunks, text: str, notices: list) -> Analysis:
    from .keras_ops import model_inputs, model_outputs

    out = Analysis(notices=list(notices))
    firm_layer_locs = set()
    firm_diag = set()
    recs = [c.outputs for c in chunks if c.outputs is not None]
    for rec in recs:
        for pl in rec.layers:
            if not pl.tentative and pl.output_shape is not None:
                firm_layer_locs.add(_key(pl.loc))
        for pd in rec.diags:
            if not pd.tentative:
                firm_diag.add((_key(pd.loc), pd.code))
    facts = {}
    unknown_locs = set()
    seen_diags = set()
    models = {}
    for chunk in chunks:
        rec = chunk.outputs
        if rec is None:
            continue
        if rec.syntax is not None:
            rl, col, msg = rec.syntax
            line = chunk.line + rl
            out.diagnostics.append(Diagnostic(Span(line, col, line, col + 1), "error", "SL000",
                                              f"Syntax error: {msg}. The rest of the file is still analysed."))
        for pl in rec.layers:
            if pl.loc is None:
                continue
            k = _key(pl.loc)
            if (pl.output_shape is None or pl.tentative) and k in firm_layer_locs:
                continue
            if pl.output_shape is None and k in unknown_locs:
                continue
            dk = (k, repr(pl.input_shape), repr(pl.output_shape), pl.params)  # one fact per distinct application
            if dk in facts:
                continue
            if pl.output_shape is None:
                unknown_locs.add(k)
            sp = span(pl.loc)
            hint = span(pl.hint_loc) if pl.hint_loc is not None else sp
            facts[dk] = LayerFact(sp, pl.layer, pl.name, pl.input_shape, pl.output_shape, pl.params, pl.output_names,
                                  tuple(pl.why), (hint.end_line, hint.end_col), span(pl.call_loc) if pl.call_loc else None)
        for pd in rec.diags:
            k = (_key(pd.loc), pd.code)
            if pd.tentative and k in firm_diag:
                continue
            dk = (k, pd.message)
            if dk in seen_diags:
                continue
            seen_diags.add(dk)
            sev = pd.severity or CODES[pd.code].severity
            out.diagnostics.append(Diagnostic(
                span(pd.loc), sev, pd.code, _message(pd), tuple(_fix(f) for f in pd.fixes if f is not None),
                tuple(Related(span(l), m) for l, m in pd.related if l is not None)))
        for ps in rec.symbols:
            detail = ps.detail
            if isinstance(detail, (ModelV, LayerV)):
                detail = ""
            out.symbols.append(SymbolFact(span(ps.loc), ps.text, ps.kind, ps.shape, detail))
        for m in rec.models:
            if m.loc is not None:
                k = _key(m.loc)
                if k in models and models[k].key != m.key:
                    models.pop(k)  # a later call of the same code: keep the latest
                models[k] = m
        for loc, pf in rec.refactors:
            out.refactors.append((span(loc), _fix(pf)))
    out.layers = sorted(facts.values(), key=lambda f: (f.span.line, f.span.col))
    for m in models.values():
        rows = []
        total = 0
        counted = set()
        for item, shape, params in m.rows:
            name = getattr(item, "name", "?")
            cls = getattr(item, "class_name", None) or (type(item).__name__)
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
        if not rows or (m.kind == "sequential" and outs is None):
            total = None if m.seq_broken or outs is None else total
        out.models.append(ModelFact(m.var or m.name, span(m.loc), m.kind, tuple(ins or ()), tuple(outs or ()),
                                    total, tuple(rows)))
    out.models.sort(key=lambda mf: mf.span.line)
    out.diagnostics.sort(key=lambda d: (d.span.line, d.span.col, d.code))
    return out


def _key(loc: Loc):
    return (id(loc.chunk), loc.line, loc.col, loc.end_line, loc.end_col)
