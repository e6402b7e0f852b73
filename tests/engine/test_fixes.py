"""Quick fixes and refactors: applying them leaves code that shapelens finds clean (the oracle
tests also build the fixed code in Keras)."""

from pathlib import Path

import pytest

from shapelens import analyze
from shapelens.code_examples import EXAMPLES
from shapelens.edits import apply_edits

ROOT = Path(__file__).resolve().parents[2]
CASES = [(f"{code}-{i}", src) for code, ex in EXAMPLES.items() for i, src in enumerate(ex["invalid"])]
CASES += [(p.name, p.read_text()) for p in sorted((ROOT / "examples").glob("*.py"))]


def _fixes(src):
    a = analyze(src)
    return a, [(d, f) for d in a.diagnostics for f in d.fixes]


@pytest.mark.parametrize("cid,src", CASES, ids=[c for c, _ in CASES])
def test_preferred_fix_removes_the_diagnostic(cid, src):
    a, fixes = _fixes(src)
    for d, f in fixes:
        if not f.preferred:
            continue
        fixed = apply_edits(src, f.edits)
        b = analyze(fixed)
        same = [x for x in b.diagnostics if x.code == d.code and x.span.line == d.span.line and x.severity == "error"]
        assert not same, f"{f.title!r} left {d.code} in place:\n{fixed}"
        errors = [x for x in b.diagnostics if x.severity == "error"]
        assert len(errors) < len([x for x in a.diagnostics if x.severity == "error"]) or not errors, (
            f"{f.title!r} did not reduce the errors:\n{fixed}\n" + "\n".join(x.message for x in errors))


def test_example_3_fix_reuses_one_input():
    src = (ROOT / "examples" / "article_3_return_state.py").read_text()
    a = analyze(src)
    [d] = [d for d in a.diagnostics if d.code == "SL108"]
    fixed = apply_edits(src, d.fixes[0].edits)
    assert "inputs = keras.Input(shape=(10, 3))\n" in fixed
    assert fixed.count("keras.Input(shape=") == 1
    b = analyze(fixed)
    assert not [x for x in b.diagnostics if x.severity == "error"]
    [m] = b.models
    assert m.outputs == ((None, 64), (None, 64), (None, 64)) and m.params == 17408


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_functional_refactor_keeps_shapes(path):
    src = path.read_text()
    a = analyze(src)
    for span, fix in a.refactors:
        b = analyze(apply_edits(src, fix.edits))
        before = {(m.params, m.outputs) for m in a.models}
        after = {(m.params, m.outputs) for m in b.models}
        assert before <= after, f"{fix.title} changed the model:\n{apply_edits(src, fix.edits)}"
        assert [d.code for d in b.diagnostics if d.severity in ("error", "warning")] == \
               [d.code for d in a.diagnostics if d.severity in ("error", "warning")]
