"""Run the shapelens server over a stand-in analyzer, to test the protocol layer on its own:
scheduling, stale results, crash resilience and position plumbing.

SHAPELENS_FAKE=regex  a tiny pattern-based analyzer (one layer fact per ``layers.X(...)`` call,
                      an SL999 error with a fix on every line containing ``BAD``)
SHAPELENS_FAKE=crash  an analyzer that raises on every call
SHAPELENS_FAKE=slow   the regex analyzer, 0.3 s per call
SHAPELENS_FAKE=partial  stops at its "time budget" after the first line the first time it
                      sees a text (with the engine's notice), finishes on the next call
"""

from __future__ import annotations

import os
import re
import sys
import time

import shapelens.analysis
from shapelens.results import Analysis, Diagnostic, Edit, Fix, LayerFact, ModelFact, Span, SymbolFact

MODE = os.environ.get("SHAPELENS_FAKE", "regex")
CALL = re.compile(r"layers\.(\w+)\(")


def _close(line: str, start: int) -> int:
    depth = 0
    for i in range(start, len(line)):
        if line[i] == "(":
            depth += 1
        elif line[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(line)


class FakeAnalyzer:
    calls = 0

    def __init__(self, path=None, modules=None):  # (a real Analyzer takes the file and its imports)
        self.seen = set()

    def analyze(self, text, config=None, *, time_budget=5.0):
        FakeAnalyzer.calls += 1
        if MODE == "crash":
            raise RuntimeError("the fake engine always fails")
        if MODE == "slow":
            time.sleep(0.3)
        a = Analysis()
        lines = re.split(r"\r\n|\r|\n", text)
        if MODE == "partial" and text not in self.seen:
            self.seen.add(text)
            lines = lines[:1]
            a.notices.append("analysis stopped at line 2: the file took longer than 5 s")
            a.covered_to = 1  # as the engine says how far its results are final
        for n, line in enumerate(lines):
            for m in CALL.finditer(line):
                start = m.start() + len("layers.")
                end = _close(line, m.end() - 1)
                span = Span(n, start, n, end)
                a.layers.append(LayerFact(span=span, layer=m.group(1), name=m.group(1).lower(),
                                          input_shape=None, output_shape=(None, n), params=100,
                                          hint_at=(n, end), why=("fake",)))
            k = line.find("BAD")
            if k >= 0:
                span = Span(n, k, n, k + 3)
                fix = Fix("Replace BAD with GOOD", (Edit(span, "GOOD"),), preferred=True)
                a.diagnostics.append(Diagnostic(span, "error", "SL999", "BAD is bad", (fix,)))
            if "Sequential(" in line:
                a.models.append(ModelFact("model", Span(n, 0, n, len(line)), "sequential",
                                          ((None, 3),), ((None, 1),), 1234))
            k = line.find("model")
            if k >= 0:
                a.symbols.append(SymbolFact(Span(n, k, n, k + 5), "model", "model", None))
        if config is not None:
            from shapelens.config import apply_config
            a.diagnostics = apply_config(a.diagnostics, config, re.split(r"\r\n|\r|\n", text))
        return a


shapelens.analysis.Analyzer = FakeAnalyzer

if __name__ == "__main__":
    from shapelens.lsp.app import main_lsp

    raise SystemExit(main_lsp(sys.argv[1:]))
