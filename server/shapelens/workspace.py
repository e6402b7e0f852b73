"""Where the user's modules are: the engine's ModuleSource over the file system (the CLI), with
the editor's text of open documents first (the language server).

An import is looked for as Python would find it when the importing file runs, without running
anything: a relative import from the importing file's folder (``from ..models import build``
goes up one package), an absolute one in the importing file's folder (``sys.path[0]`` of a
script), the root of the package it is in, the project's root (the folder holding
pyproject.toml, setup.py, setup.cfg or .git, and its ``src/``) and the given roots (the
editor's workspace folders, and their ``src/``).  In a folder a package (``name/__init__.py``)
comes before a module (``name.py``); a folder without ``__init__.py`` is a namespace package
only where no module of that name is found.  Lookups and texts are cached: a file is read again
when its modification time or size changes (checked at most every ``recheck`` seconds; the CLI
never checks again), and :meth:`FileSource.forget` drops what is known (files created, deleted)."""

from __future__ import annotations

import os
import stat
import threading
import time
from typing import Callable, Iterable, Optional

from .engine.modules import Found

MAX_MODULE_BYTES = 1024 * 1024  # a bigger module is Unknown
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


def normalize(path: str) -> str:
    """The one spelling of a file's path the analyses compare (absolute, symlinks resolved)."""
    try:
        return os.path.realpath(os.path.abspath(path))
    except (OSError, ValueError, RuntimeError):
        return os.path.abspath(path)


class FileSource:
    """engine.modules.ModuleSource over the file system.  ``overlay(path)``: the text of an open
    document (None: read the disk); ``roots``: more folders absolute imports are looked for in."""

    def __init__(self, roots: Iterable[str] = (), overlay: Optional[Callable[[str], Optional[str]]] = None,
                 recheck: float = float("inf"), max_bytes: int = MAX_MODULE_BYTES):
        self.roots = tuple(normalize(r) for r in roots)
        self.overlay = overlay
        self.recheck = recheck
        self.max_bytes = max_bytes
        self._lock = threading.RLock()
        self._found: dict = {}  # (folder, dotted) -> (checked at, (path, package, namespace) | None)
        self._dirs: dict = {}  # importing file's folder -> (checked at, search folders)
        self._texts: dict = {}  # path -> (checked at, (mtime_ns, size), text | None)

    def set_roots(self, roots: Iterable[str]) -> None:
        with self._lock:
            self.roots = tuple(normalize(r) for r in roots)
            self._dirs.clear()

    def forget(self, path: Optional[str] = None) -> None:
        """Files were created, deleted or changed on disk: look again (``path``: its text only,
        unless None: everything)."""
        with self._lock:
            if path is None:
                self._found.clear()
                self._dirs.clear()
                self._texts.clear()
            else:
                self._texts.pop(normalize(path), None)

    # -- the ModuleSource ------------------------------------------------------------------
    def __call__(self, importer: Optional[str], dotted: str, level: int) -> Optional[Found]:
        with self._lock:
            hit = self._find(importer, dotted, level)
            if hit is None:
                return None
            path, package, namespace = hit
            if namespace:
                return Found(path, None, True, True)
            return Found(path, self.text(path), package, False)

    def text(self, path: str) -> Optional[str]:
        """The module's text: the open document's, else the file's (None: unreadable, too big)."""
        if self.overlay is not None:
            try:
                t = self.overlay(path)
            except Exception:
                t = None
            if t is not None:
                return t if len(t) <= self.max_bytes else None
        now = time.monotonic()
        cached = self._texts.get(path)
        if cached is not None and now - cached[0] < self.recheck:
            return cached[2]
        try:
            st = os.stat(path)
            key = (st.st_mtime_ns, st.st_size)
        except OSError:
            key = None
        if cached is not None and cached[1] == key:
            self._texts[path] = (now, key, cached[2])
            return cached[2]
        text = None
        if key is not None and stat.S_ISREG(st.st_mode) and st.st_size <= self.max_bytes:
            try:
                with open(path, "rb") as f:
                    data = f.read(self.max_bytes + 1)
                if len(data) <= self.max_bytes:
                    text = data.decode("utf-8-sig")
            except (OSError, UnicodeDecodeError, ValueError):
                text = None
        if len(self._texts) > 4096:
            self._texts.clear()
        self._texts[path] = (now, key, text)
        return text

    # -- finding ---------------------------------------------------------------------------
    def _find(self, importer: Optional[str], dotted: str, level: int):
        parts = [p for p in dotted.split(".") if p] if dotted else []
        if any(not p.isidentifier() for p in parts):
            return None
        if level > 0:
            if not importer:
                return None
            base = os.path.dirname(importer)
            for _ in range(level - 1):
                base = os.path.dirname(base)
            return self._in(base, parts, allow_namespace=True)
        if not parts:
            return None
        dirs = self._search_dirs(importer)
        for d in dirs:
            hit = self._in(d, parts, allow_namespace=False)
            if hit is not None:
                return hit
        for d in dirs:
            hit = self._in(d, parts, allow_namespace=True)
            if hit is not None:
                return hit
        return None

    def _in(self, base: str, parts: list, allow_namespace: bool):
        key = (base, ".".join(parts), allow_namespace)
        now = time.monotonic()
        cached = self._found.get(key)
        if cached is not None and now - cached[0] < self.recheck:
            return cached[1]
        hit = _locate(base, parts, allow_namespace)
        if len(self._found) > 16384:
            self._found.clear()
        self._found[key] = (now, hit)
        return hit

    def _search_dirs(self, importer: Optional[str]) -> tuple:
        folder = os.path.dirname(importer) if importer else None
        now = time.monotonic()
        cached = self._dirs.get(folder)
        if cached is not None and now - cached[0] < self.recheck:
            return cached[1]
        out = []
        if folder:
            out.append(folder)
            top = folder  # the root of the package the file is in: above its topmost __init__.py
            while os.path.isfile(os.path.join(top, "__init__.py")) and os.path.dirname(top) != top:
                top = os.path.dirname(top)
            out.append(top)
            project = _project_root(folder)
            if project is not None:
                out += [project, os.path.join(project, "src")]
        for r in self.roots:
            out += [r, os.path.join(r, "src")]
        seen, dirs = set(), []
        for d in out:
            if d not in seen and os.path.isdir(d):
                seen.add(d)
                dirs.append(d)
        self._dirs[folder] = (now, tuple(dirs))
        return tuple(dirs)


def _project_root(folder: str) -> Optional[str]:
    d = folder
    for _ in range(32):
        if any(os.path.exists(os.path.join(d, m)) for m in _PROJECT_MARKERS):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    return None


def _locate(base: str, parts: list, allow_namespace: bool):
    """(path, package, namespace) of ``parts`` under ``base``, or None."""
    if not parts:  # ``from . import x``: the folder's package itself
        init = os.path.join(base, "__init__.py")
        if os.path.isfile(init):
            return normalize(init), True, False
        return (normalize(base), True, True) if allow_namespace and os.path.isdir(base) else None
    d = base
    for p in parts[:-1]:
        d = os.path.join(d, p)
        if not os.path.isdir(d):
            return None
        if not allow_namespace and not os.path.isfile(os.path.join(d, "__init__.py")):
            return None
    last = os.path.join(d, parts[-1])
    init = os.path.join(last, "__init__.py")
    if os.path.isfile(init):
        return normalize(init), True, False
    if os.path.isfile(last + ".py"):
        return normalize(last + ".py"), False, False
    if allow_namespace and os.path.isdir(last) and _has_python(last):
        return normalize(last), True, True
    return None


def _has_python(folder: str) -> bool:
    try:
        with os.scandir(folder) as it:
            return any(e.name.endswith(".py") or (e.is_dir() and not e.name.startswith(".")) for e in it)
    except OSError:
        return False
