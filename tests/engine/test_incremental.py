"""The incremental paths give exactly what a from-scratch analysis gives."""

import random
from pathlib import Path

from hypothesis import given, settings, strategies as st

from shapelens import Analyzer, analyze
from shapelens.engine import frontend

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
BASE = "".join(p.read_text() for p in EXAMPLES)
SNIPPETS = ["x = (\n", "  y = 1\n", "def f():\n", '"""\n', "\n", "]\n", "else:\n", "@d\n", "z = 3\n", "# c\n",
            "model.add(keras.layers.LSTM(4))\n", "    keras.layers.LSTM(8),\n", "\\\n", "'''\n", "if x:\n"]


def _edit(lines, rng):
    new = list(lines)
    op = rng.randrange(4)
    i = rng.randrange(len(new) + 1)
    if op == 0 and new:
        del new[min(i, len(new) - 1)]
    elif op == 1:
        new.insert(i, rng.choice(SNIPPETS))
    elif op == 2 and new:
        j = min(i, len(new) - 1)
        k = rng.randrange(len(new[j]) + 1)
        new[j] = new[j][:k] + rng.choice(["(", ")", "'", '"', "x", "#", "1", ",", "["]) + new[j][k:]
    else:
        new = new[:i] + new[i + 1:]
    return new


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_rechunk_equals_full_chunking(seed):
    rng = random.Random(seed)
    lines = frontend.split_lines(BASE)
    pieces = frontend._chunk_lines(lines, 0, None)
    text, text_pieces = BASE, frontend.chunk_texts(BASE)
    for _ in range(25):
        new = _edit(lines, rng)
        want = list(frontend._chunk_lines(new, 0, None))
        assert list(frontend.rechunk(lines, pieces, new)) == want
        text_pieces = frontend.rechunk_text(text, text_pieces, "".join(new))
        assert list(text_pieces) == list(frontend.chunk_texts("".join(new)))
        text = "".join(new)
        lines, pieces = new, want


def _facts(a):
    """Everything an analysis says, fixes and their titles included."""
    return (list(a.layers), list(a.diagnostics), list(a.models), list(a.symbols), list(a.refactors),
            list(a.notices))


def _on_lines(a, first, last):
    """What a place query (hover, one screen of inlay hints) sees, as comparable values."""
    return (sorted(repr(f) for f in a.layers_on(first, last)), [repr(s) for s in a.symbols_on(first, last)],
            [repr(r) for r in a.refactors_on(first, last)])


def _expected_on_lines(a, first, last):
    def on(sp):
        return sp is not None and sp.line <= last and sp.end_line >= first

    layers = [f for f in a.layers if on(f.span) or on(f.call_span) or first <= f.hint_at[0] <= last]
    return (sorted(repr(f) for f in layers), [repr(s) for s in a.symbols if on(s.span)],
            [repr(r) for r in a.refactors if on(r[0])])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_incremental_analysis_equals_fresh(seed):
    rng = random.Random(seed)
    lines = frontend.split_lines(BASE)
    an = Analyzer()
    an.analyze("".join(lines))
    for _ in range(8):
        lines = _edit(lines, rng)
        text = "".join(lines)
        inc, fresh = an.analyze(text), analyze(text)
        assert _facts(inc) == _facts(fresh)
        n = text.count("\n") + 1
        for first in range(0, n, max(1, n // 12)):
            assert _on_lines(inc, first, first + 2) == _expected_on_lines(fresh, first, first + 2)


def test_multi_line_decorator_stays_with_its_function():
    src = "@export(\n    [\n        'a',\n    ]\n)\ndef f(x):\n    return x\n\n\n@simple\nclass C:\n    pass\n"
    pieces = frontend.chunk_texts(src)
    assert [p[0] for p in pieces] == [0, 9]
    assert not analyze(src).diagnostics


_PARTS = ["x = 1\n", "y = (\n", ")\n", "    z\n", "\n", "\r\n", "\r", "a\r\n", '"""\n', "'", "#", "def f():\n",
          "@d\n", "else:\n", "\\\n", "(", "]", "é", "\t", "pass"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=40), st.lists(st.sampled_from(_PARTS), max_size=6),
       st.integers(0, 10**6), st.integers(0, 12))
def test_rechunk_text_equals_full_chunking(parts, insert, at, cut):
    """Re-chunking from the changed characters gives exactly the chunks of the new text, line
    breaks of every kind included (a lone \\r takes the slow, exact path)."""
    old = "".join(parts)
    i = at % (len(old) + 1)
    new = old[:i] + "".join(insert) + old[i + cut:]
    assert list(frontend.rechunk_text(old, frontend.chunk_texts(old), new)) == list(frontend.chunk_texts(new))


_MODELS = """import keras

def head(n):
    return keras.layers.Dense(n)

first = keras.Sequential([keras.Input((5, 2)), keras.layers.LSTM(4), keras.layers.Dense(1)])
{middle}
third = keras.Sequential([keras.Input((5, 2)), keras.layers.LSTM(4, return_sequences=True),
                          keras.layers.LSTM(3), head(2)])
inp = keras.Input((7,))
out = keras.layers.Dense(2)(keras.layers.Dense(4)(inp))
fourth = keras.Model(inp, out)
"""


def test_auto_names_are_renumbered_without_running_the_statements_after():
    """Keras numbers auto names (lstm, lstm_1, ...) across the file.  A statement that makes
    one layer more or fewer, or stops parsing, renumbers the later names as a fresh analysis
    would, and only the edited statement runs again."""
    from shapelens.engine import session

    middles = ["second = keras.Sequential([keras.Input((5, 2)), keras.layers.LSTM(6), keras.layers.Dense(1)])",
               "second = keras.Sequential([keras.Input((5, 2)), keras.layers.LSTM(6), keras.layers.Dense(1)])2",
               "second = keras.Sequential([keras.Input((5, 2)), keras.layers.Dense(1)])",
               "second = keras.Sequential([keras.Input((5, 2)), keras.layers.LSTM(6), keras.layers.LSTM(2), "
               "keras.layers.Dense(1)])"]
    analyzer = Analyzer()
    analyzer.analyze(_MODELS.format(middle=middles[0]))
    runs = []
    original = session.Session.execute

    def counting(self, chunk):
        runs.append(chunk.text.split("=")[0].strip())
        return original(self, chunk)

    session.Session.execute = counting
    try:
        for middle in middles[1:] + middles[:1]:
            runs.clear()
            text = _MODELS.format(middle=middle)
            got = analyzer.analyze(text)
            ran = list(runs)
            assert _facts(got) == _facts(analyze(text))
            assert ran == ["second"], ran
            names = {m.name: [r.name for r in m.rows] for m in got.models}
            assert names == {m.name: [r.name for r in m.rows] for m in analyze(text).models}
    finally:
        session.Session.execute = original
    third = names["third"]
    assert third[:3] == ["lstm_2", "lstm_3", "dense_2"], third  # after first's and second's
