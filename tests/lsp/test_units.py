"""The server's pure parts, without a client: position conversion and the rendered text."""

from __future__ import annotations

import re
import sys

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lsprotocol import types as T
from pygls.workspace.position_codec import PositionCodec

from shapelens.lsp import render
from shapelens.config import Config
from shapelens.results import Analysis, LayerFact, ModelFact, ModelLayerRow, Span, SymbolFact
from shapelens.lsp.documents import LspTextDocument, Positions, Snapshot, _overlaps

ENCODINGS = [T.PositionEncodingKind.Utf16, T.PositionEncodingKind.Utf8, T.PositionEncodingKind.Utf32]


def reference(line: str, col: int, enc) -> int:
    prefix = line[:col]
    if enc == T.PositionEncodingKind.Utf8:
        return len(prefix.encode("utf-8"))
    if enc == T.PositionEncodingKind.Utf16:
        return len(prefix.encode("utf-16-le")) // 2
    return len(prefix)


lines_st = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
                            max_size=12), min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(lines=lines_st, data=st.data())
def test_positions_match_the_encodings(lines, data):
    text = "\n".join(lines)
    snap = Snapshot(1, text, Analysis(), Config())
    for enc in ENCODINGS:
        conv = Positions(snap, PositionCodec(enc))
        line = data.draw(st.integers(0, len(lines) - 1))
        col = data.draw(st.integers(0, len(lines[line])))
        p = conv.pos(line, col)
        assert (p.line, p.character) == (line, reference(lines[line], col, enc))


def test_line_breaks_are_lsp_line_breaks():
    # \x0c and \u2028 are not line breaks for LSP (str.splitlines would split there)
    text = "a\x0cé = 1\r\nb\u2028ü = 2\rc = 3"
    snap = Snapshot(1, text, Analysis(), Config())
    conv = Positions(snap, PositionCodec(T.PositionEncodingKind.Utf8))
    assert conv.pos(1, 4) == T.Position(line=1, character=len("b\u2028ü ".encode()))
    assert conv.pos(2, 1) == T.Position(line=2, character=1)


def test_overlap_is_inclusive_at_both_ends():
    span = Span(2, 4, 2, 10)
    assert _overlaps(span, (2, 10), (2, 10))
    assert _overlaps(span, (2, 0), (2, 4))
    assert not _overlaps(span, (2, 11), (2, 12))
    assert not _overlaps(span, (1, 0), (1, 99))


LSTM_STATE = LayerFact(span=Span(0, 0, 0, 10), layer="LSTM", name="lstm", input_shape=(None, 10, 3),
                       output_shape=[(None, 64), (None, 64), (None, 64)], params=17408,
                       output_names=("output", "state_h", "state_c"),
                       why=("return_state=True → the output and the final states h and c",))


def test_layer_hover_names_each_output():
    md = render.layer_hover(LSTM_STATE)
    assert "**LSTM** `lstm` · 17,408 params" in md
    assert md.index("output: `(None, 64)`") < md.index("state_h: `(None, 64)`") < md.index("state_c: `(None, 64)`")
    assert "input: `(None, 10, 3)`" in md
    assert "_return_state=True" in md
    plain = render.layer_hover(LSTM_STATE, markdown=False)
    assert "`" not in plain and "**" not in plain and "state_c: (None, 64)" in plain


def test_inlay_label_and_lens_title():
    assert render.inlay_label(LSTM_STATE) == "→ [(None, 64), (None, 64), (None, 64)]"
    unknown = LayerFact(span=Span(0, 0, 0, 1), layer="Lambda", name="lambda", input_shape=None,
                        output_shape=None, params=0)
    assert render.inlay_label(unknown) is None
    rows = tuple(ModelLayerRow(n, "LSTM", (None, 4), 10) for n in ("a", "b", "c"))
    m = ModelFact("m", Span(0, 0, 0, 1), "sequential", ((None, 10, 3),), ((None, 1),), 29857, rows)
    assert render.lens_title(m) == "3 layers · 29,857 params · (None, 10, 3) → (None, 1)"
    two = ModelFact("m", Span(0, 0, 0, 1), "functional", ((None, 4), (None, 5)), ((None, 1),), None, rows[:1])
    assert render.lens_title(two) == "1 layer · ? params · (None, 4), (None, 5) → (None, 1)"


def test_symbol_hover():
    sym = SymbolFact(Span(0, 0, 0, 1), "X", "array", (32, 10, 3))
    assert "`(32, 10, 3)`" in render.symbol_hover(sym)
    rows = (ModelLayerRow("dense", "Dense", (None, 1), 33),)
    m = ModelFact("model", Span(0, 0, 0, 1), "sequential", ((None, 32),), ((None, 1),), 33, rows)
    md = render.symbol_hover(SymbolFact(Span(0, 0, 0, 5), "model", "model", None), m)
    assert "33" in md and "dense" in md


# ----------------------------------------------------------------------------- incremental edits

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _units(s: str, enc) -> int:
    return len(s.encode("utf-8")) if enc == T.PositionEncodingKind.Utf8 else len(s.encode("utf-16-le")) // 2


def _content(line: str) -> str:
    return re.sub(r"(\r\n|\r|\n)\Z", "", line)


def _spec_offset(src: str, line: int, ch: int, enc) -> int:
    """What the LSP spec says a position means: past the end of a line is its end."""
    lines = _LINES.findall(src)
    if line >= len(lines):
        return len(src)
    content = _content(lines[line])
    col = used = 0
    while col < len(content) and used + _units(content[col], enc) <= ch:
        used += _units(content[col], enc)
        col += 1
    return sum(len(l) for l in lines[:line]) + col


def _on_boundary(src: str, line: int, ch: int, enc) -> bool:
    lines = _LINES.findall(src)
    if line >= len(lines):
        return True
    used = 0
    for c in _content(lines[line]):
        if used >= ch:
            break
        used += _units(c, enc)
    return used == ch or used < ch


@settings(max_examples=400, deadline=None)
@given(src=st.lists(st.sampled_from(["a", " ", "\n", "\r\n", "\r", "é", "😀", "\x0c", "\u2028"]),
                    max_size=30).map("".join),
       l1=st.integers(0, 8), c1=st.integers(0, 8), l2=st.integers(0, 8), c2=st.integers(0, 8),
       new=st.sampled_from(["", "Z", "q\n", "😀"]), enc=st.sampled_from(ENCODINGS[:2]))
def test_incremental_edits_follow_the_spec(src, l1, c1, l2, c2, new, enc):
    if (l2, c2) < (l1, c1):
        l1, c1, l2, c2 = l2, c2, l1, c1
    assume(_on_boundary(src, l1, c1, enc) and _on_boundary(src, l2, c2, enc))
    doc = LspTextDocument("file:///t.py", src, 1, position_codec=PositionCodec(enc))
    doc.apply_change(T.TextDocumentContentChangePartial(
        range=T.Range(start=T.Position(line=l1, character=c1), end=T.Position(line=l2, character=c2)), text=new))
    a, b = _spec_offset(src, l1, c1, enc), _spec_offset(src, l2, c2, enc)
    assert doc.source == src[:a] + new + src[max(a, b):]


def test_the_reader_recovers_after_a_broken_header():
    """A header pygls cannot use (``Content-Length: abc``) followed by a body costs at most the
    next message: the following header arrives glued to that body and is still found."""
    import asyncio
    import io
    import threading

    from shapelens.lsp.protocol import _read_messages

    def frame(body: bytes, header: bytes = b"") -> bytes:
        return (header or b"Content-Length: %d\r\n" % len(body)) + b"\r\n" + body

    stream = io.BytesIO(b"Content-Length: abc\r\n\r\n{}" + frame(b'{"a": 1}')
                        + b"Content-Type: x\r\n" + frame(b'{"b": 2}') + b"Content-Length: -5\r\n\r\n"
                        + frame(b'{"c": 3}'))

    class Reader:
        async def readline(self):
            return stream.readline()

        async def readexactly(self, n):
            return stream.read(n)

    class Proto:
        seen: list = []

        def structure_message(self, data):
            return data

        def handle_message(self, message):
            self.seen.append(message)

    proto = Proto()
    asyncio.run(_read_messages(threading.Event(), Reader(), proto, lambda *a: None))
    assert proto.seen == [{"a": 1}, {"b": 2}, {"c": 3}]


_EDIT = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(0, 8), st.integers(0, 8),
                  st.sampled_from(["", "Z", "q\n", "\r", "\n", "\r\n", "😀", "\x0c"]))


@settings(max_examples=300, deadline=None)
@given(src=st.lists(st.sampled_from(["a", " ", "\n", "\r\n", "\r", "é", "😀", "\x0c", "\u2028"]),
                    max_size=30).map("".join),
       edits=st.lists(_EDIT, min_size=1, max_size=8), enc=st.sampled_from(ENCODINGS[:2]))
def test_edit_sequences_keep_text_and_lines(src, edits, enc):
    """The document keeps its lines between edits and re-splits only the edited ones: after any
    sequence of edits (line breaks typed into, before and after \\r and \\n included) its text
    is what the spec says and its lines are those of that text."""
    doc = LspTextDocument("file:///t.py", src, 1, position_codec=PositionCodec(enc))
    text = src
    for l1, c1, l2, c2, new in edits:
        if (l2, c2) < (l1, c1):
            l1, c1, l2, c2 = l2, c2, l1, c1
        if not (_on_boundary(text, l1, c1, enc) and _on_boundary(text, l2, c2, enc)):
            continue
        doc.apply_change(T.TextDocumentContentChangePartial(
            range=T.Range(start=T.Position(line=l1, character=c1), end=T.Position(line=l2, character=c2)),
            text=new))
        a, b = _spec_offset(text, l1, c1, enc), _spec_offset(text, l2, c2, enc)
        text = text[:a] + new + text[max(a, b):]
        assert doc.source == text
        assert list(doc.lines) == _LINES.findall(text)


def test_edits_after_the_results_run_at_once_and_a_burst_runs_once():
    """Typing (each edit after the last one's results are out) analyses every version with no
    wait; edits arriving back to back while the document is being worked on (a paste in pieces,
    a replay) are one burst: only the newest version is analysed."""
    import asyncio

    from pygls.workspace import Workspace

    from shapelens.lsp import server as srv_mod

    uri = "file:///typing.py"

    async def scenario():
        srv = srv_mod.ShapelensServer()
        srv.protocol._workspace = Workspace(None)
        analysed, published, waits = [], [], []
        srv._analyze = lambda st, text, config, budget=5.0: analysed.append(text) or Analysis()
        srv._after_analysis = lambda st, snap, **kw: published.append(snap.version)
        srv.config_for = lambda st: Config()

        def edit(version: int) -> None:
            srv.workspace.put_text_document(T.TextDocumentItem(uri=uri, language_id="python",
                                                               version=version, text=f"x = {version}\n"))
            srv.schedule(uri)
            waits.append(srv.state(uri).burst)

        for version in range(1, 6):  # typing
            edit(version)
            await srv.state(uri).task
        assert published == [1, 2, 3, 4, 5] and waits == [False] * 5
        analysed.clear(), published.clear(), waits.clear()
        for version in range(6, 16):  # a burst, all in one go
            edit(version)
        await srv.state(uri).task
        assert waits == [False] + [True] * 9
        assert analysed == ["x = 15\n"] and published == [15]
        srv.executor.shutdown(wait=False)

    asyncio.run(scenario())


def test_pyproject_settings_and_a_python_without_a_toml_reader(tmp_path, monkeypatch, caplog):
    from shapelens.config import load_pyproject_config

    (tmp_path / "pyproject.toml").write_text('[tool.shapelens]\ndisable = ["SL401"]\n')
    (tmp_path / "pkg").mkdir()
    model = tmp_path / "pkg" / "model.py"
    assert load_pyproject_config(model).disabled == {"SL401"}
    # Python 3.10 without tomli (a broken install): the defaults and a warning, no failure
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    assert load_pyproject_config(model) == Config()
    assert "without tomli" in caplog.text


def test_a_request_waits_for_the_text_of_its_moment_not_for_the_edits_after_it():
    """A hover during a stream of edits is answered once the text it was asked on is analysed,
    while the worker goes on with the newer edits (it used to wait for the worker to go idle,
    which a stream of edits never lets it, and then answer after its whole wait)."""
    import asyncio
    import threading

    from pygls.workspace import Workspace

    from shapelens.lsp import server as srv_mod

    uri = "file:///stream.py"

    async def scenario():
        srv = srv_mod.ShapelensServer()
        srv.protocol._workspace = Workspace(None)
        release = {1: threading.Event(), 2: threading.Event()}

        def analyze(st, text, config, budget=5.0):
            release[int(text.split("=")[1])].wait(5)
            return Analysis()

        srv._analyze = analyze
        srv._after_analysis = lambda st, snap, **kw: None
        srv.config_for = lambda st: Config()

        def edit(version: int) -> None:
            srv.workspace.put_text_document(T.TextDocumentItem(uri=uri, language_id="python",
                                                               version=version, text=f"x = {version}\n"))
            srv.schedule(uri)

        edit(1)
        await asyncio.sleep(0.05)  # version 1 is being analysed
        request = asyncio.ensure_future(srv.snapshot(uri, 5.0))
        await asyncio.sleep(0.05)
        edit(2)  # a newer edit, after the request
        release[1].set()
        snap = await asyncio.wait_for(request, 2.0)
        assert snap is not None and snap.version == 1
        assert not srv.state(uri).task.done(), "answered before the worker went idle"
        release[2].set()
        await srv.state(uri).task
        assert srv.state(uri).latest.version == 2 and srv.state(uri).waiters == []
        srv.executor.shutdown(wait=False)

    asyncio.run(scenario())


def test_the_loop_reader_skips_a_giant_header_and_returns_a_cut_body():
    import asyncio

    from shapelens.lsp.protocol import _PipeReader

    async def scenario():
        stream = asyncio.StreamReader(limit=64)
        reader = _PipeReader(stream)
        stream.feed_data(b"X" * 200 + b"\r\nContent-Length: 2\r\n\r\n{}" + b"Content-Length: 9\r\n\r\n{\"a\"")
        stream.feed_eof()
        assert (await reader.readline()).strip() == b"?"  # over the limit: one garbage line
        assert await reader.readline() == b"Content-Length: 2\r\n"
        assert await reader.readline() == b"\r\n"
        assert await reader.readexactly(2) == b"{}"
        await reader.readline(), await reader.readline()
        assert await reader.readexactly(9) == b'{"a"'  # the client went away mid-message
        assert await reader.readline() == b""

    asyncio.run(scenario())
