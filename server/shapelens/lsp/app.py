"""The language server process: the server instance with every feature registered, and the
entry point (``shapelens lsp``, ``python -m shapelens.lsp``).  The imports of pygls, lsprotocol
and the server's modules run inside the compile cache (startup.py)."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from typing import Any, Optional

from .memory import steady_malloc  # noqa: F401  (loaded before the server's imports)
from .startup import compile_cache, open_compile_cache, prewarm_converter

with compile_cache("imports"):  # lsprotocol's ~580 attrs classes, our dataclasses: see startup.py
    from . import features
    from .server import ShapelensServer

server = ShapelensServer()
features.register(server)


def main_lsp(argv: Any = None) -> int:
    """``shapelens lsp [--stdio | --tcp HOST:PORT] [--log-level LEVEL] [--log-file PATH]``.

    ``argv`` is a list of arguments, or the ``argparse.Namespace`` of the ``shapelens lsp``
    subcommand (its ``tcp``, ``log_level``, ``log_file`` attributes, when present)."""
    if isinstance(argv, argparse.Namespace):
        ns, argv = argv, []
        for attr, flag in (("tcp", "--tcp"), ("log_level", "--log-level"), ("log_file", "--log-file")):
            if getattr(ns, attr, None):
                argv += [flag, str(getattr(ns, attr))]
    parser = argparse.ArgumentParser(prog="shapelens lsp", description="Run the shapelens language server.")
    parser.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead (debugging)")
    parser.add_argument("--log-level", default=os.environ.get("SHAPELENS_LOG", "WARNING"))
    parser.add_argument("--log-file", default=None)
    args = parser.parse_args(argv)

    handler: logging.Handler = (logging.FileHandler(args.log_file) if args.log_file
                                else logging.StreamHandler(sys.stderr))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(getattr(logging, str(args.log_level).upper(), logging.WARNING))

    cache = open_compile_cache("messages")  # closed by the first message (see structure_message)
    prewarm_converter(server.protocol._converter)
    server.protocol.cold_cache = cache
    gc.freeze()  # modules, classes and lsprotocol's types live as long as the process

    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
        return 0

    # The protocol owns the real stdout; anything else printing (a stray print in a plugin)
    # goes to stderr instead of corrupting the JSON-RPC stream.
    proto_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, proto_out)
    return 0


def start(tcp: Optional[str] = None) -> int:
    return main_lsp(["--tcp", tcp] if tcp else [])
