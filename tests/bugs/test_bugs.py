"""The evaluation set of real-world-style shape bugs (tests/bugs/cases), measured with shapelens.

No TensorFlow here: only the static analysis.  Every repaired program (fixed.py) must get no
error and no warning; the buggy programs must be found at least as often as in the last run
recorded in tests/bugs/history.json (``scripts/bug_eval.py --record``), and at least
``MIN_SHARE`` of them.  That each buggy.py really fails (or is silently wrong) in Keras 3 and
each fixed.py runs is checked by ``scripts/bug_eval.py --verify --record``, which runs them in
real Keras (several minutes, too slow for this suite) and writes what Keras did into
cases.json (``keras3_observed``); this suite checks that record against each case's claims.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
_spec = importlib.util.spec_from_file_location("bug_eval", ROOT / "scripts" / "bug_eval.py")
bug_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bug_eval)

CASES = bug_eval.load_cases()
IDS = [c["name"] for c in CASES]
MIN_SHARE = 0.70  # the target: at least 70 % of the buggy programs found


def test_cases_are_well_formed():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    folders = {p.name for p in (bug_eval.BUGS / "cases").iterdir() if p.is_dir()}
    assert folders == set(names), f"folders without an entry or entries without a folder: {folders ^ set(names)}"
    for c in CASES:
        d = bug_eval.case_dir(c)
        assert c["kind"] in bug_eval.KINDS, c
        assert re.match(r"https?://", c["source"]), c
        assert c["keras3"] and c["phase"], c
        n_lines = len((d / "buggy.py").read_text().splitlines())
        for line in [c["bug_line"], *c["related_lines"], *([c["raise_line"]] if c["raise_line"] else [])]:
            assert 1 <= line <= n_lines, (c["name"], line)
        assert (d / "fixed.py").is_file()
        if c["exception"] is None:
            assert c["kind"] == "silent-wrong" and (d / "check.py").is_file(), c["name"]
        else:
            assert c["raise_line"], c["name"]
    assert sum(c["kind"] == "silent-wrong" for c in CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_no_false_alarm_on_the_repaired_program(case):
    text = (bug_eval.case_dir(case) / "fixed.py").read_text()
    alarms = bug_eval.serious(bug_eval.analyze_text(text))
    assert not alarms, "\n".join(f"fixed.py:{d['line']}: {d['severity']} {d['code']} {d['message']}" for d in alarms)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_was_confirmed_in_keras(case):
    """cases.json keeps what Keras 3 did with both programs (bug_eval.py --verify --record): the
    buggy one raised the claimed exception from the claimed line (or ran and its check proved
    it wrong), the repaired one ran (and its check found nothing wrong)."""
    seen = case.get("keras3_observed")
    assert seen, f"{case['name']}: not confirmed in Keras (run scripts/bug_eval.py --verify --record)"
    assert seen["keras"].startswith("3."), seen
    buggy, fixed = seen["buggy"], seen["fixed"]
    if case["exception"]:
        assert (buggy["status"], buggy["exception"], buggy["line"]) == ("raised", case["exception"],
                                                                          case["raise_line"]), buggy
    else:
        assert buggy["status"] == "ok" and buggy["wrong"] is True, buggy
    assert fixed["status"] == "ok" and not fixed.get("wrong"), fixed


def test_found_no_fewer_than_the_recorded_baseline():
    previous = bug_eval.last_recorded()
    assert previous is not None, "no run recorded (scripts/bug_eval.py --record)"
    found = {c["name"] for c in CASES
             if any(bug_eval.matches(c, d) for d in bug_eval.serious(bug_eval.analyze_text(
                 (bug_eval.case_dir(c) / "buggy.py").read_text())))}
    lost = sorted(set(previous.get("found_cases", ())) - found)
    assert len(found) >= previous["found"], (
        f"found {len(found)}/{len(CASES)}, recorded baseline {previous['found']}/{previous['cases']}; "
        f"no longer found: {lost}")
    assert len(found) >= MIN_SHARE * len(CASES), f"found {len(found)}/{len(CASES)}, below {MIN_SHARE:.0%}"
