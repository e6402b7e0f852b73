"""Source text → top-level statement chunks → libcst trees with positions.

libcst takes ~70 ms for 1,000 lines and its PositionProvider multiplies that; so the file is cut
into top-level statements with a small scanner (no parsing), each chunk is parsed alone, and
parses are cached by chunk text.  A chunk that does not parse is reported and skipped; the
others still analyse.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
from libcst._nodes.internal import CodegenState

from ..textlines import LINES as _LINES, split_lines  # noqa: F401  (split_lines: for the engine's callers)

_CONTINUE_KW = re.compile(r"(else|elif|except|finally)\b")
_STMT_START = re.compile(
    r"(def|class|async|import|from|if|for|while|with|try|return|print|@)\b|[A-Za-z_][A-Za-z0-9_]*\s*(=[^=]|\.|\(|,|\[|:)"
)


_SCAN_CACHE: dict = {}
_SPECIAL = re.compile(r"[\"'#()\[\]{}\\]")


def _scan_line(line: str, state: dict) -> None:
    """Advance bracket depth / string state over one line (cached: lines repeat across edits)."""
    key = (line, state["depth"], state["quote"])
    hit = _SCAN_CACHE.get(key)
    if hit is None:
        st = dict(state)
        if state["quote"] is None and not _SPECIAL.search(line):
            st["backslash"] = False
        else:
            _scan_line_slow(line, st)
        hit = (st["depth"], st["quote"], st["backslash"])
        if len(line) <= 200:  # long lines are rare, and a line typed out would store every prefix
            if len(_SCAN_CACHE) > 10000:
                _SCAN_CACHE.clear()
            _SCAN_CACHE[key] = hit
    state["depth"], state["quote"], state["backslash"] = hit


def _scan_line_slow(line: str, state: dict) -> None:
    """Jump from one bracket, quote, comment or backslash to the next (regex search), skipping
    string bodies with ``str.find``."""
    depth = state["depth"]
    q = state["quote"]  # open triple-quote delimiter or None
    n = len(line)
    i = 0
    search = _SPECIAL.search
    while i < n:
        if q is not None:
            # inside a triple-quoted string: find its end, minding backslash escapes
            j = line.find(q, i)
            k = line.find("\\", i)
            while k != -1 and (j == -1 or k < j):
                i = k + 2
                j = line.find(q, i)
                k = line.find("\\", i)
            if j == -1:
                i = n
                break
            i = j + 3
            q = None
            continue
        m = search(line, i)
        if m is None:
            break
        i = m.start()
        ch = line[i]
        if ch == "#":
            break
        if ch in "\"'":
            if line.startswith(ch * 3, i):
                q = ch * 3
                i += 3
                continue
            # single-quoted string: ends on this line (or is broken)
            j = i + 1
            while j < n:
                c = line[j]
                if c == ch or c == "\n" or c == "\r":
                    break
                j += 2 if c == "\\" else 1
            i = j + 1
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        i += 1
    state["depth"] = depth
    state["quote"] = q
    stripped = line.rstrip("\r\n")
    state["backslash"] = q is None and stripped.endswith("\\") and not stripped.lstrip().startswith("#")


@dataclass(eq=False, slots=True)
class Chunk:
    """A top-level statement (with its decorators, else-branches and trailing comments)."""

    text: str
    line: int  # 0-based first line in the document (updated on every run)
    outputs: Optional[object] = None  # the interpreter's record of its last execution
    view: Optional[object] = None  # aggregate.ChunkView: the facts placed in this chunk


@dataclass(eq=False)
class Parsed:
    module: Optional[cst.Module]
    _positions: Optional[dict] = None  # see ``positions``
    error: Optional[tuple] = None  # (rel_line, col, message)
    note: Optional[str] = None  # valid Python the engine cannot read (too deep): no diagnostic
    pieces: Optional[list] = None  # a broken chunk re-split into parsable pieces: [(rel_line, Parsed)]

    @property
    def positions(self) -> dict:
        """node -> (line, col, end_line, end_col), chunk-relative; computed when first asked for
        (libcst's PositionProvider costs more than the parse: a statement that makes no fact
        and no diagnostic never needs it)."""
        if self._positions is None:
            try:
                self._positions = _positions(self.module) if self.module is not None else {}
            except Exception:  # PositionProvider recurses per nesting level
                self._positions = {}
        return self._positions


def chunk_texts(text: str) -> list:
    """Cut the source into (first_line, text) top-level chunks."""
    return _chunk_lines(split_lines(text), 0, None)


def rechunk(old_lines: list, old_pieces: list, new_lines: list) -> list:
    """``chunk_texts`` of the new text, re-scanning only from the chunk the edit starts in to
    the first chunk boundary after it that the old text had too."""
    n_old, n_new = len(old_lines), len(new_lines)
    pre = 0
    lim = min(n_old, n_new)
    while pre < lim and old_lines[pre] == new_lines[pre]:
        pre += 1
    if pre == n_old == n_new:
        return old_pieces
    suf = 0
    while suf < lim - pre and old_lines[n_old - 1 - suf] == new_lines[n_new - 1 - suf]:
        suf += 1
    return _rechunk(old_pieces, pre, suf, n_old, n_new, lambda start: iter(new_lines[start:]))


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix of two strings (binary search over C-speed comparisons)."""
    lo, hi = 0, min(len(a), len(b))
    if a[:hi] == b[:hi]:
        return hi
    while hi - lo > 64:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    while lo < hi and a[lo] == b[lo]:
        lo += 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    na, nb = len(a), len(b)
    lo, hi = 0, limit
    if a[na - hi:] == b[nb - hi:]:
        return hi
    while hi - lo > 64:
        mid = (lo + hi) // 2
        if a[na - mid:na - lo] == b[nb - mid:nb - lo]:
            lo = mid
        else:
            hi = mid
    while lo < hi and a[na - 1 - lo] == b[nb - 1 - lo]:
        lo += 1
    return lo


def _count_lines(text: str) -> int:
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def _plain_breaks(text: str) -> bool:
    """Lines break only at \n (or \r\n): then counting \n counts lines."""
    return "\r" not in text or text.count("\r") == text.count("\r\n")


def rechunk_text(old_text: str, old_pieces: list, new_text: str) -> list:
    """``chunk_texts(new_text)`` from the chunks of ``old_text``, without splitting the whole
    text into lines: the changed line range comes from the common prefix and suffix of the two
    texts, and only the lines from the chunk the edit starts in are scanned."""
    if old_text == new_text:
        return old_pieces
    if not (_plain_breaks(old_text) and _plain_breaks(new_text)):
        return rechunk(split_lines(old_text), old_pieces, split_lines(new_text))
    p = _common_prefix(old_text, new_text)
    s = _common_suffix(old_text, new_text, min(len(old_text), len(new_text)) - p)
    pre = old_text.count("\n", 0, p)  # whole lines before the first changed character
    n_old, n_new = _count_lines(old_text), _count_lines(new_text)
    # whole lines inside the common suffix: those starting after a line break that is in it
    a = len(new_text) - s
    suf = new_text.count("\n", a, len(new_text) - 1) if s else 0
    suf = min(suf, n_old - pre, n_new - pre)

    def lines_from(start: int):
        k = bisect.bisect_left(old_pieces, (start,))
        offset = sum(len(t) for _st, t in old_pieces[:k])  # lines before ``start`` are unchanged
        return (m.group() for m in _LINES.finditer(new_text, offset))

    return _rechunk(old_pieces, pre, suf, n_old, n_new, lines_from)


def _rechunk(old_pieces: list, pre: int, suf: int, n_old: int, n_new: int, lines_from) -> list:
    # the last old chunk that starts at or before the first changed line stays a boundary
    k = max(0, bisect.bisect_left(old_pieces, (pre,)) - 1)
    if pre == 0 or not old_pieces:
        k = 0
    start = old_pieces[k][0] if old_pieces else 0
    shift = n_new - n_old
    stop_after = n_new - suf  # new lines from here on are unchanged old lines

    def stop_at(j):
        if j < stop_after or j <= start:
            return None
        i = bisect.bisect_left(old_pieces, (j - shift,))
        return i if i < len(old_pieces) and old_pieces[i][0] == j - shift else None

    mid = _chunk_lines(lines_from(start), start, stop_at)
    resume = getattr(mid, "resume", None)
    out = old_pieces[:k] + list(mid)
    if resume is not None:
        if shift:
            out.extend([(st + shift, t) for st, t in old_pieces[resume:]])
        else:
            out.extend(old_pieces[resume:])
    return out


class _Pieces(list):
    resume = None


def _chunk_lines(lines, first: int, stop_at) -> list:
    """Cut lines into chunks: ``lines`` (a list or an iterator) are the document's lines from
    line ``first`` on."""
    chunks = _Pieces()
    cur: list = []
    cur_start = first
    cur_only_decorators = False
    cur_has_stmt = False
    state = {"depth": 0, "quote": None, "backslash": False}
    for idx, line in enumerate(lines, first):
        starts_new = False
        at_start = state["quote"] is None and state["depth"] == 0 and not state["backslash"]
        if at_start:
            if line[:1] not in ("", " ", "\t", "\n", "\r", "#", "\f") and not _CONTINUE_KW.match(line):
                if cur and not cur_only_decorators:
                    starts_new = True
        if starts_new:
            chunks.append((cur_start, "".join(cur)))
            cur = []
            cur_start = idx
            if stop_at is not None:
                resume = stop_at(idx)
                if resume is not None:
                    chunks.resume = resume
                    return chunks
        if not cur:
            cur_start = idx
            cur_only_decorators = False
            cur_has_stmt = False
        if at_start and line[:1] not in ("", " ", "\t", "\n", "\r", "#", "\f"):
            # a statement starts here: a decorator (possibly spanning lines) keeps the chunk open
            # for the def/class it decorates
            if line.startswith("@"):
                cur_only_decorators = not cur_has_stmt
            else:
                cur_has_stmt = True
                cur_only_decorators = False
        cur.append(line)
        _scan_line(line, state)
    if cur:
        chunks.append((cur_start, "".join(cur)))
    return chunks


_PARSE_CACHE: "OrderedDict[str, Parsed]" = OrderedDict()
_PARSE_CACHE_SIZE = 64  # the statements being edited, those that depend on them, undo
_PARSE_CACHE_CHARS = 0  # if > 0: the cache is bounded by the source text it holds instead
_cached_chars = 0


def keep_parsed(chars: int) -> None:
    """Keep the parsed statements of up to ``chars`` characters of source (least recently used
    dropped) instead of the editor's 64 statements.  The CLI does: over a repository, the same
    module is parsed as each file that imports it and as a file of its own, and a package's
    files share many identical statements."""
    global _PARSE_CACHE_CHARS
    _PARSE_CACHE_CHARS = max(0, int(chars))
    _trim()


def clear_parsed() -> None:
    global _cached_chars
    _PARSE_CACHE.clear()
    _cached_chars = 0


def _trim() -> None:
    global _cached_chars
    if _PARSE_CACHE_CHARS:
        while _cached_chars > _PARSE_CACHE_CHARS and len(_PARSE_CACHE) > 1:
            _cached_chars -= len(_PARSE_CACHE.popitem(last=False)[0])
    else:
        while len(_PARSE_CACHE) > _PARSE_CACHE_SIZE:
            _cached_chars -= len(_PARSE_CACHE.popitem(last=False)[0])


_NEWLINE = re.compile(r"\r\n?|\n")


class _Recorded:
    """``with state.record_syntactic_position(node, ...)`` (a plain object: contextlib's
    generator-based context managers were a tenth of the time)."""

    __slots__ = ("state", "node", "start_node", "end_node", "line", "col")

    def __init__(self, state, node, start_node, end_node):
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self):
        self.line, self.col = self.state.line, self.state.column

    def __exit__(self, *exc):
        st = self.state
        done = st.done
        a = done[self.start_node] if self.start_node is not None else None
        b = done[self.end_node] if self.end_node is not None else None
        done[self.node] = (a[0] if a else self.line, a[1] if a else self.col,
                           b[2] if b else st.line, b[3] if b else st.column)
        return False


class _PositionState(CodegenState):
    """libcst's PositionProvider state (syntactic positions: what it records for each node is
    what PositionProvider gives, tests/engine/test_positions.py checks it on real code), made cheaper: plain
    tuples instead of CodePosition/CodeRange objects, no text kept, a newline search only in
    tokens that can hold one.  Lines are 0-based."""

    def __init__(self, module: cst.Module):  # (not the dataclass' __init__: its fields are set here)
        self.default_indent = module.default_indent
        self.default_newline = module.default_newline
        self.provider = None
        self.indent_tokens = []
        self.tokens = []  # holds at most the first token (Module's codegen asks whether it is empty)
        self.line = 0
        self.column = 0
        self.stack = []
        self.done = {}

    def add_indent_tokens(self) -> None:
        for t in self.indent_tokens:
            self.column += len(t)
        if self.indent_tokens and not self.tokens:
            self.tokens.append(self.indent_tokens[0])

    def add_token(self, value: str) -> None:
        if not self.tokens:
            self.tokens.append(value)
        if "\n" in value or "\r" in value:
            segments = _NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node) -> None:
        self.stack.append((self.line, self.column))

    def after_codegen(self, node) -> None:
        line, col = self.stack.pop()
        if node not in self.done:
            self.done[node] = (line, col, self.line, self.column)

    def pop_trailing_newline(self) -> None:
        pass  # (the position after the last token does not change)

    def record_syntactic_position(self, node, *, start_node=None, end_node=None):
        return _Recorded(self, node, start_node, end_node)


def _positions(module: cst.Module) -> dict:
    """node -> (line, col, end_line, end_col) as libcst's PositionProvider gives them (0-based lines)."""
    state = _PositionState(module)
    module._codegen(state)
    return state.done



def _unchecked(self) -> None:
    pass


_CHECKED = cst.CSTNode.__dict__["__post_init__"]


def _parse_module(text: str) -> cst.Module:
    """``libcst.parse_module`` without each node's ``_validate`` (a third of the parse): a node
    built by libcst's own parser from valid source is valid by construction (libcst's own PERF
    note in CSTNode.__post_init__ says as much).  Nodes built elsewhere are still checked."""
    cst.CSTNode.__post_init__ = _unchecked
    try:
        return cst.parse_module(text)
    finally:  # (restored to the original, never to what another thread's parse left)
        cst.CSTNode.__post_init__ = _CHECKED


MAX_BRACKET_DEPTH = 120  # libcst's native parser overflows its stack on deeper nesting
_BRACKETS = re.compile(r"[()\[\]{}]")
TOO_DEEP = "statement too deeply nested to analyse"


def _max_depth(text: str) -> int:
    depth = best = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in "([{":
            depth += 1
            if depth > best:
                best = depth
        elif depth:
            depth -= 1
    return best


def _python_verdict(text: str):
    """CPython's own parser (parse only, nothing runs): None if the text is valid Python, else
    (rel_line, col, message) of its syntax error."""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        line = max(0, (exc.lineno or 1) - 1)
        return (line, max(0, (exc.offset or 1) - 1), exc.msg or "invalid syntax")
    except (RecursionError, MemoryError, ValueError):
        return None
    return None


MAX_CHAIN = 800  # libcst's parse time grows quadratically with operator/subscript chains
_STRINGS = re.compile(r"(\"\"\"|\'\'\')[\s\S]*?\1|\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*")
_CHAIN_OPS = re.compile(r"[-+*/%@|&^.\[]")


def _too_long_chain(text: str) -> bool:
    """One line holding a chain of hundreds of operators or subscripts (generated code)."""
    if len(text) < MAX_CHAIN:
        return False
    for line in text.split("\n"):
        if len(line) > MAX_CHAIN and len(_CHAIN_OPS.findall(_STRINGS.sub("", line))) > MAX_CHAIN // 2:
            return True
    return False


def _parse_one(text: str) -> Parsed:
    if _too_long_chain(text):
        return Parsed(None, {}, None, note="statement too long to analyse")
    if _max_depth(text) > MAX_BRACKET_DEPTH:
        err = _python_verdict(text)
        return Parsed(None, {}, err) if err else Parsed(None, {}, None, note=TOO_DEEP)
    try:
        module = _parse_module(text)
    except cst.ParserSyntaxError as exc:
        err = _python_verdict(text)
        if err is None:  # valid Python that libcst cannot read: say so, report nothing
            return Parsed(None, {}, None, note="statement not analysed (the parser could not read it)")
        return Parsed(None, {}, err)
    except Exception:  # RecursionError, MemoryError, or anything else libcst raises on odd input
        err = _python_verdict(text)
        return Parsed(None, {}, err) if err else Parsed(None, {}, None, note=TOO_DEEP)
    return Parsed(module)


def parse_chunk(text: str) -> Parsed:
    hit = _PARSE_CACHE.get(text)
    if hit is not None:
        _PARSE_CACHE.move_to_end(text)
        return hit
    parsed = _parse_one(text)
    if parsed.module is None and parsed.error is not None and "\n" in text.rstrip("\n"):
        parsed.pieces = _resplit(text)
    global _cached_chars
    _PARSE_CACHE[text] = parsed
    _cached_chars += len(text)
    _trim()
    return parsed


def _resplit(text: str) -> list:
    """A chunk that does not parse (typically an unclosed bracket being typed) is cut again at
    every column-0 line that looks like a new statement, so that the statements after the
    broken one still analyse."""
    lines = split_lines(text)
    starts = [0] + [i for i, l in enumerate(lines) if i > 0 and _STMT_START.match(l)]
    pieces = []
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        piece = "".join(lines[a:b])
        for rel, sub in chunk_texts(piece):
            p = _parse_one(sub)
            pieces.append((a + rel, p))
    return pieces
