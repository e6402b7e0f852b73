"""Keras code that the package registry serves: pinned archives of packages that build Keras
models, downloaded once with ``pip download --no-deps`` into ``.cache/registry-corpus/`` at the
repository root.  The ``.py`` files are read straight out of the archives (wheel or sdist); the
packages are never installed nor imported.

A diagnostic of severity error or warning found there is either a false alarm (a bug of the
engine) or a real bug of the package.  The real ones are listed in ``registry_reviewed.json``
(``{"package", "file", "line", "code", "why", "test"}``), each naming the test in
``test_registry_reviewed_in_keras.py`` that reproduces it in real Keras (through
a Keras process, skipped without Keras unless SHAPELENS_REQUIRE_ORACLE=1, like the oracle
tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from shapelens.analysis import analyze

# Packages with model-building code that shapelens follows (functional models, layer calls).
# Tried and left out: keras-cv-attention-models, segmentation-models and keras-rs reach their
# layers through wrappers (no layer record at all); tf-models-official adds ~80 s for ~130
# records; keras-tcn has 2 records.
PACKAGES = (
    "keras-hub==0.32.0",
    "keras-cv==0.9.0",
    "keras-unet-collection==0.1.13",
    "deepface==0.0.103",
    "retina-face==0.0.19",
    "keras-ocr==0.9.3",
    "keras-vggface==0.6",
    "keras-facenet==0.3.2",  # an sdist (.tar.gz)
)

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent.parent / ".cache" / "registry-corpus"
REVIEWED = HERE / "registry_reviewed.json"
REVIEWED_TESTS = HERE / "test_registry_reviewed_in_keras.py"

# what pip prints when it cannot reach the index at all
NETWORK_ERRORS = ("NewConnectionError", "Failed to establish a new connection", "Network is unreachable",
                  "Temporary failure in name resolution", "ConnectTimeoutError", "ReadTimeoutError",
                  "ProxyError", "Max retries exceeded")


class DownloadError(RuntimeError):
    def __init__(self, message: str, network: bool):
        super().__init__(message)
        self.network = network


def _norm(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _archive_spec(filename: str) -> str | None:
    """``name==version`` (name normalised) of a wheel or sdist file name."""
    if filename.endswith(".whl"):
        name, version = filename.split("-")[:2]
    elif filename.endswith(".tar.gz"):
        name, version = filename[: -len(".tar.gz")].rsplit("-", 1)
    else:
        return None
    return f"{_norm(name)}=={version}"


def cached_archive(spec: str, cache: Path = CACHE) -> Path | None:
    """The archive of ``name==version`` in the cache, if it is there."""
    name, version = spec.split("==")
    want = f"{_norm(name)}=={version}"
    return next((path for path in sorted(cache.glob("*")) if _archive_spec(path.name) == want), None)


def download(spec: str, cache: Path = CACHE) -> Path:
    """The archive of ``spec``: from the cache, else from the registry into the cache."""
    found = cached_archive(spec, cache)
    if found is not None:
        return found
    cache.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
           "--retries", "3", "--timeout", "30", "-d", str(cache), spec]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    found = cached_archive(spec, cache)
    if proc.returncode != 0 or found is None:
        out = (proc.stdout + proc.stderr).strip()
        raise DownloadError(f"`{' '.join(cmd[2:])}` failed (exit {proc.returncode}):\n{out[-3000:]}",
                            network=any(s in out for s in NETWORK_ERRORS))
    return found


def python_files(archive: Path):
    """``(path, text)`` of every ``.py`` file in a wheel or an sdist (path without the sdist's
    top folder)."""
    if archive.name.endswith(".whl"):
        with zipfile.ZipFile(archive) as z:
            for name in sorted(z.namelist()):
                if name.endswith(".py"):
                    yield name, z.read(name).decode("utf-8", "replace")
    else:
        with tarfile.open(archive) as t:
            for member in sorted(t.getmembers(), key=lambda m: m.name):
                if member.isfile() and member.name.endswith(".py"):
                    yield member.name.split("/", 1)[-1], t.extractfile(member).read().decode("utf-8", "replace")


def concrete(shape) -> bool:
    """Every dim an int or None (one tensor, or each of several)."""
    if isinstance(shape, list):
        return bool(shape) and all(concrete(s) for s in shape)
    return isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape)


@dataclass(frozen=True)
class Finding:
    package: str
    file: str
    line: int  # 1-based
    code: str
    severity: str
    message: str

    @property
    def key(self) -> tuple:
        return (self.package, self.file, self.line, self.code)

    def __str__(self) -> str:
        return f"{self.package}/{self.file}:{self.line}: {self.code} {self.message}"


@dataclass
class PackageRun:
    package: str  # the name, without the version
    files: int = 0
    lines: int = 0
    layers: int = 0  # layer records
    concrete: int = 0  # layer records whose output shape is concrete
    seconds: float = 0.0
    findings: list = field(default_factory=list)  # errors and warnings
    crashes: list = field(default_factory=list)  # "file: traceback" of engine exceptions

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)


def analyse_package(spec: str, archive: Path) -> PackageRun:
    run = PackageRun(spec.split("==")[0])
    start = time.perf_counter()
    for path, text in python_files(archive):
        run.files += 1
        run.lines += len(text.splitlines())
        try:
            result = analyze(text)
        except Exception:  # noqa: BLE001 - SHAPELENS_STRICT=1: an engine bug; reported by the test
            run.crashes.append(f"{run.package}/{path}:\n{traceback.format_exc(limit=-4)}")
            continue
        run.layers += len(result.layers)
        run.concrete += sum(concrete(fact.output_shape) for fact in result.layers)
        run.findings += [Finding(run.package, path, d.span.line + 1, d.code, d.severity, d.message)
                         for d in result.diagnostics if d.severity in ("error", "warning")]
    run.seconds = time.perf_counter() - start
    return run


def load_reviewed() -> list:
    return json.loads(REVIEWED.read_text()) if REVIEWED.exists() else []


def table(runs: list) -> list:
    """Lines of the per-package figures and their total."""
    total = PackageRun("total")
    for run in runs:
        total.files += run.files
        total.lines += run.lines
        total.layers += run.layers
        total.concrete += run.concrete
        total.seconds += run.seconds
        total.findings += run.findings
    out = [f"{'package':<24s} {'files':>6s} {'lines':>8s} {'layers':>7s} {'concrete':>8s} "
           f"{'errors':>6s} {'warnings':>8s} {'seconds':>7s}"]
    for run in sorted(runs, key=lambda r: r.package) + [total]:
        out.append(f"{run.package:<24s} {run.files:6d} {run.lines:8d} {run.layers:7d} {run.concrete:8d} "
                   f"{run.count('error'):6d} {run.count('warning'):8d} {run.seconds:7.1f}")
    return out
