"""Random editing sessions against the real server: the client's model of the document, random
edits (incremental ``didChange``) and random requests, with every answer timed.

``Session.step(rnd)`` makes one random edit (and, at random, a request); ``rnd`` is anything
with ``random.Random``'s interface, so the same code runs under hypothesis (``st.randoms()``,
which shrinks) in the tests and under a seeded ``random.Random`` in ``scripts/soak_lsp.py``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .lspclient import (ROOT, Client, RequestTimeout, ServerExited, diag_key, line_content_end,
                        line_starts, snap, to_position, units)

# Realistic files to start from and to paste.
BASE_FILES = sorted((ROOT / "examples").glob("*.py")) + sorted((ROOT / "tests" / "corpus" / "scripts").glob("*.py"))

CHARS = (list("()[]{}:,.=+-*/#\\'\"_ \t0123456789abcxyzLSTM")
         + ["\n", "\r\n", "\r", "'''", '"""', "\u200b", "\u200d", "\ufeff", "\u00e9", "\u0301", "温",
            "😀", "\U0001d518", "\U0010fffd", "\x0c", "\u2028", "\x00", "\\\n"])

TOKENS = ["keras.layers.LSTM(", "LSTM(32", "return_sequences=True", "return_state=True", ", ", ")", "))",
          "Dense(1)", "keras.Input(shape=(10, 3))", "input_shape=(None, 8)", "x = ", "model.add(",
          "layers.GRU(16, return_state=True)(x)", "o, h, c = ", "Bidirectional(", "TimeDistributed(",
          "[", "]", "def f(", "    ", "lambda: ", "if x:\n    ", "for i in range(3):\n    ",
          "model.fit(np.zeros((4, 10, 3)), np.zeros((4, 1)))", "import keras\n", "from keras import layers\n",
          "\"\"\"unterminated", "'", "# shapelens: ignore\n", "Sequential([", "Concatenate()([a, b])",
          "X.shape[1:]", "(" * 30, ")" * 30, "None", "async ", "@decorator\n", "class M(keras.Model):\n    "]


@dataclass
class Stats:
    edits: int = 0
    notifications: int = 0
    requests: int = 0
    errors: int = 0  # requests answered with a JSON-RPC error
    max_latency: float = 0.0
    max_latency_method: str = ""
    latencies: list = field(default_factory=list)
    slow: list = field(default_factory=list)  # (latency, method, params) over the limit

    def add_latency(self, method: str, dt: float, params, limit: float) -> None:
        self.requests += 1
        if len(self.latencies) < 1_000_000:
            self.latencies.append(dt)
        if dt > self.max_latency:
            self.max_latency, self.max_latency_method = dt, method
        if dt > limit:
            self.slow.append((round(dt, 3), method, params))


class FuzzFailure(AssertionError):
    pass


class Session:
    """One open document in one server, edited at random."""

    def __init__(self, client: Client, name: str, text: str, limit: float = 1.0, max_chars: int = 40_000,
                 stats: Optional[Stats] = None, pace: float = 0.0):
        self.client = client
        self.enc = client.encoding
        self.text = text
        self.base = text
        self.version = 1
        self.undo: list = []
        self.limit = limit
        self.max_chars = max_chars
        self.pace = pace
        self.stats = stats or Stats()
        self.pending: list = []  # (id, method, params, sent at)
        self.log: list = []  # what was done, for the failure report
        self.uri = client.open(name, text)

    # ------------------------------------------------------------------ model of the text
    def _apply(self, a: int, b: int, new: str, record_undo: bool = True) -> None:
        old = self.text[a:b]
        self.text = self.text[:a] + new + self.text[b:]
        if record_undo:
            self.undo.append((a, a + len(new), old))
            del self.undo[:-500]

    def _change(self, a: int, b: int, new: str, past_end: int = 0) -> dict:
        """The LSP change for replacing [a, b) of the current text (which must be expressible)."""
        starts = line_starts(self.text)
        start = to_position(self.text, a, self.enc, starts)
        end = to_position(self.text, b, self.enc, starts)
        if past_end:
            start = dict(start, character=start["character"] + past_end)
            end = dict(end, character=end["character"] + past_end)
        return {"range": {"start": start, "end": end}, "text": new}

    def _expressible(self, a: int, b: int) -> bool:
        return snap(self.text, a) == a and snap(self.text, b) == b

    # ------------------------------------------------------------------ random edits
    def _offset(self, rnd) -> int:
        return snap(self.text, rnd.randint(0, len(self.text)))

    def _line_bounds(self, rnd) -> tuple:
        starts = line_starts(self.text)
        i = rnd.randrange(len(starts))
        a = starts[i]
        b = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return a, b

    def _random_text(self, rnd) -> str:
        k = rnd.random()
        if k < 0.45:
            return "".join(rnd.choice(CHARS) for _ in range(rnd.randint(1, 6)))
        if k < 0.9:
            return rnd.choice(TOKENS)
        return Path(rnd.choice(BASE_FILES)).read_text(encoding="utf-8")  # paste a whole file

    def random_edit(self, rnd) -> list:
        """One random edit as a list of (a, b, new, past_end) applied in order."""
        n = len(self.text)
        if n > self.max_chars:
            return [(self._offset_at(n // 2), n, "", 0)]
        kind = rnd.choices(
            ["insert", "token", "delete", "replace", "delete_line", "dup_line", "truncate", "paste",
             "undo", "past_end", "multi"],
            weights=[22, 14, 14, 8, 6, 6, 2, 3, 14, 3, 4])[0]
        if kind == "undo" and self.undo:
            return [("undo",)]
        if kind in ("insert", "token", "paste", "undo"):
            a = self._offset(rnd)
            new = (Path(rnd.choice(BASE_FILES)).read_text(encoding="utf-8") if kind == "paste"
                   else rnd.choice(TOKENS) if kind == "token" else self._random_text(rnd))
            return [(a, a, new, 0)]
        if kind in ("delete", "replace"):
            a = self._offset(rnd)
            b = snap(self.text, a + rnd.randint(0, 40))
            return [(a, max(a, b), "" if kind == "delete" else self._random_text(rnd), 0)]
        if kind == "delete_line":
            a, b = self._line_bounds(rnd)
            return [(a, b, "", 0)]
        if kind == "dup_line":
            a, b = self._line_bounds(rnd)
            line = self.text[a:b]
            if not line.endswith(("\n", "\r")):
                line = "\n" + line
                return [(b, b, line, 0)]
            return [(a, a, line, 0)]
        if kind == "truncate":
            a = self._offset(rnd)
            return [(a, n, "", 0)]
        if kind == "past_end":
            a, _ = self._line_bounds(rnd)
            e = line_content_end(self.text, a)
            return [(e, e, self._random_text(rnd), rnd.randint(1, 50))]
        # several changes in one notification, each against the text left by the previous
        return [("multi", rnd.randint(2, 4))]

    def _offset_at(self, i: int) -> int:
        return snap(self.text, i)

    def step(self, rnd, request_rate: float = 0.3) -> None:
        ops = self.random_edit(rnd)
        changes = []
        if ops[0][0] == "multi":
            for _ in range(ops[0][1]):
                a = self._offset(rnd)
                b = snap(self.text, a + rnd.randint(0, 10))
                changes.append(self._edit(a, max(a, b), self._random_text(rnd) if rnd.random() < 0.7 else ""))
            self.log.append(("multi", len(changes)))
        elif ops[0][0] == "undo":
            a, b, old = self.undo.pop()
            if self._expressible(a, b):
                changes.append(self._change(a, b, old))
            else:  # an undo LSP positions cannot express (between \r and \n): send the whole text
                changes.append(None)
            self._apply(a, b, old, record_undo=False)
            if changes[-1] is None:
                changes[-1] = {"text": self.text}
            self.log.append(("undo", a, b, old[:40]))
        else:
            for a, b, new, past_end in ops:
                changes.append(self._edit(a, b, new, past_end))
        if rnd.random() < 0.01:  # now and then a full-document sync
            changes = [{"text": self.text}]
            self.log.append(("full",))
        self.version += 1
        self.client.change(self.uri, self.version, changes)
        self.stats.edits += 1
        self.stats.notifications += 1
        if rnd.random() < request_rate:
            self.random_request(rnd)
        self.collect()
        if self.pace:
            time.sleep(rnd.random() * self.pace)

    def _edit(self, a: int, b: int, new: str, past_end: int = 0) -> dict:
        ch = self._change(a, b, new, past_end)
        self._apply(a, b, new)
        self.log.append(("edit", ch["range"]["start"]["line"], ch["range"]["start"]["character"],
                         ch["range"]["end"]["line"], ch["range"]["end"]["character"], new[:40]))
        return ch

    # ------------------------------------------------------------------ random requests
    def _position(self, rnd) -> dict:
        k = rnd.random()
        starts = line_starts(self.text)
        if k < 0.75:
            return to_position(self.text, self._offset(rnd), self.enc, starts)
        if k < 0.85:  # past the end of a real line
            i = rnd.randrange(len(starts))
            e = line_content_end(self.text, starts[i])
            return {"line": i, "character": units(self.text[starts[i]:e], self.enc) + rnd.randint(1, 10_000)}
        if k < 0.95:  # past the last line
            return {"line": len(starts) + rnd.randint(0, 1000), "character": rnd.randint(0, 100)}
        return {"line": rnd.randint(0, 2**31 - 1), "character": rnd.randint(0, 2**31 - 1)}

    def random_request(self, rnd) -> None:
        doc = {"uri": self.uri}
        kind = rnd.choice(["hover", "hover", "inlay", "action", "lens", "diagnostic" if self.client.pull else "hover"])
        if kind == "hover":
            method, params = "textDocument/hover", {"textDocument": doc, "position": self._position(rnd)}
        elif kind == "inlay":
            a, b = self._position(rnd), self._position(rnd)
            if rnd.random() < 0.5:
                a = {"line": 0, "character": 0}
            method, params = "textDocument/inlayHint", {"textDocument": doc, "range": {"start": a, "end": b}}
        elif kind == "action":
            a, b = self._position(rnd), self._position(rnd)
            if (a["line"], a["character"]) > (b["line"], b["character"]) and rnd.random() < 0.8:
                a, b = b, a
            method, params = "textDocument/codeAction", {"textDocument": doc, "range": {"start": a, "end": b},
                                                         "context": {"diagnostics": []}}
        elif kind == "lens":
            method, params = "textDocument/codeLens", {"textDocument": doc}
        else:
            method, params = "textDocument/diagnostic", {"textDocument": doc}
        rid = self.client.request_async(method, params)
        self.pending.append((rid, method, params, time.perf_counter()))
        self.log.append(("request", method, params.get("position") or params.get("range")))

    def collect(self, final: bool = False) -> None:
        """Check the answers that arrived; fail on any request unanswered past the limit."""
        keep = []
        for rid, method, params, sent in self.pending:
            try:
                t1, msg = self.client.wait_response(rid, max(0.0, sent + self.limit + 5 - time.perf_counter())
                                                    if final else 0.0)
            except RequestTimeout:
                if time.perf_counter() - sent > self.limit + 5:
                    raise FuzzFailure(f"{method} {params} unanswered after {self.limit + 5} s")
                keep.append((rid, method, params, sent))
                continue
            except ServerExited as exc:
                raise FuzzFailure(f"server exited: {exc}\n{self.client.stderr_text()[-3000:]}")
            if "result" not in msg and not (isinstance(msg.get("error"), dict)
                                            and isinstance(msg["error"].get("code"), int)):
                raise FuzzFailure(f"{method}: malformed answer {msg}")
            if "error" in msg:
                self.stats.errors += 1
            self.stats.add_latency(method, t1 - sent, params, self.limit)
        self.pending = keep
        if not self.client.alive():
            raise FuzzFailure(f"server exited (status {self.client.proc.poll()})\n{self.client.stderr_text()[-3000:]}")

    # ------------------------------------------------------------------ the final check
    def final_check(self, fresh_name: str) -> Optional[str]:
        """Diagnostics of the incrementally edited document against a fresh document holding
        the same text; None when equal, else a description of the difference."""
        self.collect(final=True)
        incremental = self.client.diagnostics(self.uri, self.version)
        fresh_uri = self.client.open(fresh_name, self.text)
        try:
            fresh = self.client.diagnostics(fresh_uri, 1)
        finally:
            self.client.close_doc(fresh_uri)
        a = sorted(map(diag_key, incremental))
        b = sorted(map(diag_key, fresh))
        if a == b:
            return None
        return (f"incremental and fresh diagnostics differ\n  incremental only: {sorted(set(a) - set(b))}\n"
                f"  fresh only: {sorted(set(b) - set(a))}")

    def close(self) -> None:
        self.client.close_doc(self.uri)
