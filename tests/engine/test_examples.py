"""Tests generated from the VALID/INVALID examples of every diagnostic code and every layer rule."""

import pytest

from shapelens import analyze
from shapelens.catalog import RULES
from shapelens.code_examples import EXAMPLES
from shapelens.codes import CODES

CODE_CASES = [(code, i, src) for code, ex in EXAMPLES.items() for i, src in enumerate(ex["invalid"])]
VALID_CASES = [(code, i, src) for code, ex in EXAMPLES.items() for i, src in enumerate(ex["valid"])]
RULE_INVALID = [(name, i, src, code) for name, rule in RULES.items() for i, (src, code) in enumerate(rule.INVALID)]
RULE_VALID = [(name, i, src) for name, rule in RULES.items() for i, src in enumerate(rule.VALID)]


def _loud(a):
    return [d for d in a.diagnostics if d.severity in ("error", "warning")]


def _show(a):
    return "\n".join(f"  {d.code} {d.severity} line {d.span.line + 1}: {d.message}" for d in a.diagnostics) or "  (none)"


def test_every_code_has_examples():
    missing = [c for c in CODES if not EXAMPLES.get(c, {}).get("invalid") or not EXAMPLES.get(c, {}).get("valid")]
    assert not missing, f"codes without VALID and INVALID examples: {missing}"


@pytest.mark.parametrize("code,i,src", CODE_CASES, ids=[f"{c}-invalid-{i}" for c, i, _ in CODE_CASES])
def test_invalid_example_gets_its_code(code, i, src):
    a = analyze(src)
    assert any(d.code == code for d in a.diagnostics), f"expected {code} on:\n{src}\ngot:\n{_show(a)}"
    for d in a.diagnostics:
        assert d.message.strip() and "@L" not in d.message, d.message


@pytest.mark.parametrize("code,i,src", VALID_CASES, ids=[f"{c}-valid-{i}" for c, i, _ in VALID_CASES])
def test_valid_example_is_clean(code, i, src):
    a = analyze(src)
    assert not _loud(a), f"no error or warning expected on:\n{src}\ngot:\n{_show(a)}"
    assert not any(d.code == code for d in a.diagnostics), _show(a)


@pytest.mark.parametrize("name,i,src,code", RULE_INVALID, ids=[f"{n}-invalid-{i}" for n, i, _, _ in RULE_INVALID])
def test_rule_invalid(name, i, src, code):
    a = analyze(src)
    assert any(d.code == code for d in a.diagnostics), f"{name}: expected {code} on:\n{src}\ngot:\n{_show(a)}"


@pytest.mark.parametrize("name,i,src", RULE_VALID, ids=[f"{n}-valid-{i}" for n, i, _ in RULE_VALID])
def test_rule_valid(name, i, src):
    a = analyze(src)
    assert not _loud(a), f"{name}: no error expected on:\n{src}\ngot:\n{_show(a)}"
    facts = [f for f in a.layers if f.layer == name]
    assert facts and all(f.output_shape is not None for f in facts), f"{name}: no concrete shape in\n{src}\n{a.layers}"


def test_codes_doc_is_current():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, str(root / "scripts" / "gen_codes_doc.py"), "--check"])
    assert r.returncode == 0, "server/shapelens/docs/codes.md is out of date: run scripts/gen_codes_doc.py"
