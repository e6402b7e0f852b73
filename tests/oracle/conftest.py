"""The Keras oracle fixture (one worker process per test session), hypothesis profiles and the
end-of-run agreement table.

Without TensorFlow/Keras installed the oracle tests are skipped, unless
``SHAPELENS_REQUIRE_ORACLE=1`` (set in CI), where a missing oracle is a failure.

Profiles (``SHAPELENS_ORACLE_PROFILE``, default ``dev``):
* ``ci``: derandomized (same cases every run), no shrinking; >= 2,000 generated cases.
* ``dev``: random, shrinks, failures saved to ``.hypothesis/examples`` and replayed first on
  the next local run.  Minimal disagreements worth keeping go to ``regressions.json``
  (``scripts/oracle_soak.py --save-regressions``), which every profile runs.
* ``quick``: a few examples per family, for a smoke run.
"""

import collections
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from keras_worker import KerasOracle, OracleUnavailable  # noqa: E402

EXAMPLES_DB = Path(os.environ.get("SHAPELENS_ORACLE_DB", ROOT / ".hypothesis" / "examples"))
PROFILE = os.environ.get("SHAPELENS_ORACLE_PROFILE", "dev")
# examples per family (each example is a batch of 1..BATCH cases) and the batch size
EXAMPLES = {"ci": 16, "dev": 16, "quick": 3}.get(PROFILE, 16)
BATCH = 8

# No "explain" phase (it re-runs many variations of a failure: slow with Keras in the loop),
# and stop at the first distinct bug so a failing run stays short.
_common = dict(deadline=None, print_blob=True, report_multiple_bugs=False,
               phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much, HealthCheck.large_base_example])
# CI: derandomized (the same cases every run; hypothesis then uses no database, so past
# failures are replayed from tests/oracle/regressions.json instead) and no shrinking: a failing
# batch already reports its shortest failing snippet, and shrinking with Keras in the loop
# would turn a red run into a long one.
settings.register_profile("ci", max_examples=EXAMPLES, derandomize=True, database=None,
                          **dict(_common, phases=[Phase.explicit, Phase.generate]))
settings.register_profile("dev", max_examples=EXAMPLES, database=DirectoryBasedExampleDatabase(EXAMPLES_DB), **_common)
settings.register_profile("quick", max_examples=EXAMPLES, database=DirectoryBasedExampleDatabase(EXAMPLES_DB), **_common)

settings.load_profile(PROFILE)

# family -> Counter(status); filled by the tests, printed at the end of the run
STATS: dict = collections.defaultdict(collections.Counter)


def _required() -> bool:
    return os.environ.get("SHAPELENS_REQUIRE_ORACLE", "") not in ("", "0")


@pytest.fixture(scope="session")
def keras_oracle():
    oracle = KerasOracle()
    try:
        oracle.start()
    except OracleUnavailable as exc:
        if _required():
            pytest.fail(f"Keras oracle unavailable: {exc}")
        pytest.skip(f"Keras oracle unavailable: {exc}")
    yield oracle
    oracle.close()


def pytest_terminal_summary(terminalreporter):
    if not STATS:
        return
    tr = terminalreporter
    tr.section(f"Keras oracle (profile {PROFILE})")
    total = collections.Counter()
    for family in sorted(STATS):
        c = STATS[family]
        total.update(c)
        n = sum(c.values())
        tr.write_line(f"  {family:<24s} {n:6d} cases  agree {c['agree'] / n:7.2%}  unknown {c['unknown']:4d}  "
                      f"disagree {c['disagree']:4d}  harness {c['harness']:3d}")
    n = sum(total.values())
    tr.write_line(f"  {'total':<24s} {n:6d} cases  agree {total['agree'] / n:7.2%}  unknown {total['unknown']:4d}  "
                  f"disagree {total['disagree']:4d}  harness {total['harness']:3d}")
