"""Every diagnostic example is run in real Keras: each SL1xx INVALID example must make Keras
raise (while building, or for the bugs Keras only reports when data flows, when the model runs
forward), each SL2xx error example must make fit/predict fail, and every VALID example must run
without an exception.  Also the layer rules' own VALID/INVALID examples."""

import pytest

from shapelens.catalog import RULES
from shapelens.code_examples import EXAMPLES, RAISED_BY_DATA_LIBRARIES, RUNTIME_ONLY
from shapelens.codes import CODES

CASES = []
for code, ex in EXAMPLES.items():
    if code == "SL000":
        continue
    for i, src in enumerate(ex["invalid"]):
        CASES.append((f"{code}-invalid-{i}", code, src, "invalid"))
    for i, src in enumerate(ex["valid"]):
        CASES.append((f"{code}-valid-{i}", code, src, "valid"))
for name, rule in RULES.items():
    for i, (src, code) in enumerate(rule.INVALID):
        CASES.append((f"{name}-invalid-{i}", code, src, "invalid"))
    for i, src in enumerate(rule.VALID):
        CASES.append((f"{name}-valid-{i}", None, src, "valid"))


@pytest.fixture(scope="module")
def results(keras_oracle):
    cases = [{"id": cid, "source": src, "mode": "script", "forward": code in RUNTIME_ONLY}
             for cid, code, src, _ in CASES]
    return {r["id"]: r for r in keras_oracle.run(cases)}


@pytest.mark.parametrize("cid,code,src,kind", CASES, ids=[c[0] for c in CASES])
def test_example_in_keras(results, cid, code, src, kind):
    r = results[cid]
    err = r["error"]
    if kind == "valid":
        assert err is None, f"Keras rejects a VALID example:\n{src}\n{err}"
        return
    severity = CODES[code].severity
    if severity != "error":
        assert err is None, f"{code} is a warning/hint, so Keras must accept:\n{src}\nbut it raised {err}"
        return
    assert err is not None, f"{code}: Keras accepted an INVALID example:\n{src}"
    if code.startswith("SL1") and code not in RUNTIME_ONLY:
        assert err["phase"] == "build", f"{code}: Keras should raise while building, raised in {err['phase']}: {err}"
    if code in RAISED_BY_DATA_LIBRARIES:  # pandas / scikit-learn raise while the data is prepared
        assert err["phase"] == "build" and err["type"] in ("ValueError", "KeyError"), err
    elif code.startswith("SL2"):
        assert err["phase"] == "fit", f"{code}: Keras should raise in fit/predict, raised in {err['phase']}: {err}"
