"""Engine speed: analysis time per generated Keras file next to libcst's own parse time.

    .venv/bin/python benchmarks/bench_engine.py [--repeat 5]

For 100, 1,000 and 10,000 lines it prints: libcst ``parse_module`` on the whole file (what a
whole-file re-parse per keystroke would cost), a cold analysis (nothing cached), and the
analysis after typing one character in the middle of the file (what the server does on each
keystroke: only the changed statement is parsed and re-run, the rest is replayed).  Medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import libcst  # noqa: E402

from genkeras import generate  # noqa: E402
from shapelens import Analyzer  # noqa: E402
from shapelens.engine import frontend  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def bench(lines: int, repeat: int) -> dict:
    text = generate(lines)
    parse, cold, key = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        libcst.parse_module(text)
        parse.append(time.perf_counter() - t0)
    for _ in range(repeat):
        frontend._PARSE_CACHE.clear()
        an = Analyzer()
        t0 = time.perf_counter()
        a = an.analyze(text, time_budget=120)
        cold.append(time.perf_counter() - t0)
    # one keystroke in the middle: change a number in a layer line
    lines_ = text.splitlines(keepends=True)
    idx = next(i for i in range(len(lines_) // 2, len(lines_)) if "layers.Dense(" in lines_[i])
    an = Analyzer()
    an.analyze(text, time_budget=120)
    for k in range(repeat * 4):
        edited = list(lines_)
        edited[idx] = edited[idx].replace("layers.Dense(", f"layers.Dense({k % 9 + 1} + ", 1)
        t0 = time.perf_counter()
        an.analyze("".join(edited), time_budget=120)
        key.append(time.perf_counter() - t0)
    return {"lines": len(lines_), "layers": len(a.layers), "diagnostics": len(a.diagnostics),
            "parse": statistics.median(parse), "cold": statistics.median(cold), "keystroke": statistics.median(key),
            "keystroke_max": max(key)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="100,1000,10000")
    args = ap.parse_args()
    print(f"{'lines':>7} {'layers':>7} {'libcst parse':>13} {'analysis cold':>14} {'keystroke p50':>14} {'keystroke max':>14}")
    for n in (int(s) for s in args.sizes.split(",")):
        r = bench(n, args.repeat)
        print(f"{r['lines']:7d} {r['layers']:7d} {ms(r['parse']):>13} {ms(r['cold']):>14} {ms(r['keystroke']):>14} "
              f"{ms(r['keystroke_max']):>14}")


if __name__ == "__main__":
    main()
