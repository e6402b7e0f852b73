"""The abstract interpreter: runs the statements of a file over abstract values.

It never imports, evaluates or executes anything from the analysed source: it walks libcst
trees.  State is kept at top-level statement boundaries: a chunk whose text is unchanged and
whose inputs (the names it read) are the same values as last time is replayed, not re-run.

The rule (engine/README.md): where the interpreter did not follow what the code does, the value
is UNKNOWN and nothing is reported about it; README.md lists what is modelled exactly.
"""

from __future__ import annotations

import itertools
import logging
import time
from typing import Optional

import libcst as cst

from .keras.dispatch import KerasOps
from .libraries import arrays
from .python.calls import Calls
from .python.control import Control
from .python.expressions import Expressions
from .python.imports import Imports
from .python.mutation import Mutation
from .python.operators import Operators
from .python.scopes import Budget, Globals
from .python.statements import Statements
from .records import ChunkRecord, PendingDiag, PendingLayer, PendingSymbol
from .values import ArrayV, LayerV, Loc, ModelV, Tensor, TensorList

log = logging.getLogger("shapelens.engine")


_seq = itertools.count(1)


def next_id() -> int:
    return next(_seq)


class Interp(Imports, Statements, Control, Expressions, Operators, Calls, Mutation):
    """Executes the statements of one chunk.  Python's semantics come from the mixins in engine/python
    (one concern each); Keras' from ``self.k`` (engine/keras), arrays' from ``self.a``."""

    def __init__(self, session, chunk, parsed, record: ChunkRecord, line_off: int = 0):
        self.session = session
        self.chunk = chunk
        self.parsed = parsed
        self.pos = None  # the chunk's positions, computed on the first loc() (see frontend.Parsed)
        self.cur_stmt = None
        self.line_off = line_off
        self.rec = record
        self.g = Globals(session.env, record)
        self.depth = 0
        self.active = set()  # user functions being called (recursion guard)
        self.tentative = 0  # > 0 while analysing a function body at its definition
        self.silent = 0  # > 0 while diagnostics are not certain (definition-time run with defaults)
        self.maybe = 0  # > 0 on a path that may not run (see mutate)
        self.frames = []  # per user function being called: values returned on undecided paths
        self.loops = []  # per loop being run: _Loop
        self.code_cache = {}
        self.k = KerasOps(self)  # Keras' semantics
        self.a = arrays  # the array algebra (arithmetic and slicing of tensors and arrays)

    def iteration_item(self, iterable):
        """What every iteration over ``iterable`` gives, the same each time (a tf.data dataset's
        or a Keras generator's element: a batch of the spec's shape), or UNKNOWN.  (Python's
        semantics ask; the array libraries answer.)"""
        from .libraries.tfdata import iteration_item

        return iteration_item(iterable)

    # -- locations ---------------------------------------------------------------------------
    def loc(self, node) -> Optional[Loc]:
        if self.pos is None:
            self.pos = self.parsed.positions
        p = self.pos.get(node)
        if p is None:
            return None
        return Loc(self.chunk, p[0] + self.line_off, p[1], p[2] + self.line_off, p[3])

    @property
    def cur_stmt_loc(self) -> Optional[Loc]:
        """The place of the statement being run (computed when asked for)."""
        return self.loc(self.cur_stmt) if self.cur_stmt is not None else None

    def vloc(self, node) -> Optional[Loc]:
        """Loc of an expression including its own parentheses (libcst positions leave them out)."""
        loc = self.loc(node)
        lpar = getattr(node, "lpar", None)
        rpar = getattr(node, "rpar", None)
        if loc is None or not lpar or not rpar or loc.line != loc.end_line:
            return loc
        left = sum(len(self.code(p)) for p in lpar)
        right = sum(len(self.code(p)) for p in rpar)
        return Loc(loc.chunk, loc.line, max(0, loc.col - left), loc.end_line, loc.end_col + right)

    def code(self, node) -> str:
        c = self.code_cache.get(node)
        if c is None and type(node) is cst.Name and not node.lpar:
            return node.value
        if c is None and type(node) is cst.Attribute and not node.lpar and _plain_dotted(node):
            c = self.code_cache[node] = _dotted_text(node)
        if c is None:
            try:
                c = cst.Module(body=[]).code_for_node(node)
            except Exception:
                c = "…"
            self.code_cache[node] = c
        return c

    # -- output ------------------------------------------------------------------------------
    def diag(self, loc, code, message, *, refs=(), fixes=(), related=(), severity=None):
        if loc is None or self.silent:
            return
        self.rec.diags.append(PendingDiag(loc, code, message, tuple(refs), tuple(fixes), tuple(related),
                                          severity, tentative=self.tentative > 0))

    def layer_fact(self, **kw):
        self.rec.layers.append(PendingLayer(tentative=self.tentative > 0, **kw))

    def symbol(self, node, value, text=None):
        if isinstance(value, Tensor):
            kind, shape = "tensor", value.shape
        elif isinstance(value, TensorList):
            kind, shape = "tensor", [t.shape if isinstance(t, Tensor) else None for t in value.items]
        elif isinstance(value, ArrayV):
            kind, shape = "array", value.shape
        elif isinstance(value, ModelV):
            kind, shape = "model", None
        elif isinstance(value, LayerV):
            kind, shape = "layer", None
        else:
            return
        loc = self.loc(node)
        if loc is not None:
            self.rec.symbols.append(PendingSymbol(loc, text or self.code(node), kind, shape,
                                                  value if kind in ("model", "layer") else ""))

    def check_time(self):
        self.session.steps += 1
        if self.session.steps & 63 == 0 and time.monotonic() > self.session.deadline:
            raise Budget()


def _plain_dotted(node) -> bool:
    """``a.b.c`` written without parentheses, comments or spaces around the dots."""
    while type(node) is cst.Attribute:
        if node.lpar or type(node.dot) is not cst.Dot or not _bare_dot(node.dot):
            return False
        node = node.value
    return type(node) is cst.Name and not node.lpar


def _bare_dot(dot) -> bool:
    wb, wa = dot.whitespace_before, dot.whitespace_after
    return (type(wb) is cst.SimpleWhitespace and wb.value == "" and type(wa) is cst.SimpleWhitespace
            and wa.value == "")


def _dotted_text(node) -> str:
    parts = []
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)
        node = node.value
    parts.append(node.value)
    return ".".join(reversed(parts))
