"""shapelens against what Keras did with each corpus script (``expected.json``, recorded by
``record.py``).  Runs without TensorFlow.

Per script:
* ``test_models``: every model Keras built and bound to a module-level name: per-layer class,
  output shape(s) and params in ``model.layers`` order, input/output shapes, total params.
* ``test_layer_calls``: shapelens' layer facts against every top-level layer application
  Keras made, matched by Keras layer name (class, output shape(s), params).
* ``test_verdict``: a script Keras rejects gets an SL1xx/SL2xx error (SL1xx when Keras
  raised while building); a script Keras accepts gets no error and no warning.
* ``test_error_location``: the error sits in the statement where Keras raised (build errors).
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

import pytest

from shapelens import analyze

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE / "scripts"
EXPECTED = json.loads((HERE / "expected.json").read_text())["scripts"]
NAMES = sorted(p.name for p in SCRIPTS.glob("*.py"))
MODEL_CLASSES = {"Sequential", "Functional", "Model"}

_cache: dict = {}


def source(name: str) -> str:
    return (SCRIPTS / name).read_text()


def analysis(name: str):
    if name not in _cache:
        _cache[name] = analyze(source(name))
    return _cache[name]


def expected(name: str) -> dict:
    assert name in EXPECTED, f"{name} has no recorded expectation: run .venv/bin/python tests/corpus/record.py {name}"
    exp = EXPECTED[name]
    digest = hashlib.sha256(source(name).encode()).hexdigest()[:16]
    assert exp["sha"] == digest, f"{name} changed since it was recorded: run .venv/bin/python tests/corpus/record.py {name}"
    return exp


def norm(shape):
    """shapelens shape (tuple / list of tuples / dict / None) → the JSON form Keras' is in."""
    if shape is None or isinstance(shape, str):
        return shape
    if isinstance(shape, dict):
        return {str(k): norm(v) for k, v in shape.items()}
    if isinstance(shape, list):
        return [norm(s) for s in shape]
    if isinstance(shape, tuple):
        if all(not isinstance(d, (tuple, list, dict)) for d in shape):
            return list(shape)
        return [norm(s) for s in shape]
    return shape


def show(shape) -> str:
    if shape is None:
        return "unknown"
    if isinstance(shape, str):
        return shape
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in shape.items()) + "}"
    if shape and all(isinstance(s, (list, dict)) or s is None for s in shape) and any(isinstance(s, (list, dict)) for s in shape):
        return "[" + ", ".join(show(s) for s in shape) + "]"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def table(rows) -> str:
    return "\n".join(f"      {r[0]:<20s} {show(r[1]):<32s} {r[2]}" for r in rows)


def diag_lines(a) -> str:
    if not a.diagnostics:
        return "      (none)"
    return "\n".join(f"      {d.code} {d.severity} line {d.span.line + 1}: {d.message}" for d in a.diagnostics)


def unbatched(shape):
    """A shape Keras gave on the two samples fit/predict run (script mode), batch axis None."""
    if isinstance(shape, list) and shape and all(isinstance(x, list) for x in shape):
        return [unbatched(x) for x in shape]
    return [None] + shape[1:] if isinstance(shape, list) and shape else shape


def inner_calls(exp: dict, within: str = None) -> list:
    """(name, class, output shape, params) of the sublayer calls Keras made inside user classes'
    call() (``within``: only those directly inside that layer or model)."""
    return [(c["name"], c["layer"], c["output_shape"] if c["phase"] == "build" else unbatched(c["output_shape"]),
             c["params"]) for c in exp.get("inner_calls", []) if within is None or c["within"] == within]


def _subclassed_rows(exp, m, fact, k_rows, s_rows, problems):
    """A subclassed model's rows whose Keras shape is "?": shapelens' shape(s) for the row, each
    one a shape Keras' call of that sublayer inside the model's call() gave; then the rows compare
    without those shapes."""
    calls = inner_calls(exp, m["name"])
    rows = [r for r in fact.rows if r.layer != "InputLayer"]
    k_out, s_out = [], []
    for n, (k, s) in enumerate(zip(k_rows, s_rows)):
        if k[1] is None and n < len(rows) and n < len(m["layers"]):
            lname = m["layers"][n]["name"]
            theirs = [c[2] for c in calls if c[0] == lname]
            mine = [norm(x) for x in (rows[n].calls or (rows[n].output_shape,))]
            if theirs and any(x not in theirs for x in mine):
                problems.append(f"  model `{m['var']}` row {lname}: shapelens shows {[show(x) for x in mine]}, Keras' "
                                f"calls of it inside call() gave {[show(x) for x in theirs]}")
            k, s = k[:1] + (None,) + k[2:], s[:1] + (None,) + s[2:]
        k_out.append(k)
        s_out.append(s)
    return k_out + k_rows[len(k_out):], s_out + s_rows[len(s_out):]


@pytest.mark.parametrize("name", NAMES)
def test_models(name):
    exp = expected(name)
    a = analysis(name)
    problems = []
    for m in exp["models"]:
        if not m["built"]:
            continue
        facts = [f for f in a.models if f.name == m["var"]]
        if not facts:
            problems.append(f"  model `{m['var']}`: shapelens found no model of that name "
                            f"(it found: {[f.name for f in a.models]})")
            continue
        fact = facts[-1]
        k_rows = [(r["layer"], r["output_shape"], r["params"]) for r in m["layers"]]
        s_rows = [(r.layer, norm(r.output_shape), r.params) for r in fact.rows if r.layer != "InputLayer"]
        if m["kind"] == "subclassed":
            # where Keras' summary shows "?" (no symbolic call recorded a shape), shapelens shows
            # what the sublayer gave: each shape it shows is one Keras' own call inside call() gave
            k_rows, s_rows = _subclassed_rows(exp, m, fact, k_rows, s_rows, problems)
        if k_rows != s_rows:
            problems.append(f"  model `{m['var']}` layers differ\n    Keras:\n{table(k_rows)}\n    shapelens:\n{table(s_rows)}")
        if fact.params != m["params"]:
            problems.append(f"  model `{m['var']}` total params: Keras {m['params']}, shapelens {fact.params}")
        if m["inputs"] is not None and [norm(s) for s in fact.inputs] != m["inputs"]:
            problems.append(f"  model `{m['var']}` inputs: Keras {[show(s) for s in m['inputs']]}, "
                            f"shapelens {[show(norm(s)) for s in fact.inputs]}")
        if m["outputs"] is not None and [norm(s) for s in fact.outputs] != m["outputs"]:
            problems.append(f"  model `{m['var']}` outputs: Keras {[show(s) for s in m['outputs']]}, "
                            f"shapelens {[show(norm(s)) for s in fact.outputs]}")
    if problems:
        pytest.fail(f"{name}: shapelens disagrees with Keras\n" + "\n".join(problems)
                    + f"\n  shapelens diagnostics:\n{diag_lines(a)}", pytrace=False)


@pytest.mark.parametrize("name", NAMES)
def test_layer_calls(name):
    """Every layer Keras applied, by Keras layer name: shapelens has a fact with that name, and
    each of its facts for that name matches one of Keras' applications of the layer (class,
    output shape(s), params).  Order does not matter (nested calls run inside out)."""
    exp = expected(name)
    a = analysis(name)
    keras_by_name: dict = {}
    for c in exp["calls"]:
        if c["layer"] not in MODEL_CLASSES:
            keras_by_name.setdefault(c["name"], []).append((c["layer"], c["output_shape"], c["params"]))
    for lname, cls, shape, params in inner_calls(exp):  # inside the call() of user classes
        if cls not in MODEL_CLASSES:
            keras_by_name.setdefault(lname, []).append((cls, shape, params))
    facts_by_name: dict = {}
    for f in a.layers:
        if f.layer not in MODEL_CLASSES and f.layer != "InputLayer":
            facts_by_name.setdefault(f.name, []).append((f.layer, norm(f.output_shape), f.params))
    # Keras traces a user layer's call() twice on its first call when a sublayer is unbuilt: a
    # layer made inside call() (layers.Add()(...)) then takes two names for one application
    retraced = set()
    seen: dict = {}
    top = {c["name"] for c in exp["calls"]}
    for c in exp.get("inner_calls", []):
        if c["name"] in top:
            continue
        key = (c["within"], c["layer"], repr(c["output_shape"]), c["params"], c["phase"])
        if key in seen and seen[key] != c["name"] and seen[key] in facts_by_name:
            retraced.add(c["name"])
        seen.setdefault(key, c["name"])
    problems = []
    for lname, calls in keras_by_name.items():
        facts = facts_by_name.get(lname)
        if not facts and lname in retraced:
            continue
        if not facts:
            problems.append(f"  {lname}: Keras applies it ({calls[0][0]} {show(calls[0][1])}), shapelens has no fact named {lname!r}")
            continue
        for fact in facts:
            if fact not in calls:
                problems.append(f"  {lname}: shapelens {fact[0]} {show(fact[1])} params {fact[2]}; Keras "
                                + " or ".join(f"{c[0]} {show(c[1])} params {c[2]}" for c in calls))
    if exp["ok"]:
        # layers built lazily (a Sequential without an input shape, built by fit) have no
        # recorded call, only a row in their model
        in_models = {r["name"] for m in exp["models"] for r in m["layers"]}
        for lname in sorted(set(facts_by_name) - set(keras_by_name) - in_models):
            problems.append(f"  {lname}: shapelens has a fact ({facts_by_name[lname][0][0]}), Keras applied no layer of that name")
    if problems:
        k_rows = [(c["layer"], c["output_shape"], c["params"]) for c in exp["calls"] if c["layer"] not in MODEL_CLASSES]
        s_rows = [(f.layer, norm(f.output_shape), f.params) for f in a.layers if f.layer not in MODEL_CLASSES]
        pytest.fail(f"{name}: layer applications differ\n" + "\n".join(problems)
                    + f"\n  Keras (in order):\n{table(k_rows)}\n  shapelens:\n{table(s_rows)}"
                    + f"\n  shapelens diagnostics:\n{diag_lines(a)}", pytrace=False)


@pytest.mark.parametrize("name", NAMES)
def test_verdict(name):
    exp = expected(name)
    a = analysis(name)
    errors = [d for d in a.diagnostics if d.severity == "error"]
    if exp["ok"]:
        loud = [d for d in a.diagnostics if d.severity in ("error", "warning")]
        if loud:
            pytest.fail(f"{name}: Keras accepts this script, shapelens complains:\n{diag_lines(a)}", pytrace=False)
        return
    err = exp["error"]
    allowed = ("SL1",) if err["phase"] == "build" else ("SL1", "SL2")
    hits = [d for d in errors if d.code.startswith(allowed)]
    if not hits:
        pytest.fail(f"{name}: Keras raises {err['type']} at line {err['line']} ({err['phase']}): {err['message']}\n"
                    f"  expected a {'/'.join(c + 'xx' for c in allowed)} error from shapelens; it reports:\n{diag_lines(a)}",
                    pytrace=False)


def statement_range(text: str, line: int) -> tuple:
    """1-based (first, last) line of the top-level statement holding ``line``."""
    for node in ast.parse(text).body:
        if node.lineno <= line <= (node.end_lineno or node.lineno):
            return node.lineno, node.end_lineno or node.lineno
    return line, line


@pytest.mark.parametrize("name", [n for n in NAMES if n in EXPECTED and not EXPECTED[n]["ok"]
                                  and EXPECTED[n]["error"]["phase"] == "build"])
def test_error_location(name):
    exp = expected(name)
    a = analysis(name)
    text = source(name)
    first, last = statement_range(text, exp["error"]["line"])
    hits = [d for d in a.diagnostics if d.severity == "error" and d.code.startswith("SL1")
            and d.span.line + 1 <= last and d.span.end_line + 1 >= first]
    if not hits:
        pytest.fail(f"{name}: Keras raises in the statement on lines {first}-{last} "
                    f"({exp['error']['type']}: {exp['error']['message']}); shapelens' errors are elsewhere:\n{diag_lines(a)}",
                    pytrace=False)
