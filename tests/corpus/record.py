"""Record what real Keras does with every corpus script: ``tests/corpus/expected.json``.

    .venv/bin/python tests/corpus/record.py            # all scripts
    .venv/bin/python tests/corpus/record.py NAME ...   # only these (others are kept)

Each script in ``tests/corpus/scripts/`` runs once in the Keras worker (script mode:
``fit``/``predict``/``evaluate`` are stubbed and do not train; they run the model forward on
two samples and compute the loss, so data/target errors still surface, marked
``phase: "fit"``).  For every ``keras.Model`` bound to a module-level name the file keeps the
per-layer class, name, output shape(s) and parameter count in ``model.layers`` order, the
model's input/output shapes and total parameters; it also keeps every top-level layer call in
order, and the exception Keras raised (type, first line of the message, script line, phase).
A script defining Layer or Model subclasses also keeps ``inner_calls``: every sublayer call made
inside such a class's ``call()`` (class, name, output shape(s), params, the enclosing layer, and
``phase`` "build" or "fit").
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE / "scripts"
EXPECTED = HERE / "expected.json"
sys.path.insert(0, str(HERE.parent / "oracle"))

from keras_worker import KerasOracle  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def clean_error(error):
    if error is None:
        return None
    message = ANSI.sub("", error["message"]).strip()
    lines = [ln for ln in message.splitlines() if ln.strip()]
    # Keras wraps call errors: "Exception encountered when calling X.call().\n\n<real message>"
    if lines and lines[0].startswith("Exception encountered when calling") and len(lines) > 1:
        lines = lines[1:]
    first = lines[0] if lines else ""
    return {"type": error["type"], "message": first[:400], "line": error["line"], "phase": error["phase"]}


def record(result: dict, text: str) -> dict:
    out = {
        "sha": digest(text),
        "ok": result["ok"],
        "error": clean_error(result["error"]),
        "models": result["models"],
        "calls": result["calls"],
        "warnings": result["warnings"],
    }
    if result.get("inner_calls"):
        # the sublayer calls made inside a user-defined layer's or model's call() (subclasses)
        out["inner_calls"] = result["inner_calls"]
    return out


def main(argv: list[str]) -> int:
    names = sorted(p.name for p in SCRIPTS.glob("*.py"))
    if argv:
        wanted = {a if a.endswith(".py") else a + ".py" for a in argv}
        unknown = wanted - set(names)
        if unknown:
            print("no such script:", ", ".join(sorted(unknown)), file=sys.stderr)
            return 2
        names = [n for n in names if n in wanted]
    old = json.loads(EXPECTED.read_text()) if EXPECTED.exists() else {"scripts": {}}
    texts = {n: (SCRIPTS / n).read_text() for n in names}
    start = time.perf_counter()
    with KerasOracle(timeout=60) as oracle:
        results = oracle.run([{"id": n, "source": texts[n], "mode": "script", "filename": n} for n in names])
        version = oracle.keras_version
    scripts = dict(old.get("scripts", {})) if argv else {}
    for name, result in zip(names, results):
        if result.get("timeout") or result.get("crashed"):
            print(f"{name}: worker {result['error']['type'].lower()}", file=sys.stderr)
            return 1
        scripts[name] = record(result, texts[name])
        status = "ok" if result["ok"] else f"{result['error']['type']} at line {result['error']['line']}"
        print(f"{name:48s} {status}")
    out = {
        "generated_by": "tests/corpus/record.py",
        "keras": version,
        "tensorflow": "2.21.0",
        "scripts": {k: scripts[k] for k in sorted(scripts)},
    }
    EXPECTED.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n")
    bad = sum(1 for s in scripts.values() if not s["ok"])
    print(f"{len(scripts)} scripts ({bad} rejected by Keras) in {time.perf_counter() - start:.1f}s -> {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
