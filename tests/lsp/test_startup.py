"""The start-up cache of compiled generated code (shapelens.lsp_startup) changes nothing but
the time: the same code objects, the same namespaces, the same __future__ flags."""

from __future__ import annotations

import builtins
import dataclasses

from shapelens import lsp_startup

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
