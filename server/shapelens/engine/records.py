"""What executing one chunk produced, kept with the chunk so unchanged chunks replay it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

MISSING = object()


class NameStart:
    """base -> how many auto names of it the statements before one statement made; set by the
    session on every run.  Held by the statement's record and by its AutoNames (which do not
    hold the record: no reference cycle keeps an old record alive)."""

    __slots__ = ("start",)

    def __init__(self, start: Optional[dict] = None):
        self.start = start


class AutoName:
    """A name Keras gives a layer, input or model made without ``name=``: ``lstm``, ``lstm_1``,
    ... numbered across the whole file in creation order.  The number is this statement's
    ``idx``-th ``base`` plus how many ``base`` names the statements before it made.  So a
    statement that makes one layer more or fewer renumbers the later names without running the
    later statements again (which a counter in the environment did: typing a syntax error in
    the middle of a 10,000-line file re-ran the 2,000 statements after it, 2 s)."""

    __slots__ = ("cell", "base", "idx")

    def __init__(self, cell: NameStart, base: str, idx: int):
        self.cell = cell
        self.base = base
        self.idx = idx

    def __str__(self) -> str:
        start = self.cell.start
        n = self.idx + (start.get(self.base, 0) if start else 0)
        return self.base if n == 0 else f"{self.base}_{n}"

    def __repr__(self) -> str:
        return f"AutoName({str(self)!r})"


def name_text(name) -> Optional[str]:
    """A name as text (an :class:`AutoName` as it is numbered now)."""
    return name if name is None or type(name) is str else str(name)


def same(a, b) -> bool:
    """Is ``b`` the very value ``a`` was (identity, or equal plain data)?"""
    if a is b:
        return True
    ta = type(a)
    if ta is not type(b):
        return False
    if ta in (int, float, str, bool, bytes):
        return a == b
    if ta is tuple:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if getattr(ta, "__dataclass_params__", None) is not None and ta.__dataclass_params__.frozen:
        return a == b
    return False


@dataclass
class PendingFix:
    title: str
    edits: tuple  # ((Loc, new_text), ...)
    preferred: bool = False
    kind: str = "quickfix"
    refs: tuple = ()  # Locs whose 1-based lines replace "@L0@", "@L1@"... in the title


@dataclass
class PendingDiag:
    loc: object
    code: str
    message: str  # may hold "@L0@", "@L1@" ... replaced by the 1-based lines of refs
    refs: tuple = ()
    fixes: tuple = ()
    related: tuple = ()  # ((Loc, message), ...)
    severity: Optional[str] = None
    tentative: bool = False


@dataclass(slots=True)
class PendingLayer:
    loc: object
    layer: str
    name: str
    input_shape: object
    output_shape: object
    params: Optional[int]
    output_names: Optional[tuple]
    why: tuple
    hint_loc: Optional[object]  # Loc whose end is where the inlay hint goes
    call_loc: Optional[object]
    tentative: bool = False


@dataclass(slots=True)
class PendingSymbol:
    loc: object
    text: str
    kind: str
    shape: object
    detail: object = ""  # str, or a ModelV to render lazily


@dataclass(eq=False, slots=True)
class ChunkRecord:
    reads: dict = field(default_factory=dict)
    writes: dict = field(default_factory=dict)
    layers: list = field(default_factory=list)
    diags: list = field(default_factory=list)
    symbols: list = field(default_factory=list)
    models: list = field(default_factory=list)  # (ModelV) latest versions created/updated here
    refactors: list = field(default_factory=list)  # (Loc, PendingFix)
    syntax: Optional[tuple] = None  # (rel_line, col, message)
    note: Optional[str] = None  # why the chunk was not analysed, when that is not an error
    autos: Optional[dict] = None  # base -> how many AutoNames of it this statement made
    names: Optional[NameStart] = None  # where its AutoNames start (set when it makes one)
    name_uses: Optional[list] = None  # (AutoName, the text it had) written into messages here

    def names_hold(self) -> bool:
        """The auto names this statement wrote into its messages still read the same."""
        return not self.name_uses or all(str(n) == text for n, text in self.name_uses)

    def count_names(self, counts: dict) -> None:
        """Add the auto names this statement made to ``counts`` (base -> names so far)."""
        for base, k in self.autos.items():
            counts[base] = counts.get(base, 0) + k

    def compact(self) -> None:
        """Once the statement has run: its lists become tuples (a shared one when empty); a
        10,000-line file keeps ~6,000 records, most with nothing in most of them."""
        self.layers = tuple(self.layers)
        self.diags = tuple(self.diags)
        self.symbols = tuple(self.symbols)
        self.models = tuple(self.models)
        self.refactors = tuple(self.refactors)

    def valid_for(self, env: dict) -> bool:
        for name, val in self.reads.items():
            if not same(val, env.get(name, MISSING)):
                return False
        return True
