#!/usr/bin/env python3
"""Fill vscode-extension/bundled/libs with the shapelens server and everything it imports, for one
VSIX target (linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64; default: this machine's).

- shapelens: copied from the repository's server/shapelens (no __pycache__).
- Pure-Python dependencies (bundled-requirements.txt): wheels from PyPI, unpacked.
- libcst: one compiled wheel per CPython version for the target's platform
  (`pip download --platform ... --only-binary=:all:`), unpacked on top of each other; CPython names
  each version's extension module differently (native.cpython-312-x86_64-linux-gnu.so,
  native.cpython-312-darwin.so, native.cp312-win_amd64.pyd), so they sit side by side and each
  interpreter imports its own.
- shapelens_bundle.json: the target, the CPython versions, each one's libcst module and the wheels
  used (the extension reads it to tell the user which interpreters the bundle runs on).

Usage: bundle_python.py [--target TARGET] [--out DIR]   (default DIR: bundled/libs)
Only pip and PyPI are used. Wheels are cached in bundled/.wheels between runs; a wheel already
there is not asked for again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
MANIFEST = "shapelens_bundle.json"

# Every VSIX target: the pip platform tags of its libcst wheels (for macOS pip also accepts older
# macOS versions than the one given), the CPython versions it carries (3.10 to the newest libcst
# publishes wheels for on that platform) and the name CPython gives libcst's extension module there.
NEWEST = ["3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]
TARGETS = {
    "linux-x64": {
        "platforms": ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
        "python": NEWEST, "module": "native.cpython-{v}-x86_64-linux-gnu.so",
    },
    "linux-arm64": {
        "platforms": ["manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"],
        "python": NEWEST, "module": "native.cpython-{v}-aarch64-linux-gnu.so",
    },
    "darwin-x64": {
        # libcst 1.9.0 publishes no macOS x86_64 wheels; 1.8.6 (bundled-requirements.txt) has them
        # for CPython 3.10-3.14
        "platforms": ["macosx_11_0_x86_64"],
        "python": NEWEST[:-1], "module": "native.cpython-{v}-darwin.so",
    },
    "darwin-arm64": {
        "platforms": ["macosx_11_0_arm64"],
        "python": NEWEST, "module": "native.cpython-{v}-darwin.so",
    },
    "win32-x64": {
        "platforms": ["win_amd64"],
        "python": NEWEST, "module": "native.cp{v}-win_amd64.pyd",
    },
}


def host_target() -> str:
    system = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    arch = "arm64" if machine in ("arm64", "aarch64") else "x64"
    target = f"{system}-{arch}"
    return target if target in TARGETS else "linux-x64"


def requirements(target: str) -> tuple[list[str], str]:
    """The pure-Python pins and the libcst pin for ``target``: a libcst line ending in
    ``# target: NAME`` applies to that target only, and replaces the general one there."""
    pure, libcst, special = [], "", ""
    for raw in REQUIREMENTS.read_text().splitlines():
        line, _, comment = raw.partition("#")
        line = line.strip()
        if not line:
            continue
        if re.match(r"libcst\b", line, re.I):
            m = re.match(r"\s*target:\s*([\w-]+)", comment)
            if not m:
                libcst = line
            elif m.group(1) == target:
                special = line
        else:
            pure.append(line)
    if not libcst:
        sys.exit(f"{REQUIREMENTS}: no libcst pin")
    return pure, special or libcst


def pip_download(dest: Path, reqs: list[str], python_version: str, platforms: list[str]) -> None:
    cmd = [
        sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--quiet",
        "--no-deps", "--only-binary=:all:", "--implementation", "cp",
        "--python-version", python_version, "--dest", str(dest),
    ]
    for tag in platforms:
        cmd += ["--platform", tag]
    subprocess.run(cmd + reqs, check=True)


def pin(req: str) -> tuple[str, str]:
    name, _, version = req.partition("==")
    return name.strip().lower().replace("-", "_"), version.strip()


def cached(dest: Path, req: str, pattern: str = "*.whl") -> list[Path]:
    name, version = pin(req)
    return [w for w in dest.glob(pattern) if w.name.split("-")[0].lower() == name and w.name.split("-")[1] == version]


def pure_wheels(target: str) -> list[Path]:
    """The pure-Python wheels pinned in bundled-requirements.txt, from the cache or PyPI (the oldest
    supported Python picks versions that work on all of them)."""
    pure, _ = requirements(target)
    pure_dir = WHEELS / "pure"
    pure_dir.mkdir(parents=True, exist_ok=True)
    if any(not cached(pure_dir, r, "*-none-any.whl") for r in pure):
        print(f"[bundle] pip download {' '.join(pure)}")
        pip_download(pure_dir, pure, TARGETS[target]["python"][0], [])
    wheels = []
    for req in pure:
        found = cached(pure_dir, req)
        if not found:
            sys.exit(f"[bundle] no wheel for {req}")
        wheel = max(found)
        if not wheel.name.endswith("-none-any.whl"):
            sys.exit(f"[bundle] {wheel.name} is not a pure-Python wheel")
        wheels.append(wheel)
    return wheels


def unpack(wheel: Path, libs: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(libs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=sorted(TARGETS), default=host_target())
    parser.add_argument("--out", type=Path, default=LIBS, help="the folder to fill (emptied first)")
    args = parser.parse_args(argv)
    target, libs = args.target, args.out.resolve()
    spec = TARGETS[target]
    _, libcst = requirements(target)
    if libs.exists():
        shutil.rmtree(libs)
    libs.mkdir(parents=True)
    WHEELS.mkdir(parents=True, exist_ok=True)
    used: list[str] = []

    # pure-Python wheels
    for wheel in pure_wheels(target):
        unpack(wheel, libs)
        used.append(wheel.name)

    # libcst: one compiled wheel per CPython version, for the target's platform
    natives: dict[str, str] = {}
    for pv in spec["python"]:
        cp = "cp" + pv.replace(".", "")
        dest = WHEELS / target / cp
        dest.mkdir(parents=True, exist_ok=True)
        wheels = cached(dest, libcst, f"libcst-*-{cp}-{cp}-*.whl")
        if not wheels:
            print(f"[bundle] pip download {libcst} for CPython {pv} {target}")
            pip_download(dest, [libcst], pv, spec["platforms"])
            wheels = cached(dest, libcst, f"libcst-*-{cp}-{cp}-*.whl")
        if not wheels:
            sys.exit(f"[bundle] no {libcst} wheel for CPython {pv} on {target}")
        wheel = max(wheels)
        unpack(wheel, libs)
        used.append(wheel.name)
        module = spec["module"].format(v=pv.replace(".", ""))
        if not (libs / "libcst" / module).is_file():
            sys.exit(f"[bundle] {wheel.name} has no libcst/{module}")
        natives[pv] = f"libcst/{module}"

    # libcst's own test suites are not needed at run time
    for tests in sorted((libs / "libcst").rglob("tests"), reverse=True):
        if tests.is_dir():
            shutil.rmtree(tests)

    # the server itself
    src = REPO / "server" / "shapelens"
    shutil.copytree(src, libs / "shapelens", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    version = re.search(r'__version__\s*=\s*"([^"]+)"', (src / "__init__.py").read_text())

    manifest = {
        "target": target,
        "python": list(spec["python"]),
        "libcst": pin(libcst)[1],
        "native": natives,
        "wheels": used,
        "shapelens": version.group(1) if version else None,
    }
    (libs / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"[bundle] {target}: libcst {manifest['libcst']} modules: {', '.join(Path(n).name for n in natives.values())}")

    # smoke test with this interpreter when it can load the target's modules: import from the bundle
    # only (-S: no site-packages)
    size = sum(f.stat().st_size for f in libs.rglob("*") if f.is_file())
    where = libs.relative_to(REPO) if libs.is_relative_to(REPO) else libs
    if target == host_target():
        check = "import libcst, pygls.lsp.server, lsprotocol.types, cattrs, shapelens; print(shapelens.__version__)"
        env = dict(os.environ, PYTHONPATH=str(libs), PYTHONDONTWRITEBYTECODE="1")
        out = subprocess.run([sys.executable, "-S", "-c", check], env=env, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"[bundle] bundled libs do not import on {sys.version.split()[0]}:\n{out.stderr}")
        print(f"[bundle] shapelens {out.stdout.strip()} bundled in {where} ({size / 1e6:.1f} MB)")
    else:
        print(f"[bundle] shapelens bundled for {target} in {where} ({size / 1e6:.1f} MB; not importable here)")


if __name__ == "__main__":
    main()
