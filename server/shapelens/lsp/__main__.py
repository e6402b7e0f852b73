"""``python -m shapelens.lsp``: the language server on stdio (see app.main_lsp)."""

import sys

from .app import main_lsp

raise SystemExit(main_lsp(sys.argv[1:]))
