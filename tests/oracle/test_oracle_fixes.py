"""Quick fixes verified by Keras.

For every fix that shapelens offers on an error in an INVALID case (the corpus scripts Keras
rejects, the diagnostic codes' INVALID examples, the catalog rules' INVALID examples): apply
the fix's edits to the text, then
* Keras must build and run the fixed code (script mode: fit/predict stubbed, forward on zeros),
* shapelens must report no error on it.
Fixes on hints/warnings (refactors) must not add an error that was not there before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from shapelens.edits import apply_edits

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "tests" / "corpus"


@dataclass(frozen=True)
class FixCase:
    origin: str
    code: str
    severity: str
    title: str
    before: str
    after: str


def _invalid_sources():
    out = []
    expected = json.loads((CORPUS / "expected.json").read_text())["scripts"]
    for name, exp in sorted(expected.items()):
        path = CORPUS / "scripts" / name
        if not exp["ok"] and path.exists():
            out.append((f"corpus/{name}", path.read_text()))
    try:
        from shapelens.code_examples import EXAMPLES
    except Exception:  # noqa: BLE001
        EXAMPLES = {}
    for code, ex in sorted(EXAMPLES.items()):
        if code.startswith(("SL1", "SL2")):
            for i, src in enumerate(ex.get("invalid", ())):
                out.append((f"codes/{code}/invalid[{i}]", src))
    try:
        from shapelens.catalog import RULES
    except Exception:  # noqa: BLE001
        RULES = {}
    for name, rule in sorted(RULES.items()):
        for i, (src, _code) in enumerate(getattr(rule, "INVALID", ())):
            out.append((f"catalog/{name}/INVALID[{i}]", src))
    return out


def _fix_cases():
    from shapelens import analyze

    cases = []
    for origin, text in _invalid_sources():
        try:
            a = analyze(text)
        except Exception as exc:  # noqa: BLE001
            cases.append(FixCase(origin, "-", "error", f"analysis raised {exc!r}", text, text))
            continue
        for d in a.diagnostics:
            for fix in d.fixes:
                try:
                    after = apply_edits(text, fix.edits)
                except Exception as exc:  # noqa: BLE001
                    after = f"# could not apply the edits: {exc!r}\n" + text
                cases.append(FixCase(origin, d.code, d.severity, fix.title, text, after))
    return cases


try:
    FIX_CASES = _fix_cases()
except Exception as exc:  # noqa: BLE001 - engine not importable: one failing test says so
    FIX_CASES = []
    _COLLECT_ERROR = exc
else:
    _COLLECT_ERROR = None

ERROR_FIXES = [c for c in FIX_CASES if c.severity == "error"]
OTHER_FIXES = [c for c in FIX_CASES if c.severity != "error"]
_keras: dict = {}


def keras_run(oracle, src: str) -> dict:
    if not _keras:
        sources = sorted({c.after for c in ERROR_FIXES})
        for s, res in zip(sources, oracle.run([{"source": s, "mode": "script", "forward": True} for s in sources])):
            _keras[s] = res
    if src not in _keras:
        _keras[src] = oracle.run([{"source": src, "mode": "script", "forward": True}])[0]
    return _keras[src]


def diff(before: str, after: str) -> str:
    import difflib

    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "before", "after", n=1))


def test_fixes_collected():
    assert _COLLECT_ERROR is None, f"could not analyse the INVALID cases: {_COLLECT_ERROR!r}"
    assert ERROR_FIXES, "shapelens offers no quick fix on any INVALID case"


@pytest.mark.parametrize("case", ERROR_FIXES, ids=[f"{c.origin}:{c.code}:{i}" for i, c in enumerate(ERROR_FIXES)])
def test_error_fix_builds_in_keras(keras_oracle, case):
    from shapelens import analyze

    problems = []
    res = keras_run(keras_oracle, case.after)
    if not res["ok"]:
        e = res["error"]
        problems.append(f"Keras still rejects the fixed code: {e['type']} ({e['phase']}, line {e['line']}): {e['message'][:300]}")
    a = analyze(case.after)
    errors = [d for d in a.diagnostics if d.severity == "error"]
    if errors:
        problems.append("shapelens still reports: " + "; ".join(f"{d.code} line {d.span.line + 1}: {d.message}" for d in errors))
    if problems:
        pytest.fail(f"{case.origin}: fix '{case.title}' for {case.code}\n" + "\n".join(problems)
                    + "\n--- fix ---\n" + diff(case.before, case.after), pytrace=False)


@pytest.mark.parametrize("case", OTHER_FIXES or [None],
                         ids=[f"{c.origin}:{c.code}:{i}" for i, c in enumerate(OTHER_FIXES)] or ["none"])
def test_refactor_adds_no_error(case):
    from shapelens import analyze

    if case is None:  # no refactor offered on these cases: nothing to check (and no skip in CI)
        return

    before = {d.code for d in analyze(case.before).diagnostics if d.severity == "error"}
    after = {d.code for d in analyze(case.after).diagnostics if d.severity == "error"}
    new = after - before
    assert not new, (f"{case.origin}: '{case.title}' ({case.code}) introduces {sorted(new)}\n"
                     + diff(case.before, case.after))
