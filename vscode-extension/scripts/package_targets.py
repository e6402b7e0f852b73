#!/usr/bin/env python3
"""Build one VSIX per platform, the way ruff ships its extension (`vsce package --target`):
dist/shapelens-<target>-<version>.vsix for linux-x64, linux-arm64, darwin-x64, darwin-arm64 and
win32-x64. Each carries the server, its pure-Python dependencies and libcst's compiled wheels for
that platform and every CPython version libcst publishes wheels for there (scripts/bundle_python.py).

Run through `npm run package:all` (which type-checks and builds out/extension.js first); extra
arguments name some targets only: `npm run package:all -- linux-x64 win32-x64`.

Each target is staged in build/<target>/ (a copy of what the VSIX holds, with its own
bundled/libs), so bundled/libs, which `npm run package` and the tests use, is left alone.
Only pip (PyPI) and the vsce from npm are used; wheels are cached in bundled/.wheels.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXT = HERE.parent
REPO = EXT.parent
sys.path.insert(0, str(HERE))
from bundle_python import TARGETS, pure_wheels

# what .vscodeignore lets into the VSIX, besides bundled/libs (filled per target)
COPY = ["package.json", ".vscodeignore", "README.md", "CHANGELOG.md", "LICENSE", "out/extension.js", "images"]


def vsce() -> str:
    for candidate in [shutil.which("vsce"), EXT / "node_modules/.bin/vsce", REPO / "node_modules/.bin/vsce"]:
        if candidate and Path(candidate).exists():
            return str(candidate)
    sys.exit("[package] vsce not found: run `npm ci` in the repository root")


def run(cmd: list[str], cwd: Path | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stdout[-4000:]}")
    return proc.stdout


def package(target: str, dist: Path, version: str) -> tuple[Path, float]:
    started = time.monotonic()
    stage = EXT / "build" / target
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    for name in COPY:
        src = EXT / name
        if not src.exists():
            sys.exit(f"[package] {src} is missing (run `npm run package:all`, which builds out/extension.js)")
        dst = stage / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    bundled = run([sys.executable, str(HERE / "bundle_python.py"), "--target", target,
                   "--out", str(stage / "bundled" / "libs")])
    print("".join(f"{line}\n" for line in bundled.splitlines() if line.startswith("[bundle]")), end="", flush=True)
    out = dist / f"shapelens-{target}-{version}.vsix"
    if out.exists():
        out.unlink()
    run([vsce(), "package", "--target", target, "--no-dependencies", "--allow-missing-repository",
         "--no-rewrite-relative-links", "--out", str(out)], cwd=stage)
    shutil.rmtree(stage)
    return out, time.monotonic() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the platform VSIXs.")
    parser.add_argument("targets", nargs="*", default=[], metavar="TARGET",
                        help=f"some of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--dist", type=Path, default=EXT / "dist", help="where the VSIXs go (default: dist/)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("SHAPELENS_PACKAGE_JOBS", "3")),
                        help="targets built at once (default 3; they mostly wait for pip, unzip and zip)")
    args = parser.parse_args(argv)
    targets = args.targets or list(TARGETS)
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)} (choose from {', '.join(TARGETS)})")
    version = json.loads((EXT / "package.json").read_text())["version"]
    dist = args.dist.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    built = []
    pure_wheels(targets[0])  # fetched once, before the targets share the cache
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(package, target, dist, version) for target in targets]
        for future in futures:
            try:
                path, seconds = future.result()
            except RuntimeError as err:
                sys.exit(f"[package] {err}")
            built.append(path)
            print(f"[package] {path.name}: {path.stat().st_size / 1e6:.1f} MB in {seconds:.0f} s", flush=True)
    print(f"[package] {len(built)} VSIX in {dist} ({time.monotonic() - started:.0f} s)")
    for path in built:
        print(f"  {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
