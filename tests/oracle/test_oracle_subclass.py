"""Subclassed layers and models against Keras (families/subclass.py).

For every generated snippet, Keras (the worker, with ``inner_calls``: the sublayer calls made
inside a user class's ``call``) and shapelens must agree on

* the top-level layer calls (outside any ``call``; a functional model made in ``__init__`` too), in
  order: class, output shape(s), params;
* every sublayer call Keras made inside a ``call`` while building: shapelens has a fact for a
  call inside a ``call`` (its hover says "in Block.call on ...") with the same class, output
  shape(s) and params; and every such fact shapelens has (with a known shape) is one Keras made, unless Keras never runs that ``call`` (a model only
  built, a layer whose output comes from its ``compute_output_shape``) or raised first;
* the model totals (except a subclassed model only built: Keras counts 0 there, shapelens the
  weights its call makes, and says so);
* an error exactly when Keras raises (an SL1xx one; SL2xx in fit and predict).
"""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from conftest import BATCH, STATS
from differential import HARNESS_ERRORS, MODEL_CLASSES, Outcome, analyse, has_unknown, norm, show
from families.subclass import SUBCLASS_GENERATORS


def _in_call(fact) -> bool:
    """A fact of a sublayer called inside a user class's call() (its hover says so)."""
    return any(w.startswith("in ") and ".call on " in w for w in fact.why)


def _unbatched(shape):
    if isinstance(shape, list) and shape and all(isinstance(s, list) for s in shape):
        return [_unbatched(s) for s in shape]
    if isinstance(shape, list) and shape:
        return [None] + shape[1:]
    return shape


def _key(layer, shape, params):
    return (layer, repr(norm(shape)), params)


def compare_subclass(case, keras: dict, analysis) -> Outcome:
    err = keras.get("error")
    if err and err["type"] in HARNESS_ERRORS:
        return Outcome(case, "harness", f"the snippet failed in Keras with {err['type']}: {err['message']}", keras, analysis)
    if analysis is None:
        return Outcome(case, "disagree", "shapelens raised while analysing the snippet", keras, analysis)
    if any(d.code == "SL000" for d in analysis.diagnostics):
        return Outcome(case, "harness", "shapelens says the snippet does not parse", keras, analysis)
    # SL1xx, and for what Keras raises in fit/predict the data and target codes too
    errors = [d for d in analysis.diagnostics if d.severity == "error"]
    if keras["ok"] and errors:
        return Outcome(case, "disagree", "Keras builds this, shapelens reports an SL1xx error", keras, analysis)
    if not keras["ok"] and not errors:
        return Outcome(case, "unknown" if err["phase"] != "fit" else "disagree",
                       f"Keras raises {err['type']}; shapelens reports no error", keras, analysis)
    inner = keras.get("inner_calls", [])
    inner_names = {c["name"] for c in inner if c["phase"] == "build"}
    facts = [f for f in analysis.layers if f.layer not in MODEL_CLASSES and f.layer != "InputLayer"]
    top_s = [f for f in facts if not _in_call(f)]
    in_s = [f for f in facts if _in_call(f)]
    top_k = [c for c in keras["calls"] if c["layer"] not in MODEL_CLASSES and c["name"] not in inner_names]
    # 1. top-level calls, in order
    for i, k in enumerate(top_k):
        s = top_s[i] if i < len(top_s) else None
        where = f"top-level call #{i + 1} ({k['layer']} {k['name']})"
        if s is None:
            return Outcome(case, "unknown", f"{where}: shapelens has no fact for it", keras, analysis)
        if s.layer != k["layer"]:
            return Outcome(case, "disagree", f"{where}: shapelens' is a {s.layer}", keras, analysis)
        out = norm(s.output_shape)
        if has_unknown(out) or s.params is None:
            if errors and not keras["ok"]:
                break
            return Outcome(case, "unknown", f"{where}: shapelens says {show(out)}, params {s.params}", keras, analysis)
        if out != k["output_shape"] or s.params != k["params"]:
            return Outcome(case, "disagree", f"{where}: Keras {show(k['output_shape'])} params {k['params']}, "
                                             f"shapelens {show(out)} params {s.params}", keras, analysis)
    # 2. sublayer calls inside call()
    mine = {_key(f.layer, f.output_shape, f.params) for f in in_s if not has_unknown(norm(f.output_shape))}
    # (in fit/predict the worker runs the model on two samples: the batch axis is None for shapelens)
    theirs = {_key(c["layer"], c["output_shape"] if c["phase"] == "build" else _unbatched(c["output_shape"]),
                   c["params"]) for c in inner if c["layer"] not in MODEL_CLASSES}
    for k in sorted(theirs - mine):
        if errors and not keras["ok"]:
            break
        return Outcome(case, "unknown" if not any(kk[0] == k[0] for kk in mine) else "disagree",
                       f"inside call(): Keras calls {k[0]} -> {k[1]} params {k[2]}; shapelens has no such fact", keras,
                       analysis)
    if keras["ok"] and case.call_runs:
        for k in sorted(mine - theirs):
            if k[0] in MODEL_CLASSES:
                continue
            return Outcome(case, "disagree", f"inside call(): shapelens says {k[0]} -> {k[1]} params {k[2]}; "
                                             f"Keras made no such call", keras, analysis)
    # 3. model totals
    if keras["ok"]:
        for m in keras.get("models", []):
            if m["params"] is None:
                continue
            got = [f for f in analysis.models if f.name == m["var"]]
            if m["kind"] == "subclassed" and m["params"] == 0 and got and "build(" in got[-1].note:
                continue  # only built: Keras' summary shows 0 (unbuilt), shapelens what call() makes
            if not got or got[-1].params is None:
                return Outcome(case, "unknown", f"model `{m['var']}`: shapelens does not know its params", keras, analysis)
            if got[-1].params != m["params"]:
                return Outcome(case, "disagree", f"model `{m['var']}` params: Keras {m['params']}, shapelens "
                                                 f"{got[-1].params}", keras, analysis)
    return Outcome(case, "agree", "", keras, analysis)


def run_subclass_cases(oracle, cases):
    results = oracle.run([{"source": c.source, "mode": c.mode} for c in cases])
    return [compare_subclass(c, res, analyse(c.source)) for c, res in zip(cases, results)]


def _render(o: Outcome) -> str:
    text = o.report()
    inner = o.keras.get("inner_calls", [])
    if inner:
        text += "\n--- Keras, inside call() ---\n" + "\n".join(
            f"  {c['within']:<18s} {c['layer']:<20s} {c['name']:<22s} {show(c['output_shape']):<30s} params "
            f"{c['params']} ({c['phase']})" for c in inner)
    return text


FAMILIES = sorted(SUBCLASS_GENERATORS)


@pytest.mark.parametrize("family", FAMILIES)
@given(data=st.data())
def test_subclass(keras_oracle, family, data):
    cases = data.draw(st.lists(SUBCLASS_GENERATORS[family](), min_size=1, max_size=BATCH), label="cases")
    outcomes = run_subclass_cases(keras_oracle, cases)
    for o in outcomes:
        STATS[family][o.status] += 1
    bad = [o for o in outcomes if not o.ok]
    if bad:
        bad.sort(key=lambda o: len(o.case.source))
        raise AssertionError("shapelens disagrees with Keras\n" + _render(bad[0]))
