"""Neovim 0.7 (Debian's, headless) as the LSP client of ``shapelens lsp``: hover and diagnostics
on the same files as the VS Code test, and a quick fix applied with Neovim's own edit code, with
UTF-8 position encoding offered and checked on a line with non-ASCII text before the layer."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess

import pytest

from .conftest import EXTENSION, FIXTURES, OUTPUT, byte_col, find_line, server_command, server_env, unavailable

PROBE = FIXTURES.parent / "nvim_probe.lua"
TIMEOUT_S = 120  # the whole Neovim run; each LSP wait inside is 30 s at most
ERROR = 1


def run_probe(nvim: str, tmp_path, fixture: str, hovers=(), fix: str = "", command=None, env=None) -> dict:
    """Runs the Lua client on a copy of ``fixture``; returns its JSON events grouped by kind."""
    src = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, src)
    env = dict(env or server_env())
    env.update(SL_CMD=json.dumps(command or server_command()), SL_FILE=str(src),
               SL_HOVERS=json.dumps(list(hovers)), SL_FIX=fix, SL_TIMEOUT_MS="30000",
               XDG_CACHE_HOME=str(tmp_path / "cache"))  # Neovim's lsp.log (server stderr) goes here
    proc = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {PROBE}"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT_S)
    log = OUTPUT / "nvim" / f"{fixture}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    lsp_log = tmp_path / "cache" / "nvim" / "lsp.log"
    lsp_text = lsp_log.read_text(errors="replace")[-4000:] if lsp_log.exists() else ""
    log.write_text(f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}\n--- lsp.log\n{lsp_text}")
    events: dict = {}
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            ev = json.loads(line)
            events.setdefault(ev["event"], []).append(ev)
    assert "error" not in events, f"Neovim probe failed: {events['error']} (log: {log})"
    assert proc.returncode == 0 and "done" in events, f"Neovim exited {proc.returncode} (log: {log})"
    return events


def errors(diag_event: dict) -> list:
    return [d for d in diag_event["items"] if d["severity"] == ERROR]


def test_nvim_example2_hover_and_diagnostics(nvim, tmp_path):
    text = (FIXTURES / "example2.py").read_text()
    second = find_line(text, "LSTM(32")
    first = find_line(text, "LSTM(64")
    dense = find_line(text, "Dense(1)")
    hovers = [[second, byte_col(text.splitlines()[second], "LSTM")],
              [first, byte_col(text.splitlines()[first], "LSTM")],
              [dense, byte_col(text.splitlines()[dense], "Dense")]]
    ev = run_probe(nvim, tmp_path, "example2.py", hovers)

    init = ev["initialized"][0]
    assert init["nvim"].startswith("0."), init
    assert init["encoding"] == "utf-8", f"server did not take the UTF-8 encoding Neovim offered: {init}"
    assert init["hoverProvider"], init

    h_second, h_first, h_dense = ev["hover"]
    assert h_second["text"] and "(None, 32)" in h_second["text"], h_second
    assert "12,416" in h_second["text"], h_second
    assert h_first["text"] and "(None, 10, 64)" in h_first["text"], h_first
    assert h_dense["text"] and "(None, 1)" in h_dense["text"], h_dense

    diags = ev["diagnostics"][0]
    assert errors(diags) == [], f"Example 2 is valid Keras, yet: {diags['items']}"


def test_nvim_broken_stacked_lstm_diagnostic_and_fix(nvim, tmp_path):
    text = (FIXTURES / "broken_stacked_lstm.py").read_text()
    ev = run_probe(nvim, tmp_path, "broken_stacked_lstm.py", fix="return_sequences")

    diags = ev["diagnostics"][0]
    errs = errors(diags)
    assert errs, f"no error on the broken stacked LSTM: {diags['items']}"
    err = errs[0]
    assert err["code"] == "SL102", err
    second = find_line(text, "LSTM(32)")
    assert err["range"]["start"]["line"] == second, (err, second)
    assert err["source"] == "shapelens", err
    # Neovim placed it where the server said (bytes == UTF-8 columns)
    placed = [p for p in diags["placed"] if p["severity"] == ERROR][0]
    assert (placed["lnum"], placed["col"]) == (err["range"]["start"]["line"], err["range"]["start"]["character"])

    assert any("return_sequences" in t for t in ev["code_actions"][0]["titles"]), ev["code_actions"]
    applied = ev["applied"][0]["text"]
    assert "keras.layers.LSTM(64, return_sequences=True)" in applied, applied
    after = ev["diagnostics"][1]
    assert errors(after) == [], f"the fix left errors: {after['items']}"


def test_nvim_utf8_positions_after_non_ascii(nvim, tmp_path):
    """A layer name with é and an emoji before the layer on the same line: in UTF-8 the columns
    are bytes, in UTF-16 they would be 3 units fewer; both hover and diagnostic must land right."""
    text = (FIXTURES / "unicode_layers.py").read_text()
    lines = text.splitlines()
    ok_line, bad_line = find_line(text, "écho"), find_line(text, "ünï")
    hovers = [[ok_line, byte_col(lines[ok_line], "LSTM", nth=1)]]
    ev = run_probe(nvim, tmp_path, "unicode_layers.py", hovers)
    assert ev["initialized"][0]["encoding"] == "utf-8", ev["initialized"]

    hover = ev["hover"][0]
    assert hover["position"]["character"] == hovers[0][1], hover
    assert hover["text"] and "(None, 32)" in hover["text"], hover

    errs = errors(ev["diagnostics"][0])
    assert len(errs) == 1 and errs[0]["code"] == "SL102", ev["diagnostics"][0]["items"]
    rng = errs[0]["range"]
    assert rng["start"]["line"] == bad_line, rng
    raw = lines[bad_line].encode("utf-8")
    flagged = raw[rng["start"]["character"]:rng["end"]["character"]].decode("utf-8", errors="replace")
    assert flagged.startswith(("keras.layers.LSTM(32)", "LSTM(32)", "LSTM")), (
        f"the diagnostic covers {flagged!r}: columns are not UTF-8 bytes")


def find_python(version: str):
    """A working ``python3.X``: pyenv's build or one on PATH (a pyenv shim for a version that is
    not selected exits 127, so each candidate is tried)."""
    candidates = sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")))
    candidates += [p for p in [shutil.which(f"python{version}")] if p]
    for exe in candidates:
        if subprocess.run([exe, "-S", "-c", "pass"], capture_output=True, timeout=30).returncode == 0:
            return exe
    return None


@pytest.mark.parametrize("version", ["3.10", "3.11", "3.12", "3.13"])
def test_nvim_bundled_server_on_each_python(nvim, vsix, tmp_path, version):
    """The server as the VSIX carries it (bundled/libs, one libcst build per CPython) runs on
    every Python it claims, with nothing from that interpreter's site-packages (-S), and reads
    the project's pyproject.toml there (Python 3.10 has no tomllib: the VSIX carries tomli)."""
    python = find_python(version)
    if not python:
        unavailable(f"Python {version}", f"install python{version} (or a pyenv {version}.x build)")
    libs = EXTENSION / "bundled" / "libs"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PYTHONPATH=str(libs), PYTHONDONTWRITEBYTECODE="1")
    text = (FIXTURES / "example2.py").read_text()
    second = find_line(text, "LSTM(32")
    hovers = [[second, byte_col(text.splitlines()[second], "LSTM")]]
    (tmp_path / "pyproject.toml").write_text('[tool.shapelens.severity]\nSL401 = "error"\n')
    ev = run_probe(nvim, tmp_path, "example2.py", hovers, command=[python, "-S", "-m", "shapelens", "lsp"], env=env)
    assert ev["initialized"][0]["encoding"] == "utf-8", ev["initialized"]
    assert ev["hover"][0]["text"] and "(None, 32)" in ev["hover"][0]["text"], ev["hover"]
    # input_shape= is a hint (SL401) unless the project says otherwise, as this one does
    assert [d["code"] for d in errors(ev["diagnostics"][0])] == ["SL401"], ev["diagnostics"][0]["items"]
