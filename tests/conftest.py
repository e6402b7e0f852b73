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
