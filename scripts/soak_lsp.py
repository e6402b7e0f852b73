"""Soak the real language server with random editing (the fuzz of tests/robustness, for long).

    nice .venv/bin/python scripts/soak_lsp.py [--edits 100000] [--memory-edits 10000] [--seed 1]

Phase 1 (memory): ``--memory-edits`` random edits on ONE document; the server's RSS is read
after a warm-up and at the end, each time after an idle pause (the server collects garbage
when the user stops typing).  Growth must stay under 20 MB.
Phase 2: the rest of ``--edits`` on a new document every ``--session`` edits (a random file
of examples/ and tests/corpus/scripts/); each session ends by comparing its diagnostics with a
fresh analysis of the final text.

Printed at the end: edits, requests, server crashes (exits; the server is restarted),
engine tracebacks on its stderr (it runs with SHAPELENS_STRICT=1), requests slower than 1 s,
max and p50/p99 latency, incremental-vs-fresh mismatches, RSS start/end.  Exit status 1 if
any crash, traceback, slow answer, mismatch, or memory growth over the limit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.robustness.editfuzz import BASE_FILES, FuzzFailure, Session, Stats  # noqa: E402
from tests.robustness.lspclient import Client, RequestTimeout, ServerExited  # noqa: E402

MEMORY_LIMIT_MB = 20.0
IDLE = 2.5  # s without edits: the server's idle GC runs after 1 s


def pct(values: list, q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))]


class Soak:
    def __init__(self, args):
        self.args = args
        self.rnd = random.Random(args.seed)
        self.stats = Stats()
        self.crashes = 0
        self.tracebacks: list = []
        self.mismatches: list = []
        self.failures: list = []
        self.client = None
        self.rss_start = None
        self.names = 0
        self.started = time.time()

    def start_server(self) -> None:
        self.client = Client(encoding=self.args.encoding, pull=self.args.pull)
        self.client.initialize()
        self._stderr_seen = 0

    def harvest_stderr(self) -> None:
        text = self.client.stderr_text()
        new = text[self._stderr_seen:]
        self._stderr_seen = len(text)
        for block in new.split("Traceback (most recent call last):")[1:]:
            lines = [l for l in block.strip().splitlines() if l.strip()]
            last = next((l for l in lines if not l.startswith(" ")), lines[-1] if lines else "?")
            self.tracebacks.append(last.strip())
            if self.args.log:
                with open(self.args.log, "a") as f:
                    f.write("Traceback (most recent call last):" + block + "\n")

    def restart_after_crash(self, why: str) -> None:
        self.crashes += 1
        self.failures.append(why[:2000])
        self.harvest_stderr()
        try:
            self.client.shutdown(timeout=2)
        except Exception:
            pass
        self.start_server()

    def session(self, n_edits: int, check: bool = True, on_step=None, max_chars: int = 20_000) -> None:
        base = self.rnd.choice(BASE_FILES)
        self.names += 1
        text = base.read_text(encoding="utf-8")
        if max_chars < 0:  # as a multiple of the base file: a document that stays about its size
            max_chars = max(4000, -max_chars * len(text))
        s = Session(self.client, f"soak_{self.names}.py", text, limit=1.0, max_chars=max_chars,
                    stats=self.stats, pace=self.args.pace)
        try:
            for k in range(n_edits):
                s.step(self.rnd, request_rate=self.args.request_rate)
                if on_step:
                    on_step(k, s)
            if check:
                problem = s.final_check(f"soak_{self.names}_fresh.py")
                if problem:
                    self.mismatches.append((base.name, problem[:1500], s.text[:4000]))
            s.close()
        except (FuzzFailure, RequestTimeout, ServerExited) as exc:
            if self.args.dump:
                dump = Path(self.args.dump)
                dump.mkdir(parents=True, exist_ok=True)
                (dump / f"soak_{self.names}_final.py").write_text(s.text, encoding="utf-8", newline="")
                (dump / f"soak_{self.names}_log.txt").write_text("\n".join(map(repr, s.log[-200:])), encoding="utf-8")
            if not self.client.alive():
                self.restart_after_crash(f"session {self.names} ({base.name}): {exc}")
            else:
                self.failures.append(f"session {self.names} ({base.name}): {type(exc).__name__}: {exc}"[:2000])
                s.pending = []
                s.close()
        self.harvest_stderr()

    def idle_rss(self) -> float:
        time.sleep(IDLE)
        return self.client.rss()

    def progress(self, label: str) -> None:
        el = time.time() - self.started
        print(f"[{el:7.0f} s] {label}: {self.stats.edits:,} edits, {self.stats.requests:,} requests, "
              f"max latency {self.stats.max_latency * 1000:.0f} ms, crashes {self.crashes}, "
              f"tracebacks {len(self.tracebacks)}, mismatches {len(self.mismatches)}, RSS {self.client.rss():.1f} MB",
              flush=True)

    def run(self) -> int:
        a = self.args
        self.start_server()
        self.rss_start = self.idle_rss()
        # ---- phase 1: one document, memory
        mem_doc_edits = min(a.memory_edits, a.edits)
        warm = min(500, mem_doc_edits // 10)
        rss = {}

        def on_step(k, s):
            if k + 1 == warm:
                rss["before"] = self.idle_rss()
            if (k + 1) % 2000 == 0:
                self.progress("one document")

        if mem_doc_edits:
            self.session(mem_doc_edits, check=True, on_step=on_step, max_chars=-2)
            rss["after"] = self.idle_rss()
        # ---- phase 2: many documents
        while self.stats.edits < a.edits:
            before = self.stats.edits
            self.session(min(a.session, a.edits - self.stats.edits))
            if self.stats.edits // 5000 != before // 5000:
                self.progress("sessions")
        rss_end = self.idle_rss()
        self.harvest_stderr()
        lat = self.stats.latencies
        growth = (rss.get("after", 0) - rss.get("before", 0)) if "before" in rss else None
        report = {
            "edits": self.stats.edits,
            "requests": self.stats.requests,
            "error_answers": self.stats.errors,
            "server_crashes": self.crashes,
            "engine_tracebacks": len(self.tracebacks),
            "slow_answers_over_1s": len(self.stats.slow),
            "max_latency_ms": round(self.stats.max_latency * 1000, 1),
            "max_latency_method": self.stats.max_latency_method,
            "p50_latency_ms": round(pct(lat, 50) * 1000, 1),
            "p99_latency_ms": round(pct(lat, 99) * 1000, 1),
            "incremental_vs_fresh_mismatches": len(self.mismatches),
            "failed_sessions": len(self.failures),
            "rss_start_mb": round(self.rss_start, 1),
            "rss_end_mb": round(rss_end, 1),
            "one_document_edits": mem_doc_edits,
            "one_document_rss_before_mb": round(rss["before"], 1) if "before" in rss else None,
            "one_document_rss_after_mb": round(rss["after"], 1) if "after" in rss else None,
            "one_document_rss_growth_mb": round(growth, 1) if growth is not None else None,
            "seconds": round(time.time() - self.started),
            "seed": a.seed,
            "encoding": a.encoding,
            "diagnostics": "pull" if a.pull else "push",
        }
        self.client.shutdown()
        print("\n== soak figures")
        for k, v in report.items():
            print(f"  {k:<34} {v}")
        if self.tracebacks:
            print("\n== engine tracebacks (last line, count)")
            for line in sorted(set(self.tracebacks)):
                print(f"  {self.tracebacks.count(line):5d}  {line}")
        for name, problem, text in self.mismatches[:5]:
            print(f"\n== mismatch ({name})\n{problem}\nfinal text:\n{text!r}")
        for f in self.failures[:10]:
            print(f"\n== failure\n{f}")
        slow = sorted(self.stats.slow, key=lambda x: -x[0])[:10]
        if slow:
            print("\n== slowest answers over 1 s")
            for s in slow:
                print(f"  {s[0]:.3f} s  {s[1]}  {json.dumps(s[2])[:200]}")
        if a.json:
            Path(a.json).write_text(json.dumps(report, indent=2))
        bad = (self.crashes or self.tracebacks or self.stats.slow or self.mismatches or self.failures
               or (growth is not None and growth >= MEMORY_LIMIT_MB))
        return 1 if bad else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--edits", type=int, default=100_000)
    p.add_argument("--memory-edits", type=int, default=10_000, help="edits on one document (RSS growth)")
    p.add_argument("--session", type=int, default=200, help="edits per document in phase 2")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--encoding", default="utf-16", choices=["utf-16", "utf-8", "utf-32"])
    p.add_argument("--pull", action="store_true", help="pull diagnostics (Neovim) instead of push (VS Code)")
    p.add_argument("--pace", type=float, default=0.01, help="random pause between edits, up to this many s")
    p.add_argument("--request-rate", type=float, default=0.3)
    p.add_argument("--log", default=None, help="append the server's engine tracebacks to this file")
    p.add_argument("--json", default=None, help="write the figures here as JSON")
    p.add_argument("--dump", default=None, help="folder for the final text and edit log of failed sessions")
    return Soak(p.parse_args()).run()


if __name__ == "__main__":
    raise SystemExit(main())
