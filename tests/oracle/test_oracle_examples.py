"""The engine's own examples, confirmed by real Keras.

* every diagnostic code's examples (``shapelens.code_examples.EXAMPLES``) and every catalog
  rule's ``VALID``/``INVALID`` examples:
  - VALID: Keras builds it and runs it forward on zeros;
  - INVALID with an SL1xx code: Keras raises while building, or (for the bugs Keras only
    reports when data flows) when the model runs forward on zeros;
  - INVALID with an SL2xx code: Keras raises in fit/predict/evaluate (stubbed: no training);
  - INVALID with a warning/hint code (SL205, SL3xx, SL4xx): legal code, so Keras must build
    and run it.
"""

from __future__ import annotations

import pytest

from differential import show  # noqa: F401  (keeps the helper module importable here)


def _examples():
    out = []
    try:
        from shapelens.code_examples import EXAMPLES
    except Exception:  # noqa: BLE001 - the engine may not have it yet
        EXAMPLES = {}
    for code, ex in sorted(EXAMPLES.items()):
        if code == "SL000":
            continue
        for i, src in enumerate(ex.get("valid", ())):
            out.append(pytest.param(code, "valid", src, id=f"{code}-valid-{i}"))
        for i, src in enumerate(ex.get("invalid", ())):
            out.append(pytest.param(code, "invalid", src, id=f"{code}-invalid-{i}"))
    try:
        from shapelens.catalog import RULES
    except Exception:  # noqa: BLE001
        RULES = {}
    for name, rule in sorted(RULES.items()):
        for i, src in enumerate(getattr(rule, "VALID", ())):
            out.append(pytest.param("", "valid", src, id=f"{name}-VALID-{i}"))
        for i, item in enumerate(getattr(rule, "INVALID", ())):
            src, code = item
            out.append(pytest.param(code, "invalid", src, id=f"{name}-INVALID-{i}"))
    return out


try:
    from shapelens.code_examples import RAISED_BY_DATA_LIBRARIES
except Exception:  # noqa: BLE001
    RAISED_BY_DATA_LIBRARIES = frozenset()


def _severity(code: str) -> str:
    try:
        from shapelens.codes import CODES

        return CODES[code].severity
    except Exception:  # noqa: BLE001
        return "error" if code.startswith(("SL0", "SL1", "SL2")) else "warning"


EXAMPLES = _examples()
_results: dict = {}


def keras_result(oracle, src: str) -> dict:
    if not _results:  # run them all in one batch the first time
        sources = sorted({p.values[2] for p in EXAMPLES})
        for s, res in zip(sources, oracle.run([{"source": s, "mode": "script", "forward": True} for s in sources])):
            _results[s] = res
    if src not in _results:
        _results[src] = oracle.run([{"source": src, "mode": "script", "forward": True}])[0]
    return _results[src]


def describe(res: dict) -> str:
    if res["ok"]:
        return "Keras builds it and runs it on zeros without error"
    e = res["error"]
    when = {"run": "when run on zeros", "fit": "in fit/predict/evaluate", "build": "while building"}[e["phase"]]
    return f"Keras raises {e['type']} {when} (line {e['line']}): {e['message'][:300]}"


def test_examples_exist():
    assert EXAMPLES, "no engine examples found (shapelens.code_examples.EXAMPLES / catalog RULES)"


@pytest.mark.parametrize("code,kind,src", EXAMPLES)
def test_example_against_keras(keras_oracle, code, kind, src):
    res = keras_result(keras_oracle, src)
    err = res.get("error")
    # SL120 is an import Keras 3 removed: there the ImportError is the very error it reports
    removed_import = code == "SL120" and kind == "invalid" and err and err["type"] in ("ImportError",
                                                                                        "ModuleNotFoundError")
    if err and err["type"] in ("NameError", "ImportError", "ModuleNotFoundError", "SyntaxError", "Timeout", "Crash") \
            and not removed_import:
        pytest.fail(f"the example itself is broken: {describe(res)}\n{src}", pytrace=False)
    if kind == "valid" or _severity(code) != "error":
        if not res["ok"]:
            pytest.fail(f"{code or 'catalog'} {kind} example must be legal Keras, but {describe(res)}\n--- example ---\n{src}",
                        pytrace=False)
        return
    if code.startswith("SL1"):
        ok = not res["ok"] and err["phase"] in ("build", "run")
    elif code in RAISED_BY_DATA_LIBRARIES:  # pandas / scikit-learn raise while the data is prepared
        ok = not res["ok"] and err["phase"] == "build" and err["type"] in ("ValueError", "KeyError")
    elif code.startswith("SL2"):
        ok = not res["ok"] and err["phase"] == "fit"
    else:
        ok = not res["ok"]
    if not ok:
        pytest.fail(f"{code} INVALID example: shapelens says Keras rejects it, but {describe(res)}\n--- example ---\n{src}",
                    pytrace=False)
