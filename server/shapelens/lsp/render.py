"""Text the language server shows: hover markdown, inlay hint labels, code lens titles and
model summaries.  Plain functions over the engine's result types; no LSP types here, so they
can be tested (and reused) without a client."""

from __future__ import annotations

from typing import Iterable, Optional

from ..results import LayerFact, ModelFact, SymbolFact, format_params, format_shape


def _code(text: str, markdown: bool) -> str:
    return f"`{text}`" if markdown else text


def _bold(text: str, markdown: bool) -> str:
    return f"**{text}**" if markdown else text


def output_lines(shape: object, names: Optional[tuple], markdown: bool) -> list:
    """One line per output; a multi-output layer (``return_state=True``) names each output."""
    if isinstance(shape, list) and len(shape) > 1:
        lines = []
        for i, s in enumerate(shape):
            label = names[i] if names and i < len(names) else f"output {i}"
            lines.append(f"{label}: {_code(format_shape(s), markdown)}")
        return lines
    if isinstance(shape, list) and len(shape) == 1:
        shape = shape[0]
    return [f"output: {_code(format_shape(shape), markdown)}"]


def layer_hover(fact: LayerFact, markdown: bool = True) -> str:
    head = _bold(fact.layer, markdown)
    if fact.name:
        head += f" {_code(fact.name, markdown)}"
    head += f" · {format_params(fact.params)} params"
    bullet = "- " if markdown else "  "
    lines = [head, ""]
    lines += [bullet + ln for ln in output_lines(fact.output_shape, fact.output_names, markdown)]
    if fact.input_shape is not None:
        lines.append(f"{bullet}input: {_code(format_shape(fact.input_shape), markdown)}")
    if fact.why:
        lines.append("")
        lines += [(f"_{w}_" if markdown else w) + ("  " if markdown and i < len(fact.why) - 1 else "")
                  for i, w in enumerate(fact.why)]
    return "\n".join(lines)


_KIND_LABEL = {
    "tensor": "tensor",
    "array": "array",
    "model": "model",
    "layer": "layer",
    "prediction": "prediction",
}


def symbol_hover(sym: SymbolFact, model: Optional[ModelFact] = None, markdown: bool = True) -> str:
    kind = _KIND_LABEL.get(sym.kind, sym.kind)
    if sym.kind == "model" and model is not None:  # the summary table has the model's name
        return model_markdown(model) if markdown else model_text(model)
    lines = [f"{_bold(sym.text, markdown)} · {kind}"]
    if sym.shape is not None:
        lines.append("")
        if isinstance(sym.shape, list) and len(sym.shape) > 1:
            bullet = "- " if markdown else "  "
            lines += [bullet + ln for ln in output_lines(sym.shape, None, markdown)]
        else:
            lines.append(f"shape: {_code(format_shape(sym.shape), markdown)}")
    if sym.detail:
        lines.append("")
        lines.append(sym.detail)
    return "\n".join(lines)


def inlay_label(fact: LayerFact) -> Optional[str]:
    if fact.output_shape is None:
        return None
    return "→ " + format_shape(fact.output_shape)


def layer_hovers(facts: list, markdown: bool = True) -> str:
    """One layer's facts in several contexts (a sublayer inside a user layer's call(), called
    from two places with different shapes): each one's hover, in order."""
    sep = "\n\n---\n\n" if markdown else "\n\n"
    return sep.join(layer_hover(f, markdown) for f in facts)


def inlay_label_many(facts: list) -> Optional[str]:
    """The hint at a call that ran in several contexts: each distinct output shape."""
    shapes = []
    for f in facts:
        if f.output_shape is not None and f.output_shape not in shapes:
            shapes.append(f.output_shape)
    if not shapes:
        return None
    return "→ " + " | ".join(format_shape(s) for s in shapes)


def _shapes(shapes: tuple) -> str:
    return ", ".join(format_shape(s) for s in tuple(shapes or ())) or "?"


def lens_title(model: ModelFact) -> str:
    """``3 layers · 29,857 params · (None, 10, 3) → (None, 1)`` (the summary module's wording
    when it is there, so the lens and the CLI agree)."""
    mod = _summary_module()
    if mod is not None and hasattr(mod, "lens_title"):
        try:
            return mod.lens_title(model)
        except Exception:
            pass
    n = len([r for r in model.rows if r.layer != "InputLayer"])
    layers = f"{n} layer" + ("" if n == 1 else "s")
    return f"{layers} · {format_params(model.params)} params · {_shapes(model.inputs)} → {_shapes(model.outputs)}"


def _summary_module():
    try:
        from .. import summary  # written alongside the CLI; optional until it exists
    except ImportError:
        return None
    return summary


def model_markdown(model: ModelFact) -> str:
    mod = _summary_module()
    if mod is not None and hasattr(mod, "render_markdown"):
        try:
            return mod.render_markdown(model)
        except Exception:  # a summary bug must not cost the user the hover
            pass
    rows = [f"**{model.name}** ({model.kind})", "", "| Layer (type) | Output Shape | Param # |",
            "|---|---|---:|"]
    for r in model.rows:
        rows.append(f"| {r.name} ({r.layer}) | `{format_shape(r.output_shape)}` | {format_params(r.params)} |")
    rows.append("")
    rows.append(f"Total params: {format_params(model.params)}")
    return "\n".join(rows)


def model_text(model: ModelFact) -> str:
    mod = _summary_module()
    if mod is not None and hasattr(mod, "render_text"):
        try:
            return mod.render_text(model)
        except Exception:
            pass
    out = [f"{model.name} ({model.kind})"]
    for r in model.rows:
        out.append(f"  {r.name} ({r.layer})  {format_shape(r.output_shape)}  {format_params(r.params)}")
    out.append(f"Total params: {format_params(model.params)}")
    return "\n".join(out)


def summaries_markdown(models: Iterable[ModelFact]) -> str:
    parts = [model_markdown(m) for m in models]
    if not parts:
        return "No Keras model found."
    return "\n\n---\n\n".join(parts)
