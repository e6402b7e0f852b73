"""The parsed-statement cache (engine/frontend.py): the editor keeps its last 64 statements; the
CLI (``keep_parsed``) keeps up to a number of characters of source, least recently used dropped,
and a statement met again is not parsed again."""

from __future__ import annotations

import pytest

from shapelens.engine import frontend


@pytest.fixture
def fresh_cache():
    frontend.keep_parsed(0)  # (a CLI run earlier in this process may have widened it)
    frontend.clear_parsed()
    yield
    frontend.keep_parsed(0)  # (back to the editor's 64 statements)
    frontend.clear_parsed()


def test_the_editor_keeps_its_last_64_statements(fresh_cache):
    first = frontend.parse_chunk("x0 = 0\n")
    for k in range(1, 64):
        frontend.parse_chunk(f"x{k} = {k}\n")
    assert frontend.parse_chunk("x0 = 0\n") is first  # still kept (and now the most recent)
    for k in range(64, 200):
        frontend.parse_chunk(f"x{k} = {k}\n")
    assert len(frontend._PARSE_CACHE) == 64
    assert frontend.parse_chunk("x0 = 0\n") is not first  # dropped long ago: parsed again


def test_the_cli_keeps_statements_up_to_a_number_of_characters(fresh_cache):
    frontend.keep_parsed(2_000)
    texts = [f"value_{k:04d} = layers.Dense(units_{k:04d})(inputs)\n" for k in range(400)]
    size = len(texts[0])  # (each the same length)
    kept = {t: frontend.parse_chunk(t) for t in texts}
    assert frontend._cached_chars <= 2_000 and len(frontend._PARSE_CACHE) == 2_000 // size
    assert all(frontend.parse_chunk(t) is kept[t] for t in texts[-40:])  # the most recent are kept
    assert frontend.parse_chunk(texts[0]) is not kept[texts[0]]
    frontend.keep_parsed(100)  # a smaller bound trims at once
    assert frontend._cached_chars <= 100
    frontend.clear_parsed()
    assert frontend._cached_chars == 0 and not frontend._PARSE_CACHE
