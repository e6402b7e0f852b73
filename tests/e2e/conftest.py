"""Real-editor end-to-end tests: VS Code (code-server driven by Chromium), JupyterLab with
jupyterlab-lsp (driven by Chromium) and Neovim.

The editors come from ``scripts/install-editors.sh`` (Debian packages, npm and PyPI, installed
under ``.editors/`` or ``$EDITORS_HOME``). Without them these tests skip and say what to install;
with ``CI=true`` a missing editor fails the test instead, so CI cannot pass by skipping.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
EXTENSION = ROOT / "vscode-extension"
OUTPUT = Path(os.environ.get("SHAPELENS_TEST_OUTPUT", ROOT / "test-output"))
SCREENSHOTS = OUTPUT / "screenshots"
EDITORS_HOME = Path(os.environ.get("EDITORS_HOME", ROOT / ".editors"))
IN_CI = os.environ.get("CI", "").lower() == "true"
INSTALL_HINT = "run scripts/install-editors.sh (apt, npm and PyPI, about 4 minutes)"


def unavailable(what: str, hint: str = INSTALL_HINT) -> None:
    """Skip (on a developer's machine) or fail (in CI) because ``what`` is missing."""
    message = f"{what} is not available: {hint}"
    if IN_CI:
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def server_command() -> list[str]:
    """How the editors start the server from a checkout: ``python -m shapelens lsp``."""
    override = os.environ.get("SHAPELENS_E2E_SERVER")
    if override:
        return json.loads(override)
    return [sys.executable, "-m", "shapelens", "lsp"]


def server_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "server"), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def byte_col(line: str, needle: str, nth: int = 0) -> int:
    """Byte offset (UTF-8) of the ``nth`` occurrence of ``needle`` in ``line``."""
    at = -1
    for _ in range(nth + 1):
        at = line.index(needle, at + 1)
    return len(line[:at].encode("utf-8"))


def find_line(text: str, needle: str) -> int:
    for n, line in enumerate(text.splitlines()):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in the fixture")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def nvim() -> str:
    exe = shutil.which("nvim")
    if not exe:
        unavailable("Neovim (nvim)", "apt-get install neovim, or run scripts/install-editors.sh")
    return exe


def _newest_mtime(paths) -> float:
    newest = 0.0
    for base in paths:
        base = Path(base)
        files = [base] if base.is_file() else (p for p in base.rglob("*") if p.is_file())
        for p in files:
            if "__pycache__" not in p.parts:
                newest = max(newest, p.stat().st_mtime)
    return newest


@pytest.fixture(scope="session")
def vsix() -> Path:
    """The packaged extension; (re)built with ``npm run package`` when missing or older than its
    sources (the extension's code or the server it bundles)."""
    version = json.loads((EXTENSION / "package.json").read_text())["version"]
    path = EXTENSION / f"shapelens-{version}.vsix"
    sources = [EXTENSION / "src", EXTENSION / "package.json", EXTENSION / "bundled-requirements.txt",
               EXTENSION / "scripts", ROOT / "server" / "shapelens"]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with open(OUTPUT / ".vsix.lock", "w") as lock:  # one build at a time, across test runs
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists() and path.stat().st_mtime >= _newest_mtime(sources):
            return path
        return _build_vsix(path)


PLATFORM_TARGETS = ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64"]


def _vsix_sources() -> list:
    return [EXTENSION / "src", EXTENSION / "package.json", EXTENSION / "bundled-requirements.txt",
            EXTENSION / "scripts", EXTENSION / "README.md", ROOT / "server" / "shapelens"]


@pytest.fixture(scope="session")
def platform_vsixes() -> dict:
    """The five platform VSIXs (``vscode-extension/dist/shapelens-<target>-<version>.vsix``), built
    once per session with ``npm run package:all`` when one is missing or older than its sources
    (about 1 minute with the wheels cached in bundled/.wheels, 2 without; scripts/test.sh builds them first)."""
    version = json.loads((EXTENSION / "package.json").read_text())["version"]
    paths = {t: EXTENSION / "dist" / f"shapelens-{t}-{version}.vsix" for t in PLATFORM_TARGETS}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with open(OUTPUT / ".vsix.lock", "w") as lock:  # one build at a time, across test runs
        fcntl.flock(lock, fcntl.LOCK_EX)
        newest = _newest_mtime(_vsix_sources())
        if all(p.exists() and p.stat().st_mtime >= newest for p in paths.values()):
            return paths
        npm = shutil.which("npm")
        if not npm:
            unavailable("npm (to build the VSIXs)", "install Node.js and npm")
        if not (ROOT / "node_modules" / ".bin" / "vsce").exists():
            unavailable("the extension's npm dependencies", "run `npm ci` in the repository root")
        log = OUTPUT / "npm-package-all.log"
        with open(log, "w") as fh:
            proc = subprocess.run([npm, "run", "package:all", "--workspace", "vscode-extension"], cwd=ROOT,
                                  stdout=fh, stderr=subprocess.STDOUT, timeout=1200, check=False)
        missing = [str(p) for p in paths.values() if not p.exists() or p.stat().st_mtime < newest]
        if proc.returncode != 0 or missing:
            pytest.fail(f"`npm run package:all` failed (missing or stale: {missing}); see {log}:\n"
                        + log.read_text()[-3000:], pytrace=False)
        return paths


def _build_vsix(path: Path) -> Path:
    npm = shutil.which("npm")
    if not npm:
        unavailable("npm (to build the VSIX)", "install Node.js and npm")
    if not (ROOT / "node_modules" / ".bin" / "vsce").exists():
        unavailable("the extension's npm dependencies", "run `npm ci` in the repository root")
    log = OUTPUT / "npm-package.log"
    with open(log, "w") as fh:
        proc = subprocess.run([npm, "run", "package"], cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
                              timeout=600)
    if proc.returncode != 0 or not path.exists():
        pytest.fail(f"`npm run package` failed; see {log}:\n" + log.read_text()[-3000:], pytrace=False)
    return path
