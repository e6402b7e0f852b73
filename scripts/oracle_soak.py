"""Soak the Keras oracle: generate many cases per layer family, run them all in Keras and in
shapelens, print the agreement rate per family and the smallest disagreements.

    .venv/bin/python scripts/oracle_soak.py                 # 20,000+ cases
    .venv/bin/python scripts/oracle_soak.py --cases 2000    # fewer
    .venv/bin/python scripts/oracle_soak.py --family LSTM --family stack --show 5
    .venv/bin/python scripts/oracle_soak.py --json out.json # every non-agreeing case, for triage

Exit code 0 only when every case agrees.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "oracle"))
sys.path.insert(0, str(ROOT / "server"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hseed  # noqa: E402

from cases import GENERATORS, gen_stack  # noqa: E402
from differential import run_cases  # noqa: E402
from keras_worker import KerasOracle  # noqa: E402


def draw_cases(strategy, n: int, seed: int) -> list:
    out = []

    @hseed(seed)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(case):
        out.append(case)

    collect()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=20500, help="total number of generated cases (default 20,500)")
    ap.add_argument("--family", action="append", help="only these families (repeatable); 'stack' for stacks")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=2, help="smallest disagreements to print per family")
    ap.add_argument("--json", help="write every non-agreeing case here")
    ap.add_argument("--save-regressions", type=int, default=0, metavar="N",
                    help="append the N shortest distinct disagreements per family to tests/oracle/regressions.json")
    args = ap.parse_args(argv)

    families = dict((name, gen) for name, (gen, _) in GENERATORS.items())
    families["stack"] = gen_stack
    if args.family:
        unknown = set(args.family) - set(families)
        if unknown:
            ap.error(f"unknown families: {', '.join(sorted(unknown))} (have: {', '.join(sorted(families))})")
        families = {k: v for k, v in families.items() if k in args.family}
    # stacks get a bigger share: they mix layers
    weights = {k: (6 if k == "stack" else 1) for k in families}
    unit = args.cases / sum(weights.values())

    t0 = time.perf_counter()
    cases = []
    for i, (name, gen) in enumerate(sorted(families.items())):
        cases.extend(draw_cases(gen(), max(1, round(unit * weights[name])), args.seed * 1000 + i))
    t_gen = time.perf_counter() - t0
    print(f"generated {len(cases)} cases in {t_gen:.1f}s; running Keras and shapelens...", flush=True)

    t1 = time.perf_counter()
    outcomes = []
    with KerasOracle() as oracle:
        for start in range(0, len(cases), 500):
            outcomes.extend(run_cases(oracle, cases[start:start + 500], batch_size=500))
            done = len(outcomes)
            el = time.perf_counter() - t1
            print(f"  {done}/{len(cases)} cases, {el:.0f}s ({done / el:.1f}/s)", flush=True)
        restarts = oracle.restarts
    t_run = time.perf_counter() - t1

    by_family = collections.defaultdict(collections.Counter)
    bad = collections.defaultdict(list)
    for o in outcomes:
        by_family[o.case.family][o.status] += 1
        if o.status != "agree":
            bad[o.case.family].append(o)
    total = collections.Counter()
    print()
    print(f"{'family':<24s} {'cases':>6s} {'agree':>8s} {'unknown':>8s} {'disagree':>9s} {'harness':>8s}")
    for fam in sorted(by_family):
        c = by_family[fam]
        total.update(c)
        n = sum(c.values())
        print(f"{fam:<24s} {n:6d} {c['agree'] / n:8.2%} {c['unknown']:8d} {c['disagree']:9d} {c['harness']:8d}")
    n = sum(total.values())
    print(f"{'total':<24s} {n:6d} {total['agree'] / n:8.2%} {total['unknown']:8d} {total['disagree']:9d} {total['harness']:8d}")
    print(f"\n{n} cases: generation {t_gen:.0f}s, Keras + shapelens {t_run:.0f}s ({n / t_run:.1f} cases/s), "
          f"worker restarts {restarts}")

    if args.show:
        for fam in sorted(bad):
            items = sorted(bad[fam], key=lambda o: (o.status != "disagree", len(o.case.source)))
            seen = set()
            shown = 0
            for o in items:
                if o.reason in seen:
                    continue
                seen.add(o.reason)
                print(f"\n===== {fam} =====\n{o.report()}")
                shown += 1
                if shown >= args.show:
                    break
    if args.json:
        rows = [{"family": o.case.family, "status": o.status, "reason": o.reason, "source": o.case.source,
                 "forward": o.case.forward, "keras": o.keras, "report": o.report()} for fam in bad for o in bad[fam]]
        Path(args.json).write_text(json.dumps(rows, indent=1))
        print(f"\nwrote {len(rows)} non-agreeing cases to {args.json}")
    if args.save_regressions:
        path = ROOT / "tests" / "oracle" / "regressions.json"
        entries = json.loads(path.read_text()) if path.exists() else []
        known = {e["source"] for e in entries}
        added = 0
        for fam in sorted(bad):
            seen = set()
            for o in sorted(bad[fam], key=lambda o: (o.status == "harness", len(o.case.source))):
                if o.status == "harness" or o.reason in seen or o.case.source in known:
                    continue
                seen.add(o.reason)
                known.add(o.case.source)
                entries.append({"family": fam, "source": o.case.source, "forward": o.case.forward,
                                "note": f"{o.status}: {o.reason}"[:300]})
                added += 1
                if len(seen) >= args.save_regressions:
                    break
        path.write_text(json.dumps(entries, indent=1) + "\n")
        print(f"\nadded {added} regression cases to {path} ({len(entries)} in all)")
    return 0 if total["agree"] == n else 1


if __name__ == "__main__":
    sys.exit(main())
