"""A faster cold start for the language server.

About 40 % of the server's start-up is spent compiling generated source: ``lsprotocol``
defines ~580 attrs classes, and attrs generates and ``compile()``s ``__init__``/``__eq__``/...
for every one of them on import; cattrs does the same for each message type it first converts;
libcst's ~250 node dataclasses go through ``exec()`` of generated source.  That source is
identical from one start to the next, so :func:`compile_cache` keeps the compiled code objects
(``marshal``) in a cache file keyed by the exact source, file name and ``__future__`` flags, and
hands them back instead of compiling again.  Nothing else changes: a code object from
``marshal`` is the one ``compile`` would return; any difference in the generated source is a
different key; any problem with the cache file means compiling as usual.

The cache is used only around the server's imports and its first messages (the user's code is
never compiled or executed by shapelens at all).  ``SHAPELENS_NO_COMPILE_CACHE=1`` switches it
off.
"""

import __future__

import builtins
import hashlib
import marshal
import os
import re
import sys
from contextlib import contextmanager

_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


def cache_path(name: str) -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = "-".join(str(v) for v in sys.version_info[:3])
    return os.path.join(base, "shapelens", f"{name}-{sys.implementation.cache_tag}-{version}.marshal")


def _load(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            data = marshal.load(f)
        return data if isinstance(data, dict) else {}
    except Exception:
        return {}


def _save(path: str, data: dict) -> None:
    import tempfile  # only when the cache changes: not on the way to a warm start

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".compiled-")
        with os.fdopen(fd, "wb") as f:
            marshal.dump(data, f)
        os.replace(tmp, path)
    except Exception:
        pass


# attrs writes ``hash((<number>, ...``, the hash of a string, into the __hash__ of a frozen class:
# a different number in every process (string hashes are salted).  Such a source is compiled
# as usual and not stored, so it does not make every start rewrite the cache file.
_SALTED = re.compile(r"hash\(\(\s*-?\d{6,},")


class CompileCache:
    def __init__(self, path: str):
        self.path = path
        self.stored = _load(path)
        self.used: dict = {}
        self.misses = 0
        self.hits = 0
        self._original = builtins.compile
        self._original_exec = builtins.exec

    def _code(self, source: str, filename: str, flags: int):
        if "hash((" in source and _SALTED.search(source):
            return self._original(source, filename, "exec", flags, True)
        key = hashlib.blake2b(f"{flags}\0{filename}\0{source}".encode("utf-8", "surrogatepass"),
                              digest_size=16).digest()
        blob = self.stored.get(key)
        if blob is not None:
            try:
                code = marshal.loads(blob)
                self.used[key] = blob
                self.hits += 1
                return code
            except Exception:
                pass
        code = self._original(source, filename, "exec", flags, True)
        try:
            self.used[key] = marshal.dumps(code)
            self.misses += 1
        except ValueError:
            pass
        return code

    def compile(self, source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):
        if kwargs or not isinstance(source, str) or mode != "exec" or optimize != -1 or (flags & ~_FUTURE_FLAGS):
            return self._original(source, filename, mode, flags, dont_inherit, optimize, **kwargs)
        if not dont_inherit:
            # compile() inherits the __future__ flags of its caller: the caller of this wrapper
            flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        return self._code(source, filename, flags)

    def exec(self, source, globals=None, locals=None, /, **kwargs):
        if not isinstance(source, str):
            return self._original_exec(source, globals, locals, **kwargs)
        caller = sys._getframe(1)
        if globals is None:  # exec(source) runs in its caller's namespaces
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        code = self._code(source, "<string>", caller.f_code.co_flags & _FUTURE_FLAGS)
        return self._original_exec(code, globals, locals, **kwargs)

    def install(self) -> "CompileCache":
        builtins.compile = self.compile
        builtins.exec = self.exec
        return self

    def close(self) -> None:
        """Give ``compile``/``exec`` back, and store what was compiled if anything was new."""
        if builtins.compile == self.compile:
            builtins.compile = self._original
        if builtins.exec == self.exec:
            builtins.exec = self._original_exec
        if self.misses:
            _save(self.path, self.used)
            self.misses = 0


def open_compile_cache(name: str):
    """The cache ``name``, installed until its ``close()``; None when switched off.  For a span
    that is not one block (the server's start, up to its first message)."""
    if os.environ.get("SHAPELENS_NO_COMPILE_CACHE"):
        return None
    return CompileCache(cache_path(name)).install()


@contextmanager
def compile_cache(name: str):
    """Within this block, ``compile(source, filename, "exec")`` of a source seen at an earlier
    start returns the code object compiled then.  ``name`` names the cache file."""
    cache = open_compile_cache(name)
    try:
        yield cache
    finally:
        if cache is not None:
            cache.close()


# The messages of a cold start (initialize, open, first diagnostics): their cattrs converters
# are generated before the first message arrives, inside the cache, instead of on the way.
# The client's messages are only read (structured), the server's only written (unstructured):
# the unstructure hook of InitializeRequest alone would generate ~30 ms of converters for
# every client capability.
COLD_PATH_METHODS = (
    "initialize", "initialized", "textDocument/didOpen", "textDocument/didChange",
    "textDocument/publishDiagnostics", "textDocument/diagnostic",
)


def prewarm_converter(converter) -> None:
    """cattrs makes a converter per class on first use, and for optional fields only when a
    value is there: a sample of each cold-path message, with its optional parts filled in,
    makes them all now (``initialize`` is the client's own: the server reads it in the cache
    too, see ``ShapelensProtocol.structure_message``)."""
    from lsprotocol import types as T

    for method in COLD_PATH_METHODS:
        message, response = T.METHOD_TO_TYPES[method][:2]
        server_sends = method == "textDocument/publishDiagnostics"
        try:
            if server_sends:
                converter.get_unstructure_hook(message)
            else:
                converter.get_structure_hook(message)
                if response is not None:
                    converter.get_unstructure_hook(response)
        except Exception:
            pass
    for sample, read in cold_path_samples():
        try:
            data = converter.unstructure(sample)
            if read:
                converter.structure(data, type(sample))
        except Exception:
            pass


def cold_path_samples() -> list:
    """(message, read by the server?) for the cold path, with every optional part that the
    server's first messages carry filled in."""
    from lsprotocol import types as T

    rng = T.Range(start=T.Position(line=0, character=0), end=T.Position(line=0, character=1))
    uri = "file:///prewarm.py"
    diagnostic = T.Diagnostic(
        range=rng, message="m", severity=T.DiagnosticSeverity.Error, code="SL000",
        code_description=T.CodeDescription(href="https://example.invalid/"), source="shapelens",
        related_information=[T.DiagnosticRelatedInformation(location=T.Location(uri=uri, range=rng),
                                                             message="m")],
        tags=[T.DiagnosticTag.Unnecessary], data={"k": [1]})
    return [
        (T.PublishDiagnosticsNotification(params=T.PublishDiagnosticsParams(
            uri=uri, diagnostics=[diagnostic], version=1)), False),
        (T.DocumentDiagnosticResponse(id=1, result=T.RelatedFullDocumentDiagnosticReport(
            items=[diagnostic], result_id="1")), False),
        (T.DidOpenTextDocumentNotification(params=T.DidOpenTextDocumentParams(
            text_document=T.TextDocumentItem(uri=uri, language_id="python", version=1, text=""))), True),
        (T.DidChangeTextDocumentNotification(params=T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[T.TextDocumentContentChangePartial(range=rng, text="x"),
                             T.TextDocumentContentChangeWholeDocument(text="x")])), True),
    ]
