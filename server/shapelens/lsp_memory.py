"""The server's C heap (glibc): hand freed pages back to the system.

Used by the language server's idle garbage collection only.  It loads the C library with ctypes
to call ``mallopt`` and ``malloc_trim``; nothing here touches analysed source.  On other C
libraries (macOS, Windows, musl) both functions do nothing.
"""

from __future__ import annotations

import sys

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
