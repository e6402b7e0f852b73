"""Differential tests: generated Keras snippets, run in real Keras (the worker) and analysed by
shapelens; both must agree on every layer's output shape(s), parameter count and on whether
the build fails (SL1xx error exactly when Keras raises).

One test per generator family (one layer or a group of related layers) plus random stacks of
2–6 layers.  Each hypothesis example is a batch of 1–8 cases run in one worker round trip; on
a failure hypothesis shrinks the batch to the one smallest case and prints it with Keras' and
shapelens' answers.  ``test_generated_case_count`` (last) checks the run was large enough.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings, strategies as st

from cases import GENERATORS, all_covered_rules, gen_stack
from conftest import BATCH, PROFILE, STATS
from differential import run_cases

FAMILIES = sorted(GENERATORS)
MIN_CASES = int(os.environ.get("SHAPELENS_ORACLE_MIN_CASES", "2000"))


def check(oracle, family, cases):
    outcomes = run_cases(oracle, cases)
    for o in outcomes:
        STATS[family][o.status] += 1
    bad = [o for o in outcomes if not o.ok]
    if bad:
        bad.sort(key=lambda o: len(o.case.source))
        more = f"\n\n(and {len(bad) - 1} more in this batch)" if len(bad) > 1 else ""
        raise AssertionError("shapelens disagrees with Keras\n" + bad[0].report() + more)


@pytest.mark.parametrize("family", FAMILIES)
@given(data=st.data())
def test_layer(keras_oracle, family, data):
    cases = data.draw(st.lists(GENERATORS[family][0](), min_size=1, max_size=BATCH), label="cases")
    check(keras_oracle, family, cases)


@settings(max_examples=4 * settings.default.max_examples)
@given(data=st.data())
def test_stack(keras_oracle, data):
    cases = data.draw(st.lists(gen_stack(), min_size=1, max_size=BATCH), label="cases")
    check(keras_oracle, "stack", cases)


def test_every_catalog_rule_is_generated():
    from shapelens.catalog import RULES

    missing = sorted(set(RULES) - all_covered_rules())
    assert not missing, f"catalog rules without a generator in tests/oracle/cases.py: {', '.join(missing)}"


def test_generated_case_count():
    """Runs last in this module.  In the ci profile (derandomized: the same cases every run)
    every family and the stacks must have run and added up to the minimum; in the others,
    every family that ran generated cases."""
    n = sum(sum(c.values()) for c in STATS.values())
    if PROFILE == "ci":
        missing = sorted(set(FAMILIES) - set(STATS)) + ([] if "stack" in STATS else ["stack"])
        assert not missing, f"oracle families that generated no case: {', '.join(missing)}"
        assert n >= MIN_CASES, f"only {n} generated cases ran (want >= {MIN_CASES})"
    empty = sorted(f for f, c in STATS.items() if sum(c.values()) == 0)
    assert not empty, f"oracle families that ran without a case: {', '.join(empty)}"
