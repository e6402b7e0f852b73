"""Compare shapelens with Keras on one snippet: the verdict and a readable report.

Statuses:
* ``agree``: same output shape(s) and params for every layer call Keras made, and shapelens
  reports an SL1xx error exactly when Keras raised.
* ``unknown``: shapelens stayed silent with an unknown shape/params where Keras knew (or did
  not flag a layer Keras rejected because it did not know the shape).  For a supported layer
  this is a failure too, reported separately.
* ``disagree``: shapelens says something different from Keras.
* ``harness``: the snippet itself is broken (NameError, syntax error, timeout): a bug in the
  generators, not in shapelens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MODEL_CLASSES = {"Sequential", "Functional", "Model"}
HARNESS_ERRORS = {"NameError", "SyntaxError", "ImportError", "ModuleNotFoundError", "Timeout", "Crash"}


@dataclass
class Outcome:
    case: object
    status: str  # agree | unknown | disagree | harness
    reason: str
    keras: dict
    analysis: object = None

    @property
    def ok(self) -> bool:
        return self.status == "agree"

    def report(self) -> str:
        return render(self)


def norm(shape):
    """shapelens shape → the JSON form the worker reports (lists of dims / lists of shapes)."""
    if shape is None or isinstance(shape, str):
        return shape
    if isinstance(shape, dict):
        return {str(k): norm(v) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)):
        if all(not isinstance(d, (tuple, list, dict)) for d in shape) and isinstance(shape, tuple):
            return list(shape)
        return [norm(s) for s in shape]
    return shape


def has_unknown(shape) -> bool:
    """A shape the engine did not fully compute: None or symbolic/'?' dims."""
    if shape is None:
        return True
    if isinstance(shape, str):
        return True
    if isinstance(shape, dict):
        return any(has_unknown(v) for v in shape.values())
    if isinstance(shape, (list, tuple)):
        if shape and all(not isinstance(d, (tuple, list, dict)) for d in shape):
            return any(isinstance(d, str) for d in shape)
        return any(has_unknown(s) for s in shape)
    return False


def show(shape) -> str:
    if shape is None:
        return "unknown"
    if isinstance(shape, str):
        return shape
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in shape.items()) + "}"
    if isinstance(shape, (list, tuple)):
        if shape and all(not isinstance(d, (tuple, list, dict)) for d in shape) or not shape:
            inner = ", ".join("None" if d is None else str(d) for d in shape)
            return "(" + inner + ("," if len(shape) == 1 else "") + ")"
        return "[" + ", ".join(show(s) for s in shape) + "]"
    return str(shape)


def sl_errors(analysis) -> list:
    return [d for d in analysis.diagnostics if d.severity == "error" and d.code.startswith("SL1")]


def facts_of(analysis) -> list:
    return [f for f in analysis.layers if f.layer not in MODEL_CLASSES and f.layer != "InputLayer"]


def compare(case, keras: dict, analysis) -> Outcome:
    err = keras.get("error")
    if err and err["type"] in HARNESS_ERRORS:
        return Outcome(case, "harness", f"the snippet failed in Keras with {err['type']}: {err['message']}", keras, analysis)
    if analysis is None:
        return Outcome(case, "disagree", "shapelens raised while analysing the snippet", keras, analysis)
    if any(d.code == "SL000" for d in analysis.diagnostics):
        return Outcome(case, "harness", "shapelens says the snippet does not parse", keras, analysis)
    kcalls = [c for c in keras["calls"] if c["layer"] not in MODEL_CLASSES]
    sfacts = facts_of(analysis)
    errors = sl_errors(analysis)
    expect_unknown = getattr(case, "expect_unknown", False)

    if keras["ok"] and errors:
        return Outcome(case, "disagree", "Keras builds this, shapelens reports an SL1xx error", keras, analysis)

    # 1. every layer call Keras completed must match
    for i, k in enumerate(kcalls):
        s = sfacts[i] if i < len(sfacts) else None
        where = f"layer #{i + 1} ({k['layer']} {k['name']})"
        if s is None:
            return Outcome(case, "unknown", f"{where}: shapelens has no fact for it", keras, analysis)
        if s.layer != k["layer"]:
            return Outcome(case, "disagree", f"{where}: shapelens' layer #{i + 1} is a {s.layer}", keras, analysis)
        out = norm(s.output_shape)
        if has_unknown(out) or s.params is None:
            if expect_unknown and k["layer"] == case.target:
                continue
            if errors and not keras["ok"]:
                break  # it knows Keras fails; an unknown before the failure is acceptable
            if errors:
                return Outcome(case, "disagree", f"{where}: Keras builds it, shapelens reports an error", keras, analysis)
            return Outcome(case, "unknown", f"{where}: shapelens does not know the output shape or params "
                                            f"(it says {show(out)}, params {s.params})", keras, analysis)
        if out != k["output_shape"]:
            return Outcome(case, "disagree", f"{where}: output shape Keras {show(k['output_shape'])}, "
                                             f"shapelens {show(out)}", keras, analysis)
        if s.params != k["params"]:
            return Outcome(case, "disagree", f"{where}: params Keras {k['params']}, shapelens {s.params}", keras, analysis)

    # 2. errors: SL1xx exactly when Keras raised
    if keras["ok"]:
        if errors:
            return Outcome(case, "disagree", "Keras builds this, shapelens reports an SL1xx error", keras, analysis)
        # 3. model totals
        for m in keras.get("models", []):
            facts = [f for f in analysis.models if f.name == m["var"]]
            if m["params"] is None:
                continue
            if not facts or facts[-1].params is None:
                return Outcome(case, "unknown", f"model `{m['var']}`: shapelens does not know its params", keras, analysis)
            if facts[-1].params != m["params"]:
                return Outcome(case, "disagree", f"model `{m['var']}` params: Keras {m['params']}, "
                                                 f"shapelens {facts[-1].params}", keras, analysis)
        return Outcome(case, "agree", "", keras, analysis)
    if errors:
        return Outcome(case, "agree", "", keras, analysis)
    failing = sfacts[len(kcalls)] if len(kcalls) < len(sfacts) else None
    if failing is None or has_unknown(norm(failing.output_shape)) or failing.params is None:
        return Outcome(case, "unknown", f"Keras raises {err['type']}; shapelens reports no error "
                                        f"(and does not know the failing layer's output)", keras, analysis)
    return Outcome(case, "disagree", f"Keras raises {err['type']}; shapelens reports no error and says "
                                     f"{failing.layer} outputs {show(norm(failing.output_shape))}", keras, analysis)


def render(o: Outcome) -> str:
    lines = [f"[{o.status}] {o.reason}", "--- snippet ---", o.case.source.rstrip(), "--- Keras ---"]
    k = o.keras
    for c in k.get("calls", []):
        lines.append(f"  {c['layer']:<20s} {c['name']:<22s} {show(c['output_shape']):<34s} params {c['params']}")
    for m in k.get("models", []):
        lines.append(f"  model `{m['var']}` ({m['kind']}): outputs {[show(s) for s in (m['outputs'] or [])]}, params {m['params']}")
    if k.get("error"):
        e = k["error"]
        msg = [ln for ln in re.sub(r"\x1b\[[0-9;]*m", "", e["message"]).strip().splitlines() if ln.strip()]
        if len(msg) > 1 and msg[0].startswith("Exception encountered when calling"):
            msg = msg[1:]
        when = {"run": " when run on zeros", "fit": " in fit/predict"}.get(e.get("phase"), "")
        lines.append(f"  raises{when} {e['type']} at line {e['line']}: {msg[0] if msg else ''}"[:600])
    elif k.get("ok"):
        lines.append("  builds")
    lines.append("--- shapelens ---")
    a = o.analysis
    if a is None:
        lines.append("  (analysis raised)")
    else:
        for f in a.layers:
            lines.append(f"  {f.layer:<20s} {f.name or '':<22s} {show(norm(f.output_shape)):<34s} params {f.params}")
        for m in a.models:
            lines.append(f"  model `{m.name}` ({m.kind}): outputs {[show(norm(s)) for s in m.outputs]}, params {m.params}")
        for d in a.diagnostics:
            lines.append(f"  {d.code} {d.severity} line {d.span.line + 1}: {d.message}")
        if not a.diagnostics:
            lines.append("  no diagnostics")
    return "\n".join(lines)


def analyse(source: str):
    from shapelens import analyze

    try:
        return analyze(source)
    except Exception:  # noqa: BLE001 - reported as a disagreement
        return None


def run_cases(oracle, cases: list, batch_size: int = 200) -> list:
    """Run cases in Keras (batched) and in shapelens; return one Outcome per case."""
    results = oracle.run([{"source": c.source, "mode": getattr(c, "mode", "snippet"),
                           "forward": getattr(c, "forward", False)} for c in cases],
                         batch_size=batch_size)
    return [compare(c, res, analyse(c.source)) for c, res in zip(cases, results)]
