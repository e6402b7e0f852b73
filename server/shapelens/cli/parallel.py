"""``check --jobs N``: the files of a run shared between N worker processes, keeping each
worker on neighbouring files.

A worker keeps what it analysed (the parsed statements, the modules files import): files of
one folder import the same modules, so a worker that goes on with the next file of its folder
reuses nearly all of it, while handing out files round-robin makes every worker analyse nearly
every module of the repository (on the registry corpus, 2 workers spent 40 s of CPU where one
spends 26 s).  So the sorted list of files is cut into one contiguous run per worker; each
worker takes files from the front of its own run, and a worker whose run is done takes the
last file of the run with the most files left (and then the one before it, and so on: the
files it steals are neighbours too).  Every worker is busy to the end, as with a shared queue.

A worker that dies (the operating system killed it, a crash in a compiled library) loses only
the file it was on: that file's record says so and a new worker goes on with the same run.
Records come back in the order of the files."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.connection import wait
from typing import Callable

IDLE = -1


def _take(lo, hi, lock, own: int) -> int:
    """The next file for worker ``own``: the front of its run, else the back of the fullest."""
    with lock:
        if lo[own] < hi[own]:
            i = lo[own]
            lo[own] += 1
            return i
        best, left = -1, 0
        for r in range(len(lo)):
            if hi[r] - lo[r] > left:
                best, left = r, hi[r] - lo[r]
        if best < 0:
            return IDLE
        hi[best] -= 1
        return hi[best]


def _worker(own, work, fn, lo, hi, lock, current, conn) -> None:
    # (a pipe, not a multiprocessing.Queue: a Queue sends from a thread, so the records of a
    # worker that dies are lost with it; a pipe's send is done when it returns)
    while True:
        i = _take(lo, hi, lock, own)
        current[own] = i
        if i == IDLE:
            conn.send((IDLE, None))
            conn.close()
            return
        conn.send((i, fn(work[i])))


def run_parallel(work: list, fn: Callable, jobs: int, lost: Callable) -> list:
    """``[fn(w) for w in work]`` in ``jobs`` worker processes; ``lost(w)`` is the record of a
    file whose worker died while on it."""
    n = len(work)
    ctx = mp.get_context()
    lock = ctx.Lock()
    lo = ctx.RawArray("l", [n * r // jobs for r in range(jobs)])
    hi = ctx.RawArray("l", [n * (r + 1) // jobs for r in range(jobs)])
    current = ctx.RawArray("l", [IDLE] * jobs)
    results: list = [None] * n
    done = [False] * n
    procs: dict = {}  # run -> (process, the parent's end of its pipe)

    def start(r: int) -> None:
        reader, writer = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_worker, args=(r, work, fn, lo, hi, lock, current, writer), daemon=True)
        p.start()
        writer.close()  # (the worker's end: the parent sees EOF when the worker is gone)
        procs[r] = (p, reader)

    def receive(r: int) -> bool:
        """Read what worker ``r`` sent; False when it has finished or is gone."""
        reader = procs[r][1]
        try:
            while reader.poll():
                i, rec = reader.recv()
                if i == IDLE:
                    return False
                if not done[i]:
                    results[i], done[i] = rec, True
        except (EOFError, OSError):
            return False
        return True

    for r in range(jobs):
        start(r)
    running = set(procs)
    try:
        while running:
            ready = set(wait([procs[r][1] for r in running], timeout=1.0))
            for r in list(running):
                p, reader = procs[r]
                if reader in ready:
                    if receive(r):
                        continue
                elif p.is_alive():
                    continue
                else:
                    receive(r)  # (what it sent between the wait and now)
                if current[r] == IDLE:  # finished its run and found nothing left
                    running.discard(r)
                    p.join()
                    reader.close()
                    continue
                p.join(timeout=5)
                if p.is_alive():
                    continue  # (closing its pipe early: it is still sending)
                receive(r)
                reader.close()
                i = current[r]
                if i != IDLE and not done[i]:
                    results[i], done[i] = lost(work[i]), True
                current[r] = IDLE
                start(r)  # a new worker goes on with the same run
    finally:
        for p, reader in procs.values():
            if p.is_alive():
                p.kill()
            p.join(timeout=5)
    for i in range(n):  # (cannot happen: every file is taken once and answered or lost)
        if not done[i]:
            results[i] = lost(work[i])
    return results
