"""Figures of the previous benchmark runs, so that each run prints its figures next to the last
recorded ones: ``benchmarks/history.json`` holds, per benchmark, a list of runs (date, commit,
machine, load average, figures).  ``--record`` appends the run; without it nothing is written."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from pathlib import Path

FILE = Path(__file__).resolve().parent / "history.json"


def _all() -> dict:
    try:
        return json.loads(FILE.read_text())
    except (OSError, ValueError):
        return {}


def previous(bench: str) -> dict:
    """The figures of the last recorded run of ``bench`` ({} if none)."""
    runs = _all().get(bench) or []
    return runs[-1]["figures"] if runs else {}


def previous_run(bench: str) -> dict:
    runs = _all().get(bench) or []
    return runs[-1] if runs else {}


def versus(now: float, before, unit: str = "ms", scale: float = 1000.0, digits: int = 1) -> str:
    """``12.3 ms (was 15.0)``: a figure next to the one last recorded."""
    text = f"{now * scale:.{digits}f} {unit}".strip()
    if isinstance(before, (int, float)):
        text += f" (was {before * scale:.{digits}f})"
    return text


def record(bench: str, figures: dict) -> None:
    data = _all()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=FILE.parent).stdout.strip()
    except OSError:
        commit = ""
    data.setdefault(bench, []).append({
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "commit": commit, "cpus": os.cpu_count(), "load": round(os.getloadavg()[0], 2), "figures": figures})
    data[bench] = data[bench][-20:]
    FILE.write_text(json.dumps(data, indent=1) + "\n")


def header(bench: str) -> str:
    run = previous_run(bench)
    if not run:
        return "no previous run recorded (--record keeps this one)"
    return f"previous: {run['date']} at {run['commit'] or '?'}, load {run['load']}"
