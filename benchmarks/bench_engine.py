"""Engine speed: analysis time per generated Keras file next to libcst's own parse time.

    .venv/bin/python benchmarks/bench_engine.py [--repeat 5] [--record]

For 100, 1,000 and 10,000 lines it prints: libcst ``parse_module`` on the whole file (what a
whole-file re-parse per keystroke would cost), a cold analysis (nothing cached), and the
analysis after typing one character in the middle of the file (what the server does on each
keystroke: only the changed statement is parsed and re-run, the rest is replayed).  Medians, of
wall time and of the process' CPU time (the CPU figure does not move with other processes on the
machine); ``cold/parse`` is the cold analysis' CPU time over libcst's.  Each figure is printed
next to the last recorded one (benchmarks/history.json; ``--record`` appends this run).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import libcst  # noqa: E402

from genkeras import generate  # noqa: E402
from history import header, previous, record, versus  # noqa: E402
from shapelens import Analyzer  # noqa: E402
from shapelens.engine import frontend  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _timed(fn) -> tuple:
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def bench(lines: int, repeat: int) -> dict:
    text = generate(lines)
    parse, parse_cpu, cold, cold_cpu, key = [], [], [], [], []
    for _ in range(repeat):
        gc.collect()  # (each run starts without the garbage of the one before: pyperf does the same)
        w, c, _ = _timed(lambda: libcst.parse_module(text))
        parse.append(w)
        parse_cpu.append(c)
    a = None
    for _ in range(repeat):
        frontend.clear_parsed()
        a = an = None
        gc.collect()
        an = Analyzer()
        w, c, a = _timed(lambda: an.analyze(text, time_budget=120))
        cold.append(w)
        cold_cpu.append(c)
    # one keystroke in the middle: change a number in a layer line
    lines_ = text.splitlines(keepends=True)
    idx = next(i for i in range(len(lines_) // 2, len(lines_)) if "layers.Dense(" in lines_[i])
    an = Analyzer()
    an.analyze(text, time_budget=120)
    for k in range(repeat * 4):
        edited = list(lines_)
        edited[idx] = edited[idx].replace("layers.Dense(", f"layers.Dense({k % 9 + 1} + ", 1)
        w, _, _ = _timed(lambda: an.analyze("".join(edited), time_budget=120))
        key.append(w)
    med = statistics.median
    return {"lines": len(lines_), "layers": len(a.layers), "diagnostics": len(a.diagnostics),
            "parse": med(parse), "parse_cpu": med(parse_cpu), "cold": med(cold), "cold_cpu": med(cold_cpu),
            "ratio": med(cold_cpu) / med(parse_cpu), "keystroke": med(key), "keystroke_max": max(key)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--record", action="store_true", help="append this run to benchmarks/history.json")
    args = ap.parse_args()
    import os

    print(f"engine benchmark · {os.cpu_count()} CPUs · load average {os.getloadavg()[0]:.2f} · {header('engine')}")
    before = previous("engine")
    figures = {}
    for n in (int(s) for s in args.sizes.split(",")):
        r = bench(n, args.repeat)
        figures[str(n)] = r
        was = before.get(str(n), {})
        print(f"{r['lines']:,} lines, {r['layers']:,} layers:")
        print(f"  libcst parse     {versus(r['parse'], was.get('parse'))}   cpu {versus(r['parse_cpu'], was.get('parse_cpu'))}")
        print(f"  analysis cold    {versus(r['cold'], was.get('cold'))}   cpu {versus(r['cold_cpu'], was.get('cold_cpu'))}"
              f"   cold/parse (cpu) {versus(r['ratio'], was.get('ratio'), unit='x', scale=1, digits=2)}")
        print(f"  keystroke p50    {versus(r['keystroke'], was.get('keystroke'))}   max "
              f"{versus(r['keystroke_max'], was.get('keystroke_max'))}")
    if args.record:
        record("engine", figures)
        print("recorded in benchmarks/history.json")


if __name__ == "__main__":
    main()
