"""shapelens never executes what it reads.

Canary files: top-level code, imports (of a local module that would run on import),
decorators, default arguments, class bodies, metaclasses, ``Lambda`` layers, callbacks,
``exec``/``eval``/``__import__`` calls, f-strings, ``if __name__ == "__main__"`` ... each would
create a marker file or connect to a socket on 127.0.0.1 if it ran.  After the CLI
(``check`` in every format, ``summary``) and the language server (open, edit, hover, hints,
actions, lenses, the summary command) have analysed them, no marker exists and the socket saw
no connection.  A static test checks that ``server/shapelens`` has no ``eval``/``exec``/
``compile``/``__import__`` call and imports no ``importlib``/``runpy``/``subprocess``/``pickle``.
"""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .lspclient import ROOT, Client, RequestTimeout, line_starts, server_env, to_position


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self.stop = True
        self.thread.join(2)
        self.sock.close()


def canaries(marker_dir: Path, port: int) -> dict:
    """File name → source.  Every ``touch(name)`` would create ``marker_dir/name``."""
    touch = (f"def touch(name):\n    open({str(marker_dir)!r} + '/' + name, 'w').close()\n\n"
             f"def call_home():\n    import socket\n    socket.create_connection(('127.0.0.1', {port}), timeout=1)\n\n")
    keras_model = ("model = keras.Sequential([keras.Input((10, 3)), keras.layers.LSTM(8), "
                   "keras.layers.Dense(1)])\n")
    return {
        "evil_module.py": touch + "touch('imported_module')\ncall_home()\n",
        "canary_top_level.py": touch + "import keras\ntouch('top_level')\ncall_home()\n" + keras_model,
        "canary_import.py": "import keras\nimport evil_module\nfrom evil_module import touch as t\n" + keras_model,
        "canary_decorator.py": touch + (
            "import keras\n\ndef deco(fn):\n    touch('decorator')\n    return fn\n\n"
            "@deco\ndef build(units=8):\n    return keras.Sequential([keras.Input((10, 3)), keras.layers.LSTM(units)])\n\n"
            "model = build()\n"),
        "canary_default_argument.py": touch + (
            "import keras\n\ndef build(units=touch('default_argument') or 8, port=call_home()):\n"
            "    return keras.Sequential([keras.Input((10, 3)), keras.layers.LSTM(units)])\n\nmodel = build()\n"),
        "canary_class_body.py": touch + (
            "import keras\n\nclass Meta(type):\n    def __new__(mcs, *a):\n        touch('metaclass')\n"
            "        return super().__new__(mcs, *a)\n\n"
            "class Block(keras.layers.Layer, metaclass=Meta):\n    touch('class_body')\n"
            "    def __init_subclass__(cls):\n        touch('init_subclass')\n"
            "    def call(self, x):\n        touch('layer_call')\n        return x\n\n"
            "class Sub(Block):\n    pass\n\n"
            "model = keras.Sequential([keras.Input((10, 3)), Block(), keras.layers.LSTM(4)])\n"),
        "canary_lambda_layer.py": touch + (
            "import keras\nx = keras.Input((10, 3))\n"
            "y = keras.layers.Lambda(lambda t: touch('lambda_layer') or t)(x)\n"
            "y = keras.layers.LSTM(4)(y)\nmodel = keras.Model(x, y)\n"
            "model.fit(__import__('numpy').zeros((2, 10, 3)), __import__('numpy').zeros((2, 4)),\n"
            "          callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=lambda *a: touch('callback'))])\n"),
        "canary_builtins.py": touch + (
            "import keras\nexec(\"touch('exec')\")\neval(\"touch('eval')\")\n"
            "__import__('evil_module')\n"
            "import importlib\nimportlib.import_module('evil_module')\n"
            "compile(\"touch('compile')\", 'x', 'exec')\n"
            "units = int(eval('8 if touch(\"eval_in_shape\") else 8'))\n"
            "model = keras.Sequential([keras.Input((10, 3)), keras.layers.LSTM(units)])\n"),
        "canary_fstring_and_main.py": touch + (
            "import keras\nname = f\"{touch('fstring')}\"\n"
            "units = [touch('comprehension') for _ in range(2)]\n"
            "if __name__ == '__main__':\n    touch('main')\n    call_home()\n" + keras_model
            + "with open(__file__) as fh:\n    touch('with')\n"
            "try:\n    touch('try')\nfinally:\n    touch('finally')\n"
            "assert touch('assert') is None\n"
            "del model\n"),
        "canary_shape_from_call.py": touch + (
            "import keras\nimport numpy as np\n\ndef steps():\n    touch('function_for_shape')\n    return 10\n\n"
            "model = keras.Sequential([keras.Input((steps(), 3)), keras.layers.LSTM(4)])\n"
            "X = np.zeros((steps(), 10, 3))\nmodel.predict(X)\n"),
        "sitecustomize.py": touch + "touch('sitecustomize')\n",
        "usercustomize.py": touch + "touch('usercustomize')\n",
        "__init__.py": touch + "touch('package_init')\n",
        "conftest.py": touch + "touch('conftest')\n",
        "keras.py": touch + "touch('shadowing_keras')\n",  # a local file named like the library
        "numpy.py": touch + "touch('shadowing_numpy')\n",
        # files named like shapelens' own dependencies: the VS Code extension starts
        # ``python -m shapelens lsp`` in the workspace folder, and ``-m`` puts the current
        # folder first on sys.path
        **{f"{dep}.py": touch + f"touch('shadowing_{dep}')\n"
           for dep in ("libcst", "pygls", "lsprotocol", "attr", "cattrs", "typing_extensions")},
    }


@pytest.fixture
def canary_project(tmp_path):
    listener = Listener()
    markers = tmp_path / "markers"
    markers.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    sources = canaries(markers, listener.port)
    for name, text in sources.items():
        (project / name).write_text(text)
        # the canaries must really be canaries: Python accepts them
        compile(text, name, "exec")
    (project / "pyproject.toml").write_text("[tool.shapelens]\ndisable = []\n")
    yield project, markers, listener, sources
    listener.close()


def assert_nothing_ran(markers: Path, listener: Listener, who: str) -> None:
    made = sorted(p.name for p in markers.iterdir())
    assert not made, f"{who} executed analysed code: markers {made}"
    assert listener.connections == 0, f"{who} executed analysed code: {listener.connections} connection(s)"


def test_the_canaries_work(canary_project):
    """Sanity check: running a canary does leave a marker (so their absence means something)."""
    project, markers, listener, _ = canary_project
    subprocess.run([sys.executable, "-c", "import evil_module"], cwd=project, timeout=30,
                   env={"PATH": "/usr/bin:/bin"}, capture_output=True)
    assert (markers / "imported_module").exists()
    assert listener.connections >= 1
    (markers / "imported_module").unlink()
    listener.connections = 0


def test_cli_never_executes_analysed_code(canary_project):
    project, markers, listener, sources = canary_project
    shapelens_script = Path(sys.executable).parent / "shapelens"
    launchers = [[sys.executable, "-m", "shapelens"]] + ([[str(shapelens_script)]] if shapelens_script.exists() else [])
    for launcher in launchers:
        for fmt in ("text", "json", "sarif"):
            extra = ["--shapes"] if fmt == "text" else []
            r = subprocess.run([*launcher, "check", "--format", fmt, *extra, str(project)],
                               capture_output=True, text=True, timeout=120, env=server_env(), cwd=project)
            assert r.returncode in (0, 1), r.stderr[-3000:]
    for name in sources:
        r = subprocess.run([sys.executable, "-m", "shapelens", "summary", name], capture_output=True, text=True,
                           timeout=60, env=server_env(), cwd=project)
        assert r.returncode in (0, 1), r.stderr[-3000:]
    assert_nothing_ran(markers, listener, "shapelens check/summary")


def test_server_never_executes_analysed_code(canary_project):
    project, markers, listener, sources = canary_project
    client = Client(root=project)  # started in the project folder, as the VS Code extension does
    failure = None
    try:
        client.initialize()
        for name, text in sources.items():
            uri = client.open(name, text)
            try:
                client.diagnostics(uri, 1, timeout=30)
            except RequestTimeout:
                pass  # an engine failure (reported by other tests); here only execution matters
            starts = line_starts(text)
            for line in range(len(starts)):
                pos = {"line": line, "character": 8}
                for method, params in [
                    ("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos}),
                    ("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos},
                                                 "context": {"diagnostics": []}}),
                ]:
                    _, msg = client.request(method, params, timeout=10)
                    assert "result" in msg
            for method, params in [
                ("textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": {
                    "start": {"line": 0, "character": 0}, "end": to_position(text, len(text), "utf-16")}}),
                ("textDocument/codeLens", {"textDocument": {"uri": uri}}),
                ("workspace/executeCommand", {"command": "shapelens.showSummary", "arguments": [uri]}),
            ]:
                _, msg = client.request(method, params, timeout=10)
                assert "result" in msg
            # an edit, then the document is saved and closed
            client.change(uri, 2, [{"text": text + "\ntouch('after_edit')\n"}])
            client.diagnostics(uri, 2, timeout=30)
            client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            client.close_doc(uri)
        # the summary command on a file that is not open reads it from disk
        _, msg = client.request("workspace/executeCommand", {"command": "shapelens.showSummary",
                                                             "arguments": [(project / "canary_top_level.py").as_uri()]},
                                timeout=10)
        assert "result" in msg
        assert client.alive()
    except Exception as exc:  # noqa: BLE001 - the markers are checked first
        failure = exc
    finally:
        client.shutdown()
    assert_nothing_ran(markers, listener, "the language server")
    if failure is not None:
        raise failure


# ------------------------------------------------------------------ static: no dynamic execution

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "runfile"}
FORBIDDEN_MODULES = {"importlib", "runpy", "subprocess", "pickle", "marshal", "ctypes", "code", "pty", "multiprocessing"}
FORBIDDEN_ATTRS = {("os", "system"), ("os", "popen"), ("os", "execv"), ("os", "execve"), ("os", "spawnv"),
                   ("os", "fork"), ("builtins", "eval"), ("builtins", "exec")}


# lsp/startup.py caches the code objects of libcst's own generated dataclass source (marshal,
# and an exec/compile wrapper during the server's imports); lsp/memory.py calls glibc's mallopt
# and malloc_trim through ctypes; cli/parallel.py starts the worker processes of
# ``check --jobs N``, which run shapelens' own check_one on file paths (as the
# concurrent.futures pool it replaced did).  None of them ever runs analysed source.
ALLOWED = {"lsp/startup.py": {"import marshal", "builtins.exec", "builtins.compile"},
           "lsp/memory.py": {"import ctypes"},
           "cli/parallel.py": {"import multiprocessing", "from multiprocessing.connection import ..."}}


def test_product_code_has_no_dynamic_execution():
    problems = []
    for path in sorted((ROOT / "server" / "shapelens").rglob("*.py")):
        allowed = ALLOWED.get(path.relative_to(ROOT / "server" / "shapelens").as_posix(), set())
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            before = len(problems)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                problems.append(f"{where}: {node.func.id}(...)")
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and (node.value.id, node.attr) in FORBIDDEN_ATTRS:
                problems.append(f"{where}: {node.value.id}.{node.attr}")
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] in FORBIDDEN_MODULES:
                        problems.append(f"{where}: import {a.name}")
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in FORBIDDEN_MODULES:
                problems.append(f"{where}: from {node.module} import ...")
            if len(problems) > before and problems[-1].split(": ", 1)[1] in allowed:
                problems.pop()
    assert not problems, "dynamic execution in the product:\n" + "\n".join(problems)
