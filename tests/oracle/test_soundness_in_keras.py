"""The soundness programs (tests/engine/soundness_cases.py) are correct Keras: each builds in
Keras 3.15.1, and every layer shape shapelens reports for them is the one Keras computes."""

import sys
from pathlib import Path

import pytest

from differential import norm
from shapelens import analyze

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "engine"))
from soundness_cases import CASES  # noqa: E402


@pytest.fixture(scope="module")
def results(keras_oracle):
    return {r["id"]: r for r in keras_oracle.run([{"id": n, "source": s, "mode": "script"} for n, s in CASES.items()])}


@pytest.mark.parametrize("name", sorted(CASES))
def test_builds_and_shapes_agree(results, name):
    r = results[name]
    assert r["error"] is None, f"Keras rejects the soundness case {name}: {r['error']}"
    keras_shapes = {}
    for call in r["calls"]:
        keras_shapes.setdefault(call["name"], []).append(call["output_shape"])
    for call in r.get("inner_calls", []):  # inside the call() of the program's own layer classes
        keras_shapes.setdefault(call["name"], []).append(call["output_shape"])
    for fact in analyze(CASES[name]).layers:
        if fact.layer == "InputLayer":  # its shape is the declared one; Keras lists no call for it
            continue
        shape = norm(fact.output_shape)
        if shape is None or any(isinstance(d, str) for d in (shape if shape and not isinstance(shape[0], list) else [])):
            continue
        assert shape in keras_shapes.get(fact.name, []), (
            f"{fact.name} ({fact.layer}): shapelens {shape}, Keras {keras_shapes.get(fact.name)}")
