"""Which files a check reads: folders walked in a stable order (notebooks included), the
project's ``exclude`` / ``extend-exclude`` patterns, and each file's text (with reasons for the
files that cannot be read)."""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 5 * 1024 * 1024
SOURCE_SUFFIXES = (".py", ".pyw", ".ipynb")
# Folders never walked into (ruff's defaults, and hidden folders: .ipynb_checkpoints, .git, ...);
# ``exclude`` in [tool.shapelens] replaces this list, ``extend-exclude`` adds to it.
DEFAULT_EXCLUDE = ("venv", "node_modules", "__pycache__", "site-packages", "build", "dist", "__pypackages__",
                   "_build", "buck-out")


class Excluder:
    """Patterns from [tool.shapelens] ``exclude`` / ``extend-exclude``, as ruff reads them: a
    pattern without a ``/`` matches a file or folder name anywhere; one with a ``/`` matches the
    path from the project's root (the folder of its pyproject.toml)."""

    def __init__(self, patterns, root: Path):
        self.names = [p for p in patterns if "/" not in p]
        self.paths = [p.strip("/") for p in patterns if "/" in p]
        self.root = root

    def __call__(self, path: Path) -> bool:
        if path.name.startswith(".") and path.name not in (".", ".."):
            return True
        if any(fnmatch.fnmatch(path.name, p) for p in self.names):
            return True
        if self.paths:
            try:
                rel = path.resolve().relative_to(self.root.resolve()).as_posix()
            except (ValueError, OSError, RuntimeError):
                return False
            return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p + "/*") for p in self.paths)
        return False


def iter_files(paths, errors, excluder_for=None):
    """The files to check, in a stable order: each path as given (a file given by name is
    checked even when excluded, as ruff does), folders walked sorted, skipping what
    ``excluder_for(folder)`` excludes."""
    seen = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            excluded = excluder_for(path) if excluder_for is not None else Excluder(DEFAULT_EXCLUDE, path)
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not excluded(Path(root) / d))
                for f in sorted(files):
                    fp = Path(root) / f
                    if f.endswith(SOURCE_SUFFIXES) and not excluded(fp) and not os.path.isdir(fp):
                        key = _real(fp)
                        if key in seen:
                            continue
                        seen.add(key)
                        yield fp
        elif path.exists() or path.is_symlink():
            key = _real(path)
            if key not in seen:
                seen.add(key)
                yield path
        else:
            errors.append(f"{p}: no such file or folder")


def _real(p: Path):
    try:
        return os.path.realpath(p)
    except (OSError, RuntimeError):
        return str(p)


def read_source(path: Path):
    """Text of a file, or (None, reason)."""
    try:
        if path.is_symlink() and not path.exists():
            return None, "broken or looping symlink"
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device named *.py would block or never end
            return None, "not a regular file"
        size = st.st_size
        if size > MAX_FILE_BYTES:
            return None, f"skipped: {size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit"
        data = path.read_bytes()
    except (OSError, RuntimeError) as exc:
        return None, f"cannot read: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"not valid UTF-8 (byte {exc.start}); undecodable bytes replaced"


