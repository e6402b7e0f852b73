"""The worker processes of ``check --jobs N`` (shapelens/cli/parallel.py): every file analysed
once, records in the files' order, neighbouring files kept on one worker, a dead worker costs
only its file."""

from __future__ import annotations

import os
import time

from shapelens.cli.parallel import run_parallel


def _square(x):
    return (x * x, os.getpid())


def _slow_first_half(x):
    if x < 20:
        time.sleep(0.02)  # the first worker's run is slow: the others must take over its files
    return (x, os.getpid())


def _dies_on_seven(x):
    if x == 7:
        os._exit(3)  # as if the operating system had killed the worker
    return x + 100


def _lost(x):
    return ("lost", x)


def test_every_file_once_and_in_order():
    work = list(range(57))
    out = run_parallel(work, _square, 3, _lost)
    assert [r[0] for r in out] == [x * x for x in work]


def test_neighbouring_files_stay_on_one_worker():
    """Each worker starts on its own contiguous run: with even work, a worker's files form a few
    contiguous stretches, not a round-robin of single files."""
    work = list(range(60))
    out = run_parallel(work, _square, 2, _lost)
    changes = sum(1 for a, b in zip(out, out[1:]) if a[1] != b[1])
    assert changes <= 4, [r[1] for r in out]


def test_an_idle_worker_takes_over_the_rest_of_a_slow_run():
    work = list(range(40))
    out = run_parallel(work, _slow_first_half, 2, _lost)
    assert [r[0] for r in out] == work
    first_run = {r[1] for r in out[:20]}
    assert len(first_run) == 2, "the worker of the fast run should have stolen files of the slow one"


def test_a_dead_worker_loses_only_its_file():
    work = list(range(15))
    out = run_parallel(work, _dies_on_seven, 2, _lost)
    assert out[7] == ("lost", 7)
    assert [r for i, r in enumerate(out) if i != 7] == [x + 100 for x in work if x != 7]
