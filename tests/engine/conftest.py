"""The Keras oracle for the engine tests that check their verdicts in real Keras (losses, Keras 2
spellings, silent mistakes): one worker process per test module."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def keras_oracle():
    sys.path.insert(0, str(ROOT / "tests" / "oracle"))
    try:
        from keras_worker import KerasOracle, OracleUnavailable
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no Keras oracle: {exc}")
    oracle = KerasOracle(timeout=120)
    try:
        oracle.start()
    except OracleUnavailable as exc:
        pytest.skip(f"Keras oracle unavailable: {exc}")
    yield oracle
    oracle.close()
