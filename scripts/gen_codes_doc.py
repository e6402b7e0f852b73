"""Write server/shapelens/docs/codes.md from the code registry and its examples.

    .venv/bin/python scripts/gen_codes_doc.py        # rewrite
    .venv/bin/python scripts/gen_codes_doc.py --check  # exit 1 if out of date
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

from shapelens.code_examples import EXAMPLES, RUNTIME_ONLY  # noqa: E402
from shapelens.codes import CODES, DOCS_FILE  # noqa: E402


def _body(src: str) -> str:
    """An example without its import lines (they are the same everywhere)."""
    return "\n".join(l for l in src.rstrip().splitlines() if not l.startswith(("import ", "from "))) or src.rstrip()


def render() -> str:
    out = ["# shapelens diagnostic codes", "",
           "SL0xx: the file itself. SL1xx: Keras certainly raises (or, marked below, fails as soon as the model runs).",
           "SL2xx: the data or targets passed to fit/predict/evaluate against the model. SL3xx: legal but almost surely a bug.",
           "SL4xx: style. Switch a code off in `pyproject.toml` (`[tool.shapelens] disable = [\"SL401\"]`), change its",
           "severity (`[tool.shapelens.severity] SL205 = \"error\"`), or ignore it on one line with",
           "`# shapelens: ignore[SL101]`.", "",
           "The examples leave out their imports: `keras`, `keras.layers as layers`, `numpy as np` and `tensorflow as tf`.", ""]
    for c in CODES.values():
        out += [f"## {c.code}", "", f"**{c.title}** ({c.severity})" + (" — Keras fails when the model runs, not when it is built." if c.code in RUNTIME_ONLY else ""), "",
                c.summary, ""]
        ex = EXAMPLES.get(c.code, {})
        if ex.get("invalid"):
            out += ["Flagged:", "", "```python", _body(ex["invalid"][0]), "```", ""]
        if ex.get("valid"):
            out += ["Fine:", "", "```python", _body(ex["valid"][0]), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        current = DOCS_FILE.read_text() if DOCS_FILE.exists() else ""
        sys.exit(0 if current == text else 1)
    DOCS_FILE.parent.mkdir(parents=True, exist_ok=True)
    DOCS_FILE.write_text(text)
    print(f"wrote {DOCS_FILE.relative_to(ROOT)}")
