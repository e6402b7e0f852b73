"""Memory policy: collect garbage while the user is not typing, and hand the C heap's (glibc) freed
pages back to the system.

Used by the language server's idle garbage collection only.  It loads the C library with ctypes
to call ``mallopt`` and ``malloc_trim``; nothing here touches analysed source.  On other C
libraries (macOS, Windows, musl) both functions do nothing.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import time

log = logging.getLogger("shapelens.server")

_LIBC: list = []  # [libc or None], loaded on first use (ctypes costs ~25 ms to import)
_STEADY: list = []


def _libc():
    if not _LIBC:
        lib = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                lib = ctypes.CDLL("libc.so.6")
                lib.malloc_trim, lib.mallopt  # glibc only
            except Exception:
                lib = None
        _LIBC.append(lib)
    return _LIBC[0]


def steady_malloc() -> None:
    """glibc raises its mmap threshold each time a big block (a 10,000-line text is ~400 KB) is
    freed, after which such blocks come from the heap and leave holes in it; a fixed threshold
    keeps every document-sized string in its own mapping, returned to the system when freed.
    Once per process."""
    if _STEADY:
        return
    _STEADY.append(True)
    lib = _libc()
    if lib is not None:
        try:
            lib.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
        except Exception:
            pass


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc keeps them otherwise: a session's
    garbage, freed, would stay in the server's RSS).  About a millisecond."""
    lib = _libc()
    if lib is not None:
        try:
            lib.malloc_trim(0)
        except Exception:
            pass


# A full garbage collection over a big analysis takes ~0.1 s per 10,000 lines: do it when the
# user has stopped typing for this long.
GC_IDLE = 1.0
FULL_GC_EVERY = 60.0
FULL_GC_QUIET = 3.0  # a full collection (~1 s per 20,000 analysed lines) waits for this long a pause


class MemoryPolicy:
    """ShapelensServer's part for memory: collect garbage while the user is not typing (mixed into the server)."""

    def _idle_gc(self) -> None:
        """Collect garbage while the user is not typing.  The modules and lsprotocol's types
        were frozen at start-up (gc.freeze), so a collection only looks at what analyses made.
        This runs on the event loop and holds the GIL, so it stays cheap: usually the young
        generations (gc.collect(1)); at most once a minute, and only when no request or edit
        came in for FULL_GC_QUIET s, all of them (~0.1 s for a 10,000-line file), so cycles
        among long-lived objects are reclaimed too.  Then the freed C-heap pages go back to
        the system."""
        self._gc_timer = None
        if self._analyses_since_gc == 0:
            return
        if any(st.task is not None and not st.task.done() for st in self.docs.values()):
            return  # still working: the worker re-arms the timer when it is done
        t0 = time.perf_counter()
        due = t0 - self._last_full_gc > FULL_GC_EVERY
        full = due and time.monotonic() - self._last_request > FULL_GC_QUIET
        if full:
            self._last_full_gc = t0
            gc.collect()
        else:
            gc.collect(1)
        steady_malloc()
        release_free_memory()
        if due and not full:  # try the full collection again once requests pause
            self._gc_timer = asyncio.get_running_loop().call_later(FULL_GC_QUIET, self._idle_gc)
        else:
            self._analyses_since_gc = 0
        log.debug("shapelens: %s garbage collection took %.0f ms", "full" if full else "young",
                  (time.perf_counter() - t0) * 1000)
