"""The language server: a thin pygls 2 adapter over the engine (``shapelens.analysis``).

| module | what |
|---|---|
| ``app`` | the server instance, start-up (``main_lsp``) and the warm-up analysis |
| ``features`` | every LSP handler, registered on the server by ``register`` (nothing else does LSP) |
| ``server`` | ``ShapelensServer``: client capabilities, settings and pyproject.toml, documents |
| ``scheduling`` | analysis off the event loop: one run at a time per document, budgets, bursts, publishing only the whole truth, requests that wait for the analysis of their line |
| ``convert`` | engine results to LSP values in the client's position encoding |
| ``documents`` | documents with LSP's line breaks, snapshots of finished analyses |
| ``protocol`` | JSON-RPC: every request answered, a forgiving header reader, stdin read by the event loop |
| ``memory`` | garbage collection when idle, C heap returned to the system |
| ``startup`` | the compile cache of generated code for a fast cold start |
| ``render`` | hover markdown, inlay hint labels, lens titles (no LSP types) |

It never imports tensorflow or keras.  Run it with ``shapelens lsp`` or ``python -m shapelens.lsp``.
"""

import sys

# asyncio imports ssl for TLS connections, which a language server on stdio or a local socket
# never makes: 7-12 ms of a cold start (OpenSSL's bindings).  asyncio is imported as on a Python
# built without ssl; afterwards ``import ssl`` works as usual for anyone who needs it.
_NO_SSL = "ssl" not in sys.modules
if _NO_SSL:
    sys.modules["ssl"] = None  # type: ignore[assignment]  (an import of it raises ImportError)
try:
    import asyncio  # noqa: F401  (imported here, without ssl)
finally:
    if _NO_SSL and sys.modules.get("ssl", 0) is None:
        del sys.modules["ssl"]
