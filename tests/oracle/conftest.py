"""The Keras oracle fixture: one worker process per test session.

Without TensorFlow/Keras installed the oracle tests are skipped, unless
``SHAPELENS_REQUIRE_ORACLE=1`` (set in CI), where a missing oracle is a failure."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from keras_worker import KerasOracle, OracleUnavailable  # noqa: E402


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
