#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite.
#   - .venv/ at the repo root with shapelens (editable) and the test extras
#     (pytest, pytest-lsp, hypothesis, and TensorFlow/Keras as the test-time oracle)
#   - the VS Code extension's Node packages, its VSIX for this machine and the five platform VSIXs
#     (npm workspaces; the five take about 1 min, 2 the first time, when pip fetches libcst's wheels)
#   - real editors for the end-to-end tests (Debian's neovim and chromium, code-server from npm)
# Only package registries are used. Extra pytest arguments are passed through.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-python3}
log() { echo "[test] $*"; }

if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  "$PY" -m venv .venv
fi
log "pip install -e .[test]"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"

log "npm ci + VSIX"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund >/dev/null; else npm install --no-audit --no-fund >/dev/null; fi
npm run --silent package >/dev/null
npm run --silent package:all --workspace vscode-extension >/dev/null

log "editors"
bash scripts/install-editors.sh

log "lint-imports (the package's layers, pyproject.toml [tool.importlinter])"
.venv/bin/lint-imports

log "pytest"
exec .venv/bin/python -m pytest "$@"
