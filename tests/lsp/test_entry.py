"""How the server is started: --tcp for debugging, and never a TensorFlow/Keras import."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time


from .conftest import src

SCRIPT = src("""
    import keras
    m = keras.Sequential([keras.Input(shape=(10, 3)), keras.layers.LSTM(4), keras.layers.Dense(1)])
""")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _send(sock: socket.socket, msg: dict) -> None:
    body = json.dumps(msg).encode()
    sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)


def _receive(sock: socket.socket, buf: bytearray) -> dict:
    while True:
        head_end = buf.find(b"\r\n\r\n")
        if head_end >= 0:
            n = int(re.search(rb"Content-Length: (\d+)", bytes(buf[:head_end])).group(1))
            if len(buf) >= head_end + 4 + n:
                body = bytes(buf[head_end + 4:head_end + 4 + n])
                del buf[:head_end + 4 + n]
                return json.loads(body)
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        buf.extend(chunk)


def test_tcp_mode(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "shapelens.lsp", "--tcp", f"127.0.0.1:{port}"],
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.05)
        buf = bytearray()
        _send(sock, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}})
        caps = _receive(sock, buf)["result"]["capabilities"]
        assert caps["positionEncoding"] == "utf-16"
        assert caps["executeCommandProvider"]["commands"] == ["shapelens.showSummary"]
        assert caps["textDocumentSync"]["change"] == 2  # incremental
        for key in ("hoverProvider", "inlayHintProvider", "codeActionProvider", "codeLensProvider",
                    "diagnosticProvider"):
            assert caps.get(key), key
        _send(sock, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        uri = (tmp_path / "m.py").as_uri()
        _send(sock, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": SCRIPT}}})
        _send(sock, {"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand",
                     "params": {"command": "shapelens.showSummary", "arguments": [uri]}})
        while True:
            msg = _receive(sock, buf)
            if msg.get("id") == 2:
                break
        assert "lstm" in msg["result"] and "(None, 1)" in msg["result"]
        _send(sock, {"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": None})
        sock.close()
    finally:
        proc.kill()
        proc.wait()


def test_never_imports_tensorflow_or_keras():
    code = (
        "import sys, asyncio\n"
        "import shapelens.lsp.app\n"
        "from shapelens import analyze\n"
        f"analyze({SCRIPT!r})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'tf_keras'))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
