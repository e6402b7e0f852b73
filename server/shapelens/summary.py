"""model.summary()-like tables, from a ModelFact (no TensorFlow)."""

from __future__ import annotations

from .results import ModelFact, format_params, format_shape


def _rows(model: ModelFact):
    for r in model.rows:
        yield f"{r.name} ({r.layer})", row_shape(r), format_params(r.params)


def row_shape(r) -> str:
    """A row's output shape; a sublayer called several times with different shapes shows each
    call's (in order), where Keras' own summary shows one of them, "?" or "multiple"."""
    calls = getattr(r, "calls", ())
    if len(calls) > 1:
        return " / ".join(format_shape(s) for s in calls)
    return format_shape(r.output_shape)


def render_text(model: ModelFact, where: str = None) -> str:
    """``where``: how to say where the model is made (a notebook's "cell 3, line 2"); else its line."""
    title = f'Model: "{model.name}" ({model.kind}, {where or f"line {model.span.line + 1}"})'
    rows = list(_rows(model))
    head = ("Layer (type)", "Output Shape", "Param #")
    w0 = max([len(head[0])] + [len(r[0]) for r in rows]) + 2
    w1 = max([len(head[1])] + [len(r[1]) for r in rows]) + 2
    w2 = max([len(head[2])] + [len(r[2]) for r in rows])
    line = "─" * (w0 + w1 + w2)
    out = [title, line, f"{head[0]:<{w0}}{head[1]:<{w1}}{head[2]:>{w2}}", line]
    for a, b, c in rows:
        out.append(f"{a:<{w0}}{b:<{w1}}{c:>{w2}}")
    out.append(line)
    out.append(f" Total params: {format_params(model.params)}")
    ins = ", ".join(format_shape(s) for s in model.inputs) or "?"
    outs = ", ".join(format_shape(s) for s in model.outputs) or "?"
    out.append(f" Input: {ins}  →  Output: {outs}")
    if getattr(model, "note", ""):
        out.append(f" {model.note}.")
    return "\n".join(out) + "\n"


def render_markdown(model: ModelFact) -> str:
    lines = [f"**{model.name}** ({model.kind}, line {model.span.line + 1})", "",
             "| Layer (type) | Output Shape | Param # |", "|---|---|---:|"]
    for a, b, c in _rows(model):
        lines.append(f"| `{a}` | `{b}` | {c} |")
    lines.append(f"| **Total** | | **{format_params(model.params)}** |")
    ins = ", ".join(format_shape(s) for s in model.inputs) or "?"
    outs = ", ".join(format_shape(s) for s in model.outputs) or "?"
    lines += ["", f"Input `{ins}` → output `{outs}`"]
    if getattr(model, "note", ""):
        lines += ["", f"_{model.note}._"]
    return "\n".join(lines) + "\n"


def lens_title(model: ModelFact) -> str:
    n = len([r for r in model.rows if r.layer != "InputLayer"])
    ins = ", ".join(format_shape(s) for s in model.inputs) or "?"
    outs = ", ".join(format_shape(s) for s in model.outputs) or "?"
    return f"{n} layer{'s' if n != 1 else ''} · {format_params(model.params)} params · {ins} → {outs}"
