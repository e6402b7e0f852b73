"""Shape bugs of the kinds users post, measured: how many shapelens finds, and its false alarms.

    .venv/bin/python scripts/bug_eval.py [--json out.json] [--record] [--missed]
    .venv/bin/python scripts/bug_eval.py --verify [--jobs 2] [--only SUBSTRING] [--record]

Each case in tests/bugs/cases/<name>/ is a small program written after a public
StackOverflow-style thread (tests/bugs/cases.json names it): buggy.py and fixed.py, the repair
a good answer gives.  cases.json also says which kind of data path the bug sits on, what
Keras 3 does with the buggy program (the exception and the line that raises it, or nothing
for the silent-wrong kind), the line of the bug and the lines related to it (where Keras
raises, the layer or Input involved).

Default mode runs shapelens (in-process, from server/) on every buggy.py and fixed.py:
  found        buggy.py has an error (where Keras raises) or a warning (where Keras runs and
               is silently wrong) whose span, or one of its related spans, touches the bug
               line (within 2 lines) or one of the related lines;
  false alarm  any error or warning on fixed.py.
It prints a table per kind and the totals, with the figures of the last recorded run beside
them; --record appends this run to tests/bugs/history.json, --json writes every diagnostic.

--verify runs every program in real Keras (tests/bugs/run_case.py --batch: ``--jobs`` processes,
each running its share of the programs one after the other, each program in its own temporary
folder; a program a batch did not get to runs alone in a process of its own) and checks that
buggy.py raises the recorded exception at the recorded line (or, for the silent-wrong kind,
runs and its check.py proves the wrong result), and that fixed.py runs cleanly (and its check,
if any, finds nothing wrong); with --record it writes what Keras did into cases.json
(keras3_observed), which test_bugs.py reads.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures as cf
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUGS = ROOT / "tests" / "bugs"
CASES_JSON = BUGS / "cases.json"
HISTORY = BUGS / "history.json"
NEAR = 2  # a diagnostic within this many lines of the bug line counts

KINDS = ["numpy", "pandas", "sklearn", "keras.datasets", "ImageDataGenerator", "tf.data", "model-only",
         "targets-vs-loss", "legacy Keras 2 call", "silent-wrong"]


def load_cases() -> list[dict]:
    return json.loads(CASES_JSON.read_text())


def case_dir(case: dict) -> Path:
    return BUGS / "cases" / case["name"]


# ----------------------------------------------------------------------------- shapelens

def _spans(d) -> list[tuple[int, int]]:
    """1-based (first, last) lines of a diagnostic's span and of its related spans."""
    out = [(d.span.line + 1, d.span.end_line + 1)]
    out += [(r.span.line + 1, r.span.end_line + 1) for r in d.related]
    return out


def analyze_text(text: str, time_budget: float = 10.0) -> list[dict]:
    if str(ROOT / "server") not in sys.path:
        sys.path.insert(0, str(ROOT / "server"))
    from shapelens import Analyzer

    result = Analyzer().analyze(text, time_budget=time_budget)
    return [{"severity": d.severity, "code": d.code, "line": d.span.line + 1, "end_line": d.span.end_line + 1,
             "message": d.message, "spans": _spans(d)} for d in result.diagnostics]


def serious(diags: list[dict]) -> list[dict]:
    return [d for d in diags if d["severity"] in ("error", "warning")]


def matches(case: dict, diag: dict) -> bool:
    """Does a diagnostic find the case's bug?  The right kind (an error where Keras raises, a
    warning where Keras runs and is silently wrong) on the right line."""
    if diag["severity"] != ("error" if case["exception"] else "warning"):
        return False
    bug = case["bug_line"]
    related = set(case.get("related_lines") or ())
    for first, last in diag["spans"]:
        if first - NEAR <= bug <= last + NEAR:
            return True
        if any(first <= r <= last for r in related):
            return True
    return False


def evaluate_case(case: dict) -> dict:
    d = case_dir(case)
    out = {"name": case["name"], "kind": case["kind"]}
    for which in ("buggy", "fixed"):
        text = (d / f"{which}.py").read_text()
        t0 = time.perf_counter()
        try:
            diags = analyze_text(text)
            out[f"{which}_error"] = None
        except Exception as exc:  # an engine crash is recorded, not fatal, in this script
            diags = []
            out[f"{which}_error"] = f"{type(exc).__name__}: {exc}"
        out[f"{which}_seconds"] = round(time.perf_counter() - t0, 3)
        out[which] = diags
    out["found"] = any(matches(case, x) for x in serious(out["buggy"]))
    out["flagged_elsewhere"] = bool(serious(out["buggy"])) and not out["found"]
    out["false_alarms"] = serious(out["fixed"])
    return out


def evaluate(cases: list[dict]) -> dict:
    results = [evaluate_case(c) for c in cases]
    per_kind = collections.OrderedDict()
    for k in KINDS + sorted({c["kind"] for c in cases} - set(KINDS)):
        rs = [r for r in results if r["kind"] == k]
        if rs:
            per_kind[k] = {"cases": len(rs), "found": sum(r["found"] for r in rs),
                           "false_alarms": sum(bool(r["false_alarms"]) for r in rs)}
    return {"cases": len(results), "found": sum(r["found"] for r in results),
            "false_alarms": sum(bool(r["false_alarms"]) for r in results),
            "false_alarm_diagnostics": sum(len(r["false_alarms"]) for r in results),
            "engine_errors": sum(bool(r["buggy_error"] or r["fixed_error"]) for r in results),
            "per_kind": per_kind, "results": results}


def last_recorded() -> dict | None:
    if HISTORY.is_file():
        runs = json.loads(HISTORY.read_text())
        return runs[-1] if runs else None
    return None


def git_commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return "?"


def print_report(summary: dict, previous: dict | None, missed: bool) -> None:
    prev_kind = (previous or {}).get("per_kind", {})
    print(f"{'kind':<22} {'cases':>5} {'found':>7} {'false alarms':>13}   previous")
    for kind, v in summary["per_kind"].items():
        p = prev_kind.get(kind)
        was = f"{p['found']}/{p['cases']}, {p['false_alarms']}" if p else "-"
        print(f"{kind:<22} {v['cases']:>5} {v['found']:>7} {v['false_alarms']:>13}   {was}")
    line = f"found {summary['found']}/{summary['cases']}, false alarms {summary['false_alarms']}"
    if previous:
        line += (f"   (previous run {previous['date']} at {previous['commit']}: found {previous['found']}/"
                 f"{previous['cases']}, false alarms {previous['false_alarms']})")
    print(line)
    if summary["engine_errors"]:
        print(f"engine exceptions on {summary['engine_errors']} case(s)")
    if missed:
        print("\nmissed:")
        for r in summary["results"]:
            if not r["found"]:
                where = "; ".join(f"{d['line']}: {d['code']} {d['message'][:90]}" for d in serious(r["buggy"]))
                print(f"  {r['kind']:<20} {r['name']}" + (f"   [flagged elsewhere: {where}]" if where else ""))
        print("\nfalse alarms:")
        for r in summary["results"]:
            for d in r["false_alarms"]:
                print(f"  {r['name']}:{d['line']}: {d['code']} {d['message'][:120]}")


# ----------------------------------------------------------------------------- --verify

def run_program(program: Path, check: Path | None, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, str(BUGS / "run_case.py"), str(program), str(out)]
        if check is not None:
            cmd.append(str(check))
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0", CUDA_VISIBLE_DEVICES="")
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=tmp)
        except subprocess.TimeoutExpired:
            return {"status": "timeout", "seconds": timeout}
        seconds = round(time.perf_counter() - t0, 1)
        if not out.is_file():
            return {"status": "runner failed", "stderr": proc.stderr[-3000:], "seconds": seconds}
        res = json.loads(out.read_text())
        res["seconds"] = seconds
        return res


def _run_batch(jobs: list, timeout: float) -> dict:
    """Run many programs in one process (run_case.py --batch: TensorFlow is imported once); the
    results by (program, check).  A program the batch did not get to (a crash, the time limit)
    is left out, for run_program to run alone."""
    with tempfile.TemporaryDirectory() as tmp:
        jobs_file, out = Path(tmp) / "jobs.json", Path(tmp) / "results.jsonl"
        jobs_file.write_text(json.dumps([[str(p), str(c) if c else None] for p, c in jobs]))
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0", CUDA_VISIBLE_DEVICES="")
        t0 = time.perf_counter()
        try:
            subprocess.run([sys.executable, str(BUGS / "run_case.py"), "--batch", str(jobs_file), str(out)],
                           capture_output=True, text=True, timeout=timeout * len(jobs), env=env, cwd=tmp)
        except subprocess.TimeoutExpired:
            pass
        results = {}
        if out.is_file():
            for line in out.read_text().splitlines():
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                results[(r["program"], r.get("check"))] = r
        if results:
            each = round((time.perf_counter() - t0) / len(results), 1)
            for r in results.values():
                r["seconds"] = each
        return results


def judge_case(case: dict, buggy: dict, fixed: dict, check) -> dict:
    """Did Keras do with the case's programs what cases.json says?"""
    problems = []
    if case["exception"]:
        if buggy.get("status") != "raised":
            problems.append(f"buggy.py did not raise ({buggy.get('status')})")
        else:
            if buggy["exception"] != case["exception"]:
                problems.append(f"buggy.py raised {buggy['exception']}, not {case['exception']}: "
                                f"{buggy['message'][:300]}")
            if buggy.get("line") != case["raise_line"]:
                problems.append(f"buggy.py raised at line {buggy.get('line')}, not {case['raise_line']}: "
                                f"{buggy['exception']}: {buggy['message'][:300]}")
    else:
        if buggy.get("status") != "ok":
            problems.append(f"silent case buggy.py: {buggy.get('status')} {buggy.get('exception')}: "
                            f"{str(buggy.get('message'))[:300]}")
        elif not buggy.get("wrong"):
            problems.append(f"silent case: check found nothing wrong in buggy.py: {buggy.get('why')}")
    if fixed.get("status") != "ok":
        problems.append(f"fixed.py: {fixed.get('status')} {fixed.get('exception')}: {str(fixed.get('message'))[:300]}"
                        + (f" (line {fixed.get('line')})" if fixed.get("line") else "")
                        + (f" {fixed.get('stderr', '')[-500:]}" if fixed.get("stderr") else ""))
    elif check is not None and fixed.get("wrong"):
        problems.append(f"fixed.py: check still finds it wrong: {fixed.get('why')}")
    return {"name": case["name"], "problems": problems, "buggy": buggy, "fixed": fixed}


def verify_case(case: dict, timeout: float, done: dict | None = None) -> dict:
    d = case_dir(case)
    check = d / "check.py" if (d / "check.py").is_file() else None
    done = done or {}
    runs = []
    for which in ("buggy", "fixed"):
        program = d / f"{which}.py"
        r = done.get((str(program), str(check) if check else None))
        runs.append(r if r is not None else run_program(program, check, timeout))
    return judge_case(case, runs[0], runs[1], check)


def _report(r: dict) -> None:
    mark = "ok  " if not r["problems"] else "FAIL"
    b = r["buggy"]
    what = (f"{b['exception']} at line {b.get('line')}: {b['message'][:150]!r}" if b.get("exception")
            else "silent: " + str(b.get("why", ""))[:150])
    print(f"{mark} {r['name']:<52} buggy -> {what}", flush=True)
    for p in r["problems"]:
        print(f"       {p}", flush=True)


def verify(cases: list[dict], jobs: int, timeout: float, json_out: str | None, record: bool = False) -> int:
    """Every case's two programs in real Keras: ``jobs`` processes, each running its share of the
    programs one after the other (run_case.py --batch); a program a batch did not get to runs
    alone in its own process."""
    t0 = time.perf_counter()
    programs = []
    for c in cases:
        d = case_dir(c)
        check = d / "check.py" if (d / "check.py").is_file() else None
        programs += [(d / "buggy.py", check), (d / "fixed.py", check)]
    shares = [programs[k::max(1, jobs)] for k in range(max(1, jobs))]
    done: dict = {}
    with cf.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for part in pool.map(lambda share: _run_batch(share, timeout), [s for s in shares if s]):
            done.update(part)
    results = []
    for c in cases:
        r = verify_case(c, timeout, done)
        results.append(r)
        _report(r)
    bad = [r for r in results if r["problems"]]
    print(f"\nverified {len(results) - len(bad)}/{len(results)} cases in real Keras "
          f"({time.perf_counter() - t0:.0f} s)")
    if json_out:
        Path(json_out).write_text(json.dumps(sorted(results, key=lambda r: r["name"]), indent=1))
    if record:
        record_observed(results)
    return 1 if bad else 0


def observed(run: dict) -> dict:
    """What one program did in Keras, as cases.json keeps it."""
    if run.get("status") == "raised":
        return {"status": "raised", "exception": run.get("exception"), "line": run.get("line"),
                "message": str(run.get("message", ""))[:300]}
    out = {"status": run.get("status")}
    if "wrong" in run:
        out.update(wrong=run["wrong"], why=str(run.get("why", ""))[:300])
    return out


def record_observed(results: list[dict]) -> None:
    """Write what Keras did with each verified case into cases.json (``keras3_observed``), with
    the Keras version: the record that the case was confirmed by running it."""
    try:
        import importlib.metadata as md

        version = md.version("keras")
    except Exception:  # noqa: BLE001
        version = "?"
    by_name = {r["name"]: r for r in results}
    cases = load_cases()
    for c in cases:
        r = by_name.get(c["name"])
        if r is None:
            continue
        c["keras3_observed"] = None if r["problems"] else {
            "keras": version, "date": datetime.date.today().isoformat(),
            "buggy": observed(r["buggy"]), "fixed": observed(r["fixed"])}
    CASES_JSON.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded what Keras did in {CASES_JSON.relative_to(ROOT)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verify", action="store_true", help="run every program in real Keras")
    ap.add_argument("--jobs", type=int, default=max(1, os.cpu_count() or 1))
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds per program (--verify)")
    ap.add_argument("--only", default=None, help="only cases whose name contains this")
    ap.add_argument("--json", default=None, help="write the full results here")
    ap.add_argument("--record", action="store_true", help="append this run to tests/bugs/history.json (with "
                    "--verify: write what Keras did into cases.json, keras3_observed)")
    ap.add_argument("--missed", action="store_true", help="list the missed cases and the false alarms")
    args = ap.parse_args()
    cases = load_cases()
    if args.only:
        cases = [c for c in cases if args.only in c["name"]]
    if args.verify:
        return verify(cases, args.jobs, args.timeout, args.json, record=args.record)
    summary = evaluate(cases)
    print_report(summary, last_recorded(), args.missed)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1))
    if args.record:
        if args.only:
            print("not recorded: --only measures a subset")
        else:
            runs = json.loads(HISTORY.read_text()) if HISTORY.is_file() else []
            runs.append({"date": datetime.date.today().isoformat(), "commit": git_commit(),
                         "cases": summary["cases"], "found": summary["found"],
                         "false_alarms": summary["false_alarms"],
                         "found_cases": sorted(r["name"] for r in summary["results"] if r["found"]),
                         "per_kind": summary["per_kind"]})
            HISTORY.write_text(json.dumps(runs, indent=1) + "\n")
            print(f"recorded in {HISTORY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
