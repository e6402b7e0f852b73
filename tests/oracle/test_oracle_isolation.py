"""The oracle is test-only: nothing in server/shapelens imports TensorFlow or Keras (the
engine must work where they are not installed), and analysing code does not load them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FORBIDDEN = ("tensorflow", "keras", "tf_keras")


def test_engine_source_imports_no_keras():
    bad = []
    for path in sorted((ROOT / "server" / "shapelens").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for n in names:
                if n.split(".")[0] in FORBIDDEN:
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: import {n}")
    assert not bad, "server/shapelens must not import TensorFlow/Keras:\n" + "\n".join(bad)


def test_analysis_does_not_load_keras():
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'server')!r})\n"
        "from shapelens import analyze\n"
        "analyze(open(sys.argv[1]).read())\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'tf_keras'))\n"
        "print(','.join(loaded))\n"
    )
    sample = ROOT / "tests" / "corpus" / "scripts" / "seq2seq_lstm_states.py"
    out = subprocess.run([sys.executable, "-c", script, str(sample)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"analysing a script loaded: {out.stdout.strip()}"
