"""The engine's own position walker (engine/frontend.py ``_positions``) gives exactly what
libcst's PositionProvider gives, for every node of every statement, on a large body of varied
real Python: the project's own sources, examples and tests (classes, decorators, comprehensions,
f-strings, line continuations, CRLF, comments, nested brackets, tabs) and generated Keras."""

from __future__ import annotations

from pathlib import Path

import pytest

from libcst.metadata import PositionProvider

from shapelens.engine import frontend

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for d in ("server/shapelens", "examples", "tests", "benchmarks", "scripts")
                 for p in (ROOT / d).rglob("*.py"))[::5]  # (every fifth file: a few seconds)

ODD = [
    "x = (  # a comment\n    a  .  b (1 ,\n  2 ,)\n)\n",
    "y = f'{a!r:>{width}}' 'tail' \\\n    + \"\"\"multi\nline\"\"\"\n",
    "if a:\r\n    b = c[1:2, ::3]\r\nelse:\r\n    pass\r\n",
    "@dec(1)\nclass K(B, metaclass=M):\n\tdef f(self, *a, k=1, **kw) -> int:\n\t\treturn [i for i in a if i]\n",
    "z = lambda q, *, r=2: {**q, 'r': r}\n",
    "w = é = 'ünïcödé' + '𝕏'\n",
    "async def g():\n    async with a as b, c:\n        await b\n",
    "match p:\n    case [1, *rest] if rest:\n        pass\n    case {'k': v, **kw}:\n        pass\n",
]


def _provider_positions(module) -> dict:
    """The same from libcst's own PositionProvider (0-based lines)."""
    provider = PositionProvider()
    provider._gen_impl(module)
    return {node: (r.start.line - 1, r.start.column, r.end.line - 1, r.end.column)
            for node, r in provider._computed.items()}


def _chunks():
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for _line, chunk in frontend.chunk_texts(text):
            yield chunk
    yield from ODD


def test_the_walker_agrees_with_libcst_position_provider_on_every_node():
    checked = 0
    for chunk in _chunks():
        parsed = frontend._parse_one(chunk)
        if parsed.module is None:
            continue
        mine = frontend._positions(parsed.module)
        theirs = _provider_positions(parsed.module)
        if mine != theirs:
            diff = [(type(n).__name__, mine.get(n), theirs.get(n)) for n in set(mine) | set(theirs)
                    if mine.get(n) != theirs.get(n)]
            pytest.fail(f"positions differ in\n{chunk[:400]}\n{diff[:5]}")
        checked += 1
    assert checked > 1000, checked  # (the body of code really was read)
