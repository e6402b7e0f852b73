"""Fuzzed editing through the LSP: random edit sequences (incremental didChange: truncation,
deleted and duplicated lines, brackets, quotes, tabs, CRLF, zero-width and astral-plane
characters, whole pasted files, undo, columns past the end of a line, several changes in one
notification) interleaved with hover / inlay-hint / code-action / code-lens (and pull
diagnostic) requests at random, also out-of-range, positions.

Asserted for every session: the server never exits, every request is answered (a result or a
proper JSON-RPC error) within 1 s, no engine traceback appears on the server's stderr (the
server runs with SHAPELENS_STRICT=1), and the diagnostics of the edited document equal those
of a fresh document opened with the final text.

Bounded for CI: SHAPELENS_FUZZ_EXAMPLES sessions (default 20) of SHAPELENS_FUZZ_STEPS edits
(default 80) per client kind.  ``scripts/soak_lsp.py`` runs the long version.
"""

from __future__ import annotations

import itertools
import os
import random

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .conftest import new_tracebacks
from .editfuzz import BASE_FILES, FuzzFailure, Session

EXAMPLES = int(os.environ.get("SHAPELENS_FUZZ_EXAMPLES", "20"))
STEPS = int(os.environ.get("SHAPELENS_FUZZ_STEPS", "80"))
LIMIT = 1.0  # seconds for every answer
_names = itertools.count()


def run_session(client, seed: int, base_index: int, steps: int = STEPS) -> Session:
    rnd = random.Random(seed)
    base = BASE_FILES[base_index % len(BASE_FILES)]
    n = next(_names)
    _, seen = new_tracebacks(client, 0)
    session = Session(client, f"fuzz_{n}.py", base.read_text(encoding="utf-8"), limit=LIMIT, pace=0.01)
    try:
        for _ in range(steps):
            session.step(rnd)
        problem = session.final_check(f"fuzz_{n}_fresh.py")
        trace, _ = new_tracebacks(client, seen)
        recent = "\n".join(map(repr, session.log[-25:]))
        where = f"seed={seed} base={base.name}\nlast operations:\n{recent}\nfinal text:\n{session.text[:3000]!r}"
        assert not session.stats.slow, f"answers slower than {LIMIT} s: {session.stats.slow[:5]}\n{where}"
        assert not trace, f"engine traceback on the server's stderr:\n{trace[-4000:]}\n{where}"
        assert problem is None, f"{problem}\n{where}"
    except FuzzFailure as exc:
        raise AssertionError(f"{exc}\nseed={seed} base={base.name}\n" + "\n".join(map(repr, session.log[-25:])))
    finally:
        session.close()
    return session


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate],  # a seed does not shrink; the report names it
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), base_index=st.integers(0, 10_000))
def test_random_editing_sessions(server, seed, base_index):
    run_session(server, seed, base_index)


def test_every_base_file_survives_a_short_session(server):
    """Each realistic file once (examples/ and tests/corpus/scripts/), a few edits each."""
    for i in range(len(BASE_FILES)):
        run_session(server, seed=1000 + i, base_index=i, steps=8)
