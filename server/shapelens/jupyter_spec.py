"""How JupyterLab finds the shapelens language server: the ``jupyter_lsp_spec_v1`` entry point
(pyproject.toml) names :func:`spec`, which jupyter-lsp calls when shapelens is installed in the
Jupyter environment.  jupyterlab-lsp then sends each notebook as one Python document (code
cells joined, IPython magics rewritten as ``get_ipython()`` calls), which the server analyses as
Python (it decides by ``languageId``, never by the ``.ipynb`` in the URI).  Nothing here imports
the server: Jupyter's process only reads this dict."""

from __future__ import annotations

import sys


def spec(manager=None) -> dict:
    return {
        "shapelens": {
            "version": 2,
            "argv": [sys.executable, "-m", "shapelens.lsp"],
            "languages": ["python"],
            "mime_types": ["text/python", "text/x-ipython"],
            "display_name": "shapelens (Keras shapes)",
            "requires_documents_on_disk": False,
        }
    }
