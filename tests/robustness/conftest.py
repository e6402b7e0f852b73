"""The real server in a subprocess, driven by the raw client of ``lspclient.py``."""

from __future__ import annotations

import pytest

from .lspclient import Client

# (position encoding, pull diagnostics): VS Code's way and Neovim's way
CLIENT_KINDS = {"utf16-push": ("utf-16", False), "utf8-pull": ("utf-8", True)}


@pytest.fixture(scope="module", params=sorted(CLIENT_KINDS))
def server(request, tmp_path_factory):
    enc, pull = CLIENT_KINDS[request.param]
    client = Client(encoding=enc, pull=pull, root=tmp_path_factory.mktemp("ws"))
    client.initialize()
    yield client
    alive = client.alive()
    status = client.shutdown()
    assert alive, f"the server exited during the tests:\n{client.stderr_text()[-3000:]}"
    assert status == 0, f"the server ended with status {status}"


def new_tracebacks(client: Client, seen: int) -> tuple:
    """(text of the server's stderr after offset ``seen`` if it holds a traceback else '', new offset)."""
    text = client.stderr_text()
    new = text[seen:]
    return (new if "Traceback" in new else ""), len(text)
