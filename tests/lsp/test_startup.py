"""The start-up cache of compiled generated code (shapelens.lsp.startup) changes nothing but
the time: the same code objects, the same namespaces, the same __future__ flags."""

from __future__ import annotations

import builtins
import os
import dataclasses

from shapelens.lsp import startup as lsp_startup

SOURCE = "def f(x: undefined_name) -> int:\n    return x + 1\n"


def _compile_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SHAPELENS_NO_COMPILE_CACHE", raising=False)
    results = []
    for _ in range(2):
        with lsp_startup.compile_cache("test") as cache:
            code = compile(SOURCE, "<generated>", "exec")  # this module has annotations as strings
            results.append((code, cache.hits, cache.misses))
    return results


def test_second_start_reuses_the_same_code(tmp_path, monkeypatch):
    (first, h1, m1), (second, h2, m2) = _compile_twice(tmp_path, monkeypatch)
    assert (h1, m1, h2, m2) == (0, 1, 1, 0)
    assert first == second
    assert builtins.compile is not None and compile.__module__ == "builtins"  # restored


def test_future_flags_of_the_caller_are_kept(tmp_path, monkeypatch):
    (_, _, _), (code, hits, _) = _compile_twice(tmp_path, monkeypatch)
    assert hits == 1
    ns: dict = {}
    builtins.exec(code, ns)
    # `from __future__ import annotations` in this file: the annotation stays a string
    assert ns["f"].__annotations__["x"] == "undefined_name"
    assert ns["f"](1) == 2


def test_exec_and_dataclasses_inside_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for _ in range(2):
        with lsp_startup.compile_cache("test-exec"):
            @dataclasses.dataclass(frozen=True)
            class Point:
                x: int
                y: int = 2

            local_value = 41
            exec("local_result = local_value + 1")  # the caller's namespaces, as exec does
            assert Point(1) == Point(1, 2) and hash(Point(1)) == hash(Point(1, 2))
            assert eval("local_value") == 41
    assert builtins.exec.__module__ == "builtins"


def test_a_broken_cache_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = lsp_startup.cache_path("test")
    (tmp_path / "shapelens").mkdir()
    with open(path, "wb") as f:
        f.write(b"not marshal data")
    with lsp_startup.compile_cache("test") as cache:
        ns: dict = {}
        exec(compile(SOURCE, "<generated>", "exec"), ns)
        assert ns["f"](2) == 3 and cache.misses == 1


def test_it_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("SHAPELENS_NO_COMPILE_CACHE", "1")
    with lsp_startup.compile_cache("test") as cache:
        assert cache is None and compile.__module__ == "builtins"
    assert not (tmp_path / "shapelens").exists()


def test_a_salted_source_is_compiled_but_not_stored(tmp_path, monkeypatch):
    """attrs puts the hash of a string (different in every process) into a frozen class's
    __hash__: such a source is compiled as usual and does not make every start rewrite the
    cache file."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    salted = "def __hash__(self):\n    return hash((\n        -7263074763148350768,\n        self.x,\n    ))\n"
    with lsp_startup.compile_cache("test-salted") as cache:
        ns: dict = {}
        exec(compile(salted, "<attrs generated hash>", "exec"), ns)
        assert (cache.hits, cache.misses) == (0, 0)

    class P:
        x = 3

    assert ns["__hash__"](P()) == hash((-7263074763148350768, 3))
    assert not os.path.exists(lsp_startup.cache_path("test-salted"))


def test_an_open_cache_gives_compile_back_when_closed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = lsp_startup.open_compile_cache("test-open")
    try:
        assert builtins.compile == cache.compile and builtins.exec == cache.exec
        compile(SOURCE, "<generated>", "exec")
    finally:
        cache.close()
    assert compile.__module__ == "builtins" and exec.__module__ == "builtins"
    assert os.path.exists(lsp_startup.cache_path("test-open"))
    cache.close()  # twice: nothing more happens


def test_the_cold_path_samples_are_valid_messages():
    """The samples that generate the cold-start converters are real messages: each goes out
    and comes back the same (prewarm_converter swallows errors, so this is where a broken
    sample shows)."""
    from pygls.protocol import default_converter

    converter = default_converter()
    samples = lsp_startup.cold_path_samples()
    assert {type(s).__name__ for s, _ in samples} >= {
        "PublishDiagnosticsNotification", "DidOpenTextDocumentNotification", "DidChangeTextDocumentNotification"}
    for sample, _ in samples:
        data = converter.unstructure(sample)
        assert converter.unstructure(converter.structure(data, type(sample))) == data


def test_the_server_reads_its_first_message_inside_the_cache_then_closes_it():
    """main_lsp opens the "messages" cache; the first JSON-RPC message (the client's
    initialize) is converted inside it and closes it.  Nested objects of that message go by
    (json's object_hook sees them first) without closing it."""
    from shapelens.lsp.server import ShapelensServer

    class Recorder:
        closed = 0

        def close(self):
            self.closed += 1

    proto = ShapelensServer().protocol
    proto.cold_cache = cache = Recorder()
    assert proto.structure_message({"processId": None}) == {"processId": None}
    assert cache.closed == 0
    message = proto.structure_message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                       "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    assert cache.closed == 1 and proto.cold_cache is None
    assert type(message).__name__ == "InitializeRequest"
    proto.structure_message({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    assert cache.closed == 1


def test_the_server_loads_without_ssl_and_leaves_it_importable():
    import subprocess
    import sys

    probe = ("import sys, shapelens.lsp.app, asyncio\n"
             "assert 'ssl' not in sys.modules, 'the server loaded OpenSSL'\n"
             "import ssl\n"
             "assert ssl.create_default_context() is not None\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
