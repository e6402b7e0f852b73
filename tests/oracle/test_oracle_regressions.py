"""Past disagreements, replayed in every profile: ``regressions.json`` holds minimal snippets
(saved by ``scripts/oracle_soak.py --save-regressions`` or by hand) that shapelens once got
wrong.  Each must now agree with Keras.  Entries: ``{"family", "source", "forward", "note"}``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cases import Case
from conftest import STATS
from differential import run_cases

FILE = Path(__file__).resolve().parent / "regressions.json"
ENTRIES = json.loads(FILE.read_text()) if FILE.exists() else []
_outcomes: dict = {}


def outcome(oracle, i: int):
    if not _outcomes:  # one worker round trip for all of them
        cases = [Case(e["family"], e["source"], e.get("target", ""), forward=e.get("forward", False)) for e in ENTRIES]
        for j, o in enumerate(run_cases(oracle, cases)):
            _outcomes[j] = o
    return _outcomes[i]


@pytest.mark.parametrize("i", range(len(ENTRIES)) or [None],
                         ids=[f"{e['family']}-{k}" for k, e in enumerate(ENTRIES)] or ["none"])
def test_regression(keras_oracle, i):
    if i is None:
        return
    o = outcome(keras_oracle, i)
    STATS["regressions"][o.status] += 1
    if not o.ok:
        note = ENTRIES[i].get("note", "")
        pytest.fail(f"regression {i} ({note}):\n{o.report()}", pytrace=False)
