"""CLI throughput at repository scale: ``shapelens check`` over real Keras packages.

    .venv/bin/python benchmarks/bench_cli.py [--jobs N] [--record] [--top 8]

The corpus is the registry corpus of the real-world tests (the ``.py`` files of pinned Keras
packages, downloaded once with ``pip download --no-deps`` into ``.cache/registry-corpus/``),
written out to a temporary folder.  It runs what ``shapelens check --jobs N`` runs (the same
worker processes and per-file time bound) and prints the overall lines per second, the slowest
files with their seconds, and the share of files over one second, each next to the last recorded
run (benchmarks/history.json; ``--record`` appends this run).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "realworld"))

from history import header, previous, record  # noqa: E402

import registry_corpus as rc  # noqa: E402
from shapelens.cli import DEFAULT_TIMEOUT, run_check  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def write_corpus(folder: Path) -> int:
    """The registry corpus' Python files under ``folder``; returns their line count."""
    lines = 0
    for spec in rc.PACKAGES:
        archive = rc.cached_archive(spec) or rc.download(spec)
        for name, text in rc.python_files(archive):
            dest = folder / rc._norm(spec.split("==")[0]) / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
            lines += text.count("\n") + 1
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()
    before = previous("cli")
    print(f"shapelens check over the registry corpus, {args.jobs} jobs; {header('cli')}")
    with tempfile.TemporaryDirectory(prefix="shapelens-bench-cli-") as tmp:
        folder = Path(tmp)
        lines = write_corpus(folder)
        errors: list = []
        t0, c0 = time.perf_counter(), _cpu()
        records = run_check([str(folder)], args.jobs, DEFAULT_TIMEOUT, errors)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        slow = sorted(((r.get("_cpu", r.get("_seconds", 0.0)), r["path"]) for r in records), reverse=True)
    rate = lines / wall
    load = os.getloadavg()[0]
    over = sum(1 for s, _ in slow if s > 1.0)
    fig = {"files": len(records), "lines": lines, "wall_s": round(wall, 2), "lines_per_s": round(rate),
           "cpu_s": round(cpu, 2), "lines_per_cpu_s": round(lines / cpu),
           "slowest_s": round(slow[0][0], 2) if slow else 0.0, "files_over_1s": over}

    def was(key: str, fmt: str = "{}") -> str:
        return f" (was {fmt.format(before[key])})" if key in before else ""

    print(f"  files           {len(records)}, {lines:,} lines")
    print(f"  wall            {wall:.1f} s{was('wall_s', '{:.1f} s')}")
    print(f"  throughput      {rate:,.0f} lines/s{was('lines_per_s', '{:,} lines/s')}")
    print(f"  CPU             {cpu:.1f} s in all processes, {lines / cpu:,.0f} lines per CPU-second"
          f"{was('lines_per_cpu_s', '{:,}')}; load average {load:.1f} on {os.cpu_count()} CPUs"
          + ("  (a busy machine: the wall figures are not this code's)" if load > (os.cpu_count() or 1) + 0.5 else ""))
    print(f"  slowest file    (CPU) {fig['slowest_s']:.2f} s{was('slowest_s', '{:.2f} s')}")
    print(f"  files over 1 s  (CPU) {over}{was('files_over_1s')}")
    for s, p in slow[:args.top]:
        print(f"    {s:6.2f} s  {os.path.relpath(p, tmp)}")
    if errors:
        print("errors:", *errors, sep="\n  ")
    if args.record:
        record("cli", fig)
        print("recorded in benchmarks/history.json")


if __name__ == "__main__":
    main()
