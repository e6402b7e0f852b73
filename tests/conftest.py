"""Shared test set-up: make ``shapelens`` importable from the source tree (``server/``) even
when the package is not installed, so ``pytest`` works straight from a checkout."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"
if (SERVER / "shapelens").is_dir() and str(SERVER) not in sys.path:
    sys.path.insert(0, str(SERVER))

# An engine bug must fail the tests loudly, not turn into a silently unknown shape.
import os  # noqa: E402

os.environ.setdefault("SHAPELENS_STRICT", "1")


# No skip in CI: a test skips only where a tool is really absent on a developer's machine (an
# editor, the Keras oracle, an optional library); CI installs every one of them, so a skip there
# would hide a missing tool or a failure.  With CI=true every skip is reported as a failure.
import pytest  # noqa: E402

_IN_CI = os.environ.get("CI", "").lower() == "true"


def _no_skip(report) -> None:
    if _IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI=true: skipped tests are failures here ({reason})"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _no_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _no_skip(outcome.get_result())
