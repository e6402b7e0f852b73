"""A small, synchronous JSON-RPC client for the real shapelens server over stdio.

No pygls on this side: what is sent is exactly what is written here, so the tests can also
send bytes no well-behaved client would (broken headers, invalid JSON, unknown methods).
A reader thread parses the server's messages; requests from the server (refreshes,
registrations) are answered with ``null``; ``publishDiagnostics`` and ``window/logMessage``
are recorded.  Shared by ``tests/robustness`` and ``scripts/soak_lsp.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[2]
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class ServerExited(Exception):
    pass


class RequestTimeout(Exception):
    pass


def server_command() -> list:
    return [sys.executable, "-m", "shapelens", "lsp"]


def server_env(extra: Optional[dict] = None) -> dict:
    env = dict(os.environ)
    # importable from a checkout even when the package is not installed
    # (no empty entry: an empty PYTHONPATH element means the current directory)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(ROOT / "server"), env.get("PYTHONPATH", "")] if p)
    env.setdefault("SHAPELENS_STRICT", "1")
    env.update(extra or {})
    return env


def capabilities(encoding: str = "utf-16", pull: bool = False) -> dict:
    caps: dict = {
        "general": {"positionEncodings": [encoding]},
        "workspace": {
            "configuration": True,
            "workspaceFolders": True,
            "inlayHint": {"refreshSupport": True},
            "codeLens": {"refreshSupport": True},
            "workspaceEdit": {"documentChanges": True},
            "didChangeWatchedFiles": {"dynamicRegistration": True},
        },
        "textDocument": {
            "synchronization": {"didSave": True, "dynamicRegistration": False},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "inlayHint": {"dynamicRegistration": False},
            "codeAction": {"isPreferredSupport": True, "codeActionLiteralSupport": {
                "codeActionKind": {"valueSet": ["quickfix", "refactor", "refactor.rewrite"]}}},
            "codeLens": {},
            "publishDiagnostics": {"relatedInformation": True, "versionSupport": True,
                                   "codeDescriptionSupport": True},
        },
    }
    if pull:
        caps["textDocument"]["diagnostic"] = {"dynamicRegistration": False, "relatedDocumentSupport": False}
        caps["workspace"]["diagnostics"] = {"refreshSupport": True}
    return caps


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


class Client:
    """One server process and its conversation."""

    def __init__(self, encoding: str = "utf-16", pull: bool = False, root: Optional[Path] = None,
                 env: Optional[dict] = None, command: Optional[list] = None, nice: bool = False):
        self.encoding = encoding
        self.pull = pull
        self.root = Path(root or tempfile.mkdtemp(prefix="shapelens-rob-"))
        self.stderr_path = self.root / "server-stderr.log"
        self._stderr = open(self.stderr_path, "wb")
        cmd = list(command or server_command())
        if nice:
            cmd = ["nice", "-n", "10", *cmd]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                     env=server_env(env), cwd=str(self.root))
        self._lock = threading.Lock()
        self._cond = threading.Condition()
        self._next_id = 0
        self.responses: dict = {}
        self.published: dict = {}  # uri -> list of (version, diagnostics)
        self.log_messages: list = []
        self.server_requests: list = []
        self.closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ---------------------------------------------------------------- wire
    def _read(self) -> None:
        out = self.proc.stdout
        try:
            while True:
                headers = {}
                while True:
                    line = out.readline()
                    if not line:
                        raise EOFError
                    line = line.strip()
                    if not line:
                        break
                    k, _, v = line.decode("ascii", "replace").partition(":")
                    headers[k.strip().lower()] = v.strip()
                n = int(headers["content-length"])
                body = out.read(n)
                msg = json.loads(body)
                self._dispatch(msg)
        except (EOFError, ValueError, OSError, KeyError):
            pass
        finally:
            with self._cond:
                self.closed = True
                self._cond.notify_all()

    def _dispatch(self, msg: dict) -> None:
        if "id" in msg and "method" not in msg:
            with self._cond:
                self.responses[msg["id"]] = (time.perf_counter(), msg)
                self._cond.notify_all()
        elif "id" in msg:  # a request from the server: accept it
            self.server_requests.append(msg.get("method"))
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
        elif msg.get("method") == "textDocument/publishDiagnostics":
            p = msg["params"]
            with self._cond:
                self.published.setdefault(p["uri"], []).append((p.get("version"), p["diagnostics"]))
                self._cond.notify_all()
        elif msg.get("method") == "window/logMessage":
            self.log_messages.append(msg["params"])

    def send_bytes(self, data: bytes) -> None:
        with self._lock:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def send(self, msg: dict) -> None:
        body = json.dumps(msg).encode("utf-8")
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    # ---------------------------------------------------------------- JSON-RPC
    def request_async(self, method: str, params: Any = None) -> int:
        with self._cond:
            self._next_id += 1
            rid = self._next_id
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return rid

    def wait_response(self, rid, timeout: float) -> tuple:
        """(time the answer arrived, by ``time.perf_counter``; the response message)."""
        t0 = time.perf_counter()
        deadline = t0 + timeout
        with self._cond:
            while rid not in self.responses:
                if self.closed:
                    raise ServerExited(f"the server exited (status {self.proc.poll()}) before answering request {rid}")
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise RequestTimeout(f"no answer to request {rid} within {timeout} s")
                self._cond.wait(left)
            t1, msg = self.responses.pop(rid)
        return t1, msg

    def request(self, method: str, params: Any = None, timeout: float = 10.0) -> tuple:
        """(latency in s, response message) — the message has ``result`` or ``error``."""
        t0 = time.perf_counter()
        rid = self.request_async(method, params)
        t1, msg = self.wait_response(rid, timeout)
        return t1 - t0, msg

    def notify(self, method: str, params: Any = None) -> None:
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    # ---------------------------------------------------------------- LSP
    def initialize(self, settings: Optional[dict] = None, timeout: float = 60.0) -> dict:
        _, msg = self.request("initialize", {
            "processId": os.getpid(), "rootUri": self.root.as_uri(),
            "workspaceFolders": [{"uri": self.root.as_uri(), "name": "ws"}],
            "capabilities": capabilities(self.encoding, self.pull),
            "initializationOptions": {"settings": settings or {}}}, timeout=timeout)
        assert "result" in msg, msg
        self.notify("initialized", {})
        return msg["result"]

    def open(self, name: str, text: str, version: int = 1, write: bool = False) -> str:
        path = self.root / name
        if write:
            path.write_text(text, encoding="utf-8", newline="")
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": version, "text": text}})
        return uri

    def close_doc(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        with self._cond:
            self.published.pop(uri, None)

    def change(self, uri: str, version: int, changes: list) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": changes})

    def diagnostics(self, uri: str, version: int, timeout: float = 30.0, settle: float = 0.3) -> list:
        """The diagnostics of ``version`` of the document: pulled, or the last published for
        that version (after ``settle`` s without a newer publication)."""
        if self.pull:
            _, msg = self.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout=timeout)
            assert "result" in msg, msg
            return msg["result"].get("items", [])
        deadline = time.perf_counter() + timeout
        with self._cond:
            while True:
                pubs = [d for v, d in self.published.get(uri, []) if v == version]
                if pubs:
                    n = len(self.published[uri])
                    self._cond.wait(settle)
                    if len(self.published.get(uri, [])) == n:
                        if self.analysis_complete(uri, version) is False and time.perf_counter() < deadline:
                            # a big file's first results cover its top; the rest follows
                            self._cond.wait(min(settle, max(0.0, deadline - time.perf_counter())))
                            continue
                        return pubs[-1]
                    continue
                if self.closed:
                    raise ServerExited(f"the server exited (status {self.proc.poll()})")
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise RequestTimeout(f"no diagnostics for {uri} version {version} within {timeout} s")
                self._cond.wait(min(left, 0.5))

    def analysis_complete(self, uri: str, version: int):
        """Whether the server's last analysis of ``version`` went to the end of the file (its
        ``shapelens/stats`` request); None when it cannot tell.  Called with ``_cond`` held:
        the wait for the answer releases it."""
        rid = self.request_async("shapelens/stats", None)
        deadline = time.perf_counter() + 10.0
        while rid not in self.responses:
            left = deadline - time.perf_counter()
            if left <= 0 or self.closed:
                return None
            self._cond.wait(min(left, 0.5))
        _, msg = self.responses.pop(rid)
        runs = [t for t in (msg.get("result") or {}).get(uri, {}).get("timings", []) if t[0] == version]
        return (not runs[-1][3]) if runs else None

    def alive(self) -> bool:
        return self.proc.poll() is None and not self.closed

    def rss(self) -> float:
        return rss_mb(self.proc.pid)

    def stderr_text(self) -> str:
        if not self._stderr.closed:
            self._stderr.flush()
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def shutdown(self, timeout: float = 10.0) -> Optional[int]:
        try:
            if self.alive():
                self.request("shutdown", None, timeout=timeout)
                self.notify("exit")
            return self.proc.wait(timeout)
        except Exception:
            self.proc.kill()
            return self.proc.wait(5)
        finally:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            self._stderr.close()


# -------------------------------------------------------------------- positions


def line_starts(text: str) -> list:
    """Code point offsets where each LSP line starts (breaks: \\r\\n, \\r, \\n)."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def units(s: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(s.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(s)
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def to_position(text: str, offset: int, encoding: str, starts: Optional[list] = None) -> dict:
    starts = starts if starts is not None else line_starts(text)
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # last line start <= offset
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return {"line": lo, "character": units(text[starts[lo]:offset], encoding)}


def line_content_end(text: str, line_start: int) -> int:
    """Offset of the end of the line's content (before its line break)."""
    m = _LINE_BREAK.search(text, line_start)
    return m.start() if m else len(text)


def snap(text: str, offset: int) -> int:
    """An offset an LSP position can express: not between \\r and \\n."""
    offset = max(0, min(offset, len(text)))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1
    return offset


def diag_key(d: dict) -> tuple:
    r = d["range"]
    return (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"],
            d.get("severity"), d.get("code"), d.get("message"))
