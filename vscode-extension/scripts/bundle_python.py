#!/usr/bin/env python3
"""Fill vscode-extension/bundled/libs with the shapelens server and everything it imports.

- shapelens: copied from the repository's server/shapelens (no __pycache__).
- Pure-Python dependencies (bundled-requirements.txt): wheels from PyPI, unpacked.
- libcst: one compiled wheel per CPython 3.10-3.13 (manylinux_2_28_x86_64), unpacked on top of each
  other; their extension modules are named native.cpython-31X-x86_64-linux-gnu.so, so they sit side by
  side and each interpreter imports its own.

Only pip and PyPI are used. Wheels are cached in bundled/.wheels between runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXT = HERE.parent
REPO = EXT.parent
BUNDLED = EXT / "bundled"
LIBS = BUNDLED / "libs"
WHEELS = BUNDLED / ".wheels"
REQUIREMENTS = EXT / "bundled-requirements.txt"
PYTHON_VERSIONS = ["3.10", "3.11", "3.12", "3.13"]
PLATFORM = "manylinux_2_28_x86_64"


def requirements() -> tuple[list[str], str]:
    pure, libcst = [], ""
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if re.match(r"libcst\b", line, re.I):
            libcst = line
        else:
            pure.append(line)
    if not libcst:
        sys.exit(f"{REQUIREMENTS}: no libcst pin")
    return pure, libcst


def pip_download(dest: Path, reqs: list[str], python_version: str, platform: str | None) -> None:
    cmd = [
        sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--quiet",
        "--no-deps", "--only-binary=:all:", "--implementation", "cp",
        "--python-version", python_version, "--dest", str(dest),
    ]
    if platform:
        cmd += ["--platform", platform]
    subprocess.run(cmd + reqs, check=True)


def unpack(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(LIBS)


def main() -> None:
    pure, libcst = requirements()
    if LIBS.exists():
        shutil.rmtree(LIBS)
    LIBS.mkdir(parents=True)
    WHEELS.mkdir(parents=True, exist_ok=True)

    # pure-Python wheels: the oldest supported Python picks versions that work on all of them
    pure_dir = WHEELS / "pure"
    pure_dir.mkdir(exist_ok=True)
    print(f"[bundle] pip download {' '.join(pure)}")
    pip_download(pure_dir, pure, PYTHON_VERSIONS[0], None)
    wanted = {re.split(r"[=<>!~ ]", r, maxsplit=1)[0].lower().replace("-", "_") for r in pure}
    pins = {re.split(r"[=<>!~ ]", r, maxsplit=1)[0].lower().replace("-", "_"): r for r in pure}
    for wheel in sorted(pure_dir.glob("*.whl")):
        name, version = wheel.name.split("-")[:2]
        key = name.lower()
        if key in wanted and pins[key].endswith("==" + version):
            if not wheel.name.endswith("-none-any.whl"):
                sys.exit(f"[bundle] {wheel.name} is not a pure-Python wheel")
            unpack(wheel)
            wanted.discard(key)
    if wanted:
        sys.exit(f"[bundle] missing wheels for {sorted(wanted)}")

    # libcst: one compiled wheel per CPython version
    for pv in PYTHON_VERSIONS:
        dest = WHEELS / f"cp{pv.replace('.', '')}"
        dest.mkdir(exist_ok=True)
        print(f"[bundle] pip download {libcst} for CPython {pv} {PLATFORM}")
        pip_download(dest, [libcst], pv, PLATFORM)
        wheels = list(dest.glob("libcst-*.whl"))
        if not wheels:
            sys.exit(f"[bundle] no libcst wheel for CPython {pv}")
        unpack(max(wheels))

    # libcst's own test suites are not needed at run time
    for tests in sorted((LIBS / "libcst").rglob("tests"), reverse=True):
        if tests.is_dir():
            shutil.rmtree(tests)

    # the server itself
    src = REPO / "server" / "shapelens"
    shutil.copytree(src, LIBS / "shapelens", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    natives = sorted(p.name for p in (LIBS / "libcst").glob("native.cpython-*.so"))
    print(f"[bundle] libcst native modules: {', '.join(natives)}")
    if len(natives) < len(PYTHON_VERSIONS):
        sys.exit("[bundle] a libcst native module is missing")

    # smoke test with this interpreter: import from bundled/libs only (-S: no site-packages)
    check = "import libcst, pygls.lsp.server, lsprotocol.types, cattrs, shapelens; print(shapelens.__version__)"
    env = dict(os.environ, PYTHONPATH=str(LIBS), PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, "-S", "-c", check], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"[bundle] bundled libs do not import on {sys.version.split()[0]}:\n{out.stderr}")
    size = sum(f.stat().st_size for f in LIBS.rglob("*") if f.is_file())
    print(f"[bundle] shapelens {out.stdout.strip()} bundled in {LIBS.relative_to(REPO)} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
