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
import os
import time
from typing import Optional

import libcst as cst

from ..results import Analysis
from . import frontend
from .records import MISSING, ChunkRecord, PendingDiag, PendingFix, PendingLayer, PendingSymbol, same
from .values import (
    UNKNOWN, ArrayV, BoundMethod, ClassV, DictV, FuncV, InstanceV, LayerV, ListV, Loc, ModelV, ModuleV,
    Param, PartialV, Sym, Tensor, TensorList, is_int,
)

log = logging.getLogger(__name__)

# Tests set SHAPELENS_STRICT=1 so that an engine bug fails loudly instead of going silent.
STRICT = os.environ.get("SHAPELENS_STRICT") == "1"

MAX_LOOP = 64  # loop iterations unrolled
MAX_DEPTH = 24  # nested calls of user functions
MAX_SEQ = 10000  # elements of a literal sequence we look at


class Budget(Exception):
    """The run took longer than its time budget."""


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Raise(Exception):
    """A ``raise`` statement: the path ends (an except clause may take it up)."""


_CONTROL = (Budget, _Return, _Break, _Continue, _Raise)


class _Loop:
    """States at the breaks and continues of a loop taken under conditions the engine cannot decide."""

    __slots__ = ("breaks", "continues")

    def __init__(self):
        self.breaks = []
        self.continues = []


# Decorators that hand back the function or class they decorate.
_TRANSPARENT = frozenset({
    "tensorflow.function", "tensorflow.autograph.experimental.do_not_convert", "functools.cache",
    "functools.lru_cache", "abc.abstractmethod", "typing.overload", "typing.final",
    "keras.saving.register_keras_serializable", "keras.utils.register_keras_serializable",
})
_TRANSPARENT_FACTORIES = frozenset({
    "tensorflow.function", "functools.lru_cache", "keras.saving.register_keras_serializable",
    "keras.utils.register_keras_serializable", "tensorflow.keras.utils.register_keras_serializable",
})

# Methods that change the object they are called on (lists, dicts, sets) or, in the engine, the
# Keras model a name holds (Sequential.add builds a new version of the model).
_MUTATORS = frozenset({
    "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "update", "setdefault",
    "popitem", "add", "discard", "build", "compile", "fit", "fit_generator", "train_on_batch", "evaluate",
    "predict", "adapt",
})


def _base_name(node) -> Optional[str]:
    """The name at the root of ``a.b[c].d`` (``a``)."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


class _BoundNames(cst.CSTVisitor):
    """Names a block may bind or change; nested functions and classes are not entered."""

    def __init__(self):
        self.names = set()

    def target(self, t):
        if isinstance(t, cst.Name):
            self.names.add(t.value)
        elif isinstance(t, (cst.Tuple, cst.List)):
            for el in t.elements:
                self.target(el.value)
        elif isinstance(t, cst.StarredElement):
            self.target(t.value)
        else:
            base = _base_name(t)
            if base is not None:
                self.names.add(base)

    def visit_Assign(self, node):
        for t in node.targets:
            self.target(t.target)

    def visit_AnnAssign(self, node):
        self.target(node.target)

    def visit_AugAssign(self, node):
        self.target(node.target)

    def visit_For(self, node):
        self.target(node.target)

    def visit_WithItem(self, node):
        if node.asname is not None:
            self.target(node.asname.name)

    def visit_NamedExpr(self, node):
        self.target(node.target)

    def visit_Del(self, node):
        self.target(node.target)

    def visit_ExceptHandler(self, node):
        if node.name is not None:
            self.target(node.name.name)

    def visit_Import(self, node):
        for a in node.names:
            self.names.add(a.asname.name.value if a.asname is not None and isinstance(a.asname.name, cst.Name)
                           else _dotted(a.name).split(".")[0])

    def visit_ImportFrom(self, node):
        if not isinstance(node.names, cst.ImportStar):
            for a in node.names:
                self.names.add(a.asname.name.value if a.asname is not None and isinstance(a.asname.name, cst.Name)
                               else _dotted(a.name))

    def visit_Call(self, node):
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value in _MUTATORS:
            base = _base_name(f.value)
            if base is not None:
                self.names.add(base)

    def visit_FunctionDef(self, node):
        self.names.add(node.name.value)
        return False

    def visit_ClassDef(self, node):
        self.names.add(node.name.value)
        return False

    def visit_Lambda(self, node):
        return False


def _dotted(node) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return _dotted(node.value) + "." + node.attr.value
    return ""


class _Declared(cst.CSTVisitor):
    def __init__(self):
        self.globals = set()
        self.nonlocals = set()

    def visit_Global(self, node):
        self.globals.update(n.name.value for n in node.names)

    def visit_Nonlocal(self, node):
        self.nonlocals.update(n.name.value for n in node.names)

    def visit_FunctionDef(self, node):
        return False

    def visit_ClassDef(self, node):
        return False

    def visit_Lambda(self, node):
        return False


def _hashable(k) -> bool:
    return isinstance(k, (str, int, float, bool, tuple)) or k is None


def _replaced(v, old, new, depth=2):
    """``v`` with every occurrence of the object ``old`` (in lists, dicts and tuples it holds) put as ``new``."""
    if v is old:
        return new
    if depth == 0:
        return v
    if isinstance(v, ListV):
        items = tuple(_replaced(x, old, new, depth - 1) for x in v.items)
        return v if all(a is b for a, b in zip(items, v.items)) else ListV(items)
    if isinstance(v, DictV):
        items = tuple((k, _replaced(x, old, new, depth - 1)) for k, x in v.items)
        return v if all(a[1] is b[1] for a, b in zip(items, v.items)) else DictV(items)
    if type(v) is tuple and v:
        items = tuple(_replaced(x, old, new, depth - 1) for x in v)
        return v if all(a is b for a, b in zip(items, v)) else items
    return v


def _dict_set(d: DictV, key, value) -> DictV:
    items = list(d.items)
    for n, (k, _v) in enumerate(items):
        if same(k, key) or (type(k) is type(key) and k == key):
            items[n] = (k, value)
            return DictV(tuple(items))
    return DictV(tuple(items) + ((key, value),))


def _dict_update(d: DictV, other):
    if isinstance(other, DictV):
        for k, v in other.items:
            d = _dict_set(d, k, v)
        return d
    return UNKNOWN


def _mro(cls):
    out, stack = [], [cls]
    while stack:
        c = stack.pop(0)
        if isinstance(c, ClassV) and c not in out:
            out.append(c)
            stack.extend(c.bases)
    return out


def _plain_data_class(cls) -> bool:
    """A class with no methods, whose bases are such classes or none: nothing but the code
    the engine reads changes its instances' attributes."""
    for b in cls.bases:
        if not (isinstance(b, ClassV) and _plain_data_class(b)) and b != ModuleV("builtins.object"):
            return False
    return not getattr(cls, "methods", True)


class Globals:
    """Module scope seen by one chunk: reads are recorded (first value seen), writes buffered."""

    __slots__ = ("env", "reads", "writes")

    def __init__(self, env: dict, record: ChunkRecord):
        self.env = env
        self.reads = record.reads
        self.writes = record.writes

    def lookup(self, name):
        if name in self.writes:
            return self.writes[name]
        v = self.env.get(name, MISSING)
        if name not in self.reads:
            self.reads[name] = v
        return v

    def assign(self, name, value):
        self.writes[name] = value

    def has_local(self, name) -> bool:
        return False

    def overlay(self) -> "Globals":
        """The module as a function analysed at its definition sees it: what it reads is
        recorded, what it writes stays in the overlay (the function was not called)."""
        g = Globals.__new__(Globals)
        g.env, g.reads, g.writes = self.env, self.reads, dict(self.writes)
        return g


class Local:
    __slots__ = ("vars", "parent", "globals", "decl", "sandbox")

    def __init__(self, parent, globals_: Globals):
        self.vars = {}
        self.parent = parent
        self.globals = globals_
        self.decl = None  # name -> the scope a global/nonlocal declaration sends it to
        self.sandbox = False  # a function analysed at its definition: enclosing scopes are not changed

    def declare(self, declared, enclosing, definition: bool):
        globals_, nonlocals = declared
        if not globals_ and not nonlocals:
            return
        self.decl = {}
        for name in globals_:
            self.decl[name] = self.globals
        for name in nonlocals:
            s = enclosing
            while isinstance(s, Local) and name not in s.vars:
                s = s.parent
            if isinstance(s, Local) and not definition:
                self.decl[name] = s

    def lookup(self, name):
        scope = self
        while isinstance(scope, Local):
            if scope.decl is not None and name in scope.decl:
                return scope.decl[name].lookup(name)
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return self.globals.lookup(name)

    def assign(self, name, value):
        if self.decl is not None and name in self.decl:
            self.decl[name].assign(name, value)
        else:
            self.vars[name] = value


_seq = itertools.count(1)


def next_id() -> int:
    return next(_seq)


class Interp:
    """Executes the statements of one chunk."""

    def __init__(self, session: "Session", chunk, parsed, record: ChunkRecord, line_off: int = 0):
        self.session = session
        self.chunk = chunk
        self.parsed = parsed
        self.pos = parsed.positions
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
        from . import keras_ops, arrays  # noqa: F401  (late: they import this module)

        self.k = keras_ops.KerasOps(self)
        self.a = arrays

    # -- locations ---------------------------------------------------------------------------
    def loc(self, node) -> Optional[Loc]:
        p = self.pos.get(node)
        if p is None:
            return None
        return Loc(self.chunk, p[0] + self.line_off, p[1], p[2] + self.line_off, p[3])

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

    # -- statements ------------------------------------------------------------------------
    def run_module(self, module: cst.Module):
        try:
            self.exec_block(module.body, self.g)
        except (_Return, _Break, _Continue, _Raise):
            pass

    def exec_block(self, stmts, scope):
        for st in stmts:
            self.exec_stmt(st, scope)

    def exec_stmt(self, st, scope):
        self.check_time()
        self.cur_stmt_loc = self.loc(st)
        self.cur_stmt = st
        try:
            if isinstance(st, cst.SimpleStatementLine):
                for small in st.body:
                    self.exec_small(small, scope)
            elif isinstance(st, cst.FunctionDef):
                self.exec_def(st, scope)
            elif isinstance(st, cst.ClassDef):
                self.exec_class(st, scope)
            elif isinstance(st, cst.If):
                self.exec_if(st, scope)
            elif isinstance(st, cst.For):
                self.exec_for(st, scope)
            elif isinstance(st, cst.While):
                self.exec_loop_unknown(st.body, scope, None, st.orelse)
            elif isinstance(st, cst.With):
                for item in st.items:
                    self.eval(item.item, scope)
                    if item.asname is not None:
                        self.assign_target(item.asname.name, UNKNOWN, scope, None)  # what __enter__ returns
                self.exec_suite(st.body, scope)
            elif isinstance(st, (cst.Try, getattr(cst, "TryStar", cst.Try))):
                self.exec_try(st, scope)
            elif isinstance(st, cst.Match) if hasattr(cst, "Match") else False:
                self.eval(st.subject, scope)
                self.exec_alternatives(scope, [lambda c=case: self.exec_suite(c.body, scope) for case in st.cases],
                                       may_skip=True)
        except _CONTROL:
            raise
        except RecursionError:
            raise
        except Exception:  # an engine bug must never take the analysis down
            if STRICT:
                raise
            log.debug("statement failed", exc_info=True)

    def exec_suite(self, suite, scope):
        if isinstance(suite, cst.IndentedBlock):
            self.exec_block(suite.body, scope)
        elif isinstance(suite, cst.SimpleStatementSuite):
            for small in suite.body:
                self.exec_small(small, scope)

    # -- control flow: what may or may not run -----------------------------------------------
    # A path that leaves a block early (return, break, continue, raise) under a condition the
    # engine cannot decide is recorded where it lands: a return's value joins the function's
    # result, a break's bindings join the state after the loop, a continue's the state at the
    # next iteration.  States are joined name by name: the same value stays, anything else is
    # Unknown.  So a value is never taken from one path when another path may bind a different one.

    def _snapshot(self, scope):
        if isinstance(scope, Globals):
            return dict(scope.writes)
        return dict(scope.vars)

    def _current(self, scope):
        return scope.writes if isinstance(scope, Globals) else scope.vars

    def _restore(self, scope, state):
        cur = self._current(scope)
        cur.clear()
        cur.update(state)

    def _join(self, scope, states):
        """Set the scope to the join of ``states`` (snapshots taken in it)."""
        if len(states) == 1:
            self._restore(scope, states[0])
            return
        env = scope.env if isinstance(scope, Globals) else None
        names = set()
        for s in states:
            names.update(s)
        out = {}
        for name in names:
            vals = []
            for s in states:
                v = s.get(name, MISSING)
                if v is MISSING and env is not None:
                    v = env.get(name, MISSING)
                vals.append(v)
            first = vals[0]
            if all(same(first, v) for v in vals[1:]):
                if first is not MISSING:
                    out[name] = first
            elif name.startswith("\0"):
                out[name] = states[-1].get(name, first)  # facts of layers called on one path
            else:
                out[name] = UNKNOWN
        self._restore(scope, out)

    def _run(self, body):
        """Run ``body()``; the control exception that left it early, or None if it fell through."""
        try:
            body()
        except (_Return, _Break, _Continue, _Raise) as exc:
            return exc
        return None

    def _record_exit(self, exc, state):
        """A path left its block early under a condition: remember where it lands."""
        if isinstance(exc, _Return):
            if self.frames:
                self.frames[-1].append(exc.value)
        elif isinstance(exc, _Break):
            if self.loops:
                self.loops[-1].breaks.append(state)
        elif isinstance(exc, _Continue):
            if self.loops:
                self.loops[-1].continues.append(state)
        # a raise lands in an except clause (see exec_try) or leaves the program: no state

    def exec_alternatives(self, scope, bodies, may_skip: bool):
        """Exactly one of ``bodies`` runs (``may_skip``: or none of them); the engine cannot tell which."""
        before = self._snapshot(scope)
        falls = [before] if may_skip else []
        exits = []
        self.maybe += 1
        try:
            for body in bodies:
                self._restore(scope, before)
                exc = self._run(body)
                state = self._snapshot(scope)
                if exc is None:
                    falls.append(state)
                else:
                    exits.append((exc, state))
        finally:
            self.maybe -= 1
        if not falls:  # every path left early: the first goes on up, the others are recorded
            for exc, state in exits[1:]:
                self._record_exit(exc, state)
            self._restore(scope, exits[0][1])
            raise exits[0][0]
        for exc, state in exits:
            self._record_exit(exc, state)
        self._join(scope, falls)

    def exec_if(self, st: cst.If, scope):
        cond = self.truth(self.eval(st.test, scope))
        if cond is True:
            self.exec_suite(st.body, scope)
            return
        orelse = st.orelse
        if cond is False:
            if isinstance(orelse, cst.If):
                self.exec_if(orelse, scope)
            elif orelse is not None:
                self.exec_suite(orelse.body, scope)
            return
        bodies = [lambda: self.exec_suite(st.body, scope)]
        if isinstance(orelse, cst.If):
            bodies.append(lambda: self.exec_if(orelse, scope))
        elif orelse is not None:
            bodies.append(lambda: self.exec_suite(orelse.body, scope))
        self.exec_alternatives(scope, bodies, may_skip=orelse is None)

    def exec_for(self, st: cst.For, scope):
        items = self.iterate(self.eval(st.iter, scope))
        if items is None or len(items) > MAX_LOOP:
            self.exec_loop_unknown(st.body, scope, st.target, st.orelse)
            return
        loop = _Loop()
        self.loops.append(loop)
        broke = False
        try:
            for item in items:
                self.assign_target(st.target, item, scope, None)
                exc = self._run(lambda: self.exec_suite(st.body, scope))
                if isinstance(exc, (_Return, _Raise)):
                    raise exc
                if loop.continues:
                    self._join(scope, [self._snapshot(scope)] + loop.continues)
                    loop.continues = []
                if isinstance(exc, _Break):
                    broke = True
                    break
        finally:
            self.loops.pop()
        if st.orelse is not None and not broke:
            if loop.breaks:  # a break may have skipped it
                self.exec_alternatives(scope, [lambda: self.exec_suite(st.orelse.body, scope)], may_skip=True)
            else:
                self.exec_suite(st.orelse.body, scope)
        if loop.breaks:
            self._join(scope, [self._snapshot(scope)] + loop.breaks)

    def exec_loop_unknown(self, body, scope, target, orelse):
        """A loop run an unknown number of times (0 included): the names its body binds or
        mutates are Unknown from the start of the body (a later iteration may see what an earlier
        one left) and after the loop unless every path leaves them as they were."""
        before = self._snapshot(scope)
        for name in self.bound_names(body, target):
            if name in self._current(scope) or scope.lookup(name) is not MISSING:
                scope.assign(name, UNKNOWN)
        if target is not None:
            self.assign_target(target, UNKNOWN, scope, None)
        loop = _Loop()
        self.loops.append(loop)
        self.maybe += 1
        try:
            exc = self._run(lambda: self.exec_suite(body, scope))
        finally:
            self.maybe -= 1
            self.loops.pop()
        if isinstance(exc, _Return):
            self._record_exit(exc, None)
        states = [before, self._snapshot(scope)] + loop.breaks + loop.continues
        self._join(scope, states)
        if orelse is not None:
            self.exec_alternatives(scope, [lambda: self.exec_suite(orelse.body, scope)], may_skip=True)

    def exec_try(self, st, scope):
        before = self._snapshot(scope)
        exc = self._run(lambda: self.exec_suite(st.body, scope))
        after_body = self._snapshot(scope)
        falls, exits = [], []
        if exc is None and st.orelse is not None:
            exc = self._run(lambda: self.exec_suite(st.orelse.body, scope))
        if exc is None:
            falls.append(self._snapshot(scope))
        elif not isinstance(exc, _Raise):
            exits.append((exc, self._snapshot(scope)))
        if st.handlers:
            # a handler starts wherever the body stopped: what the body bound may or may not be bound
            self._join(scope, [before, after_body])
            entry = self._snapshot(scope)
            self.maybe += 1
            try:
                for h in st.handlers:
                    self._restore(scope, entry)
                    if h.name is not None:
                        self.assign_target(h.name.name, UNKNOWN, scope, None)
                    hexc = self._run(lambda h=h: self.exec_suite(h.body, scope))
                    if hexc is None:
                        falls.append(self._snapshot(scope))
                    elif not isinstance(hexc, _Raise):
                        exits.append((hexc, self._snapshot(scope)))
            finally:
                self.maybe -= 1
        if st.finalbody is not None and not falls:
            self._join(scope, [before, after_body])
            self.exec_suite(st.finalbody.body, scope)
        if not falls:
            for e, state in exits[1:]:
                self._record_exit(e, state)
            if exits:
                raise exits[0][0]
            raise exc if exc is not None else _Raise()
        for e, state in exits:
            self._record_exit(e, state)
        self._join(scope, falls)
        if st.finalbody is not None:
            self.exec_suite(st.finalbody.body, scope)

    def bound_names(self, node, target=None) -> frozenset:
        """The names a block may bind or mutate (assignment targets, loop targets, imports,
        definitions, receivers of mutating calls, bases of item and attribute assignments)."""
        key = id(node)
        cache = self.parsed.__dict__.setdefault("_bound_names", {}) if hasattr(self.parsed, "__dict__") else {}
        hit = cache.get(key)
        if hit is not None and hit[0] is node:
            names = hit[1]
        else:
            collector = _BoundNames()
            node.visit(collector)
            names = frozenset(collector.names)
            cache[key] = (node, names)
        if target is not None:
            c = _BoundNames()
            c.target(target)
            names = names | c.names
        return names

    def exec_small(self, small, scope):
        if isinstance(small, cst.Assign):
            value = self.eval(small.value, scope)
            for t in small.targets:
                self.assign_target(t.target, value, scope, small.value)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                value = self.eval(small.value, scope)
                self.assign_target(small.target, value, scope, small.value)
        elif isinstance(small, cst.AugAssign):
            cur = self.eval(small.target, scope)
            rhs = self.eval(small.value, scope)
            if isinstance(cur, (ListV, DictV)) and isinstance(small.operator, (cst.AddAssign, cst.BitOrAssign)):
                # in place: every name holding this list or dict sees the change
                if isinstance(cur, ListV):
                    more = self.iterate(rhs) if isinstance(small.operator, cst.AddAssign) else None
                    new = ListV(cur.items + tuple(more)) if more is not None else UNKNOWN
                else:
                    new = _dict_update(cur, rhs) if isinstance(small.operator, cst.BitOrAssign) else UNKNOWN
                self.mutate(cur, new, scope)
                if not isinstance(small.target, cst.Name):
                    self.assign_target(small.target, new, scope, None)
                return
            self.assign_target(small.target, self.binop(cur, small.operator, rhs), scope, None)
        elif isinstance(small, cst.Expr):
            self.eval(small.value, scope)
        elif isinstance(small, cst.Import):
            for alias in small.names:
                full = self.code(alias.name)
                if alias.asname is not None:
                    self.bind(alias.asname.name, _module(self.k.canon(full), full), scope)
                else:
                    top = full.split(".")[0]
                    self.bind(top, _module(self.k.canon(top), top), scope)
        elif isinstance(small, cst.ImportFrom):
            if small.relative or small.module is None:
                names = small.names if not isinstance(small.names, cst.ImportStar) else []
                for alias in names:
                    self.bind(self._alias_name(alias), UNKNOWN, scope)
                return
            mod = self.code(small.module)
            if isinstance(small.names, cst.ImportStar):
                for name, path in self.k.star_names(self.k.canon(mod)):
                    scope.assign(name, ModuleV(path))
                return
            for alias in small.names:
                name = self.code(alias.name)
                self.bind(self._alias_name(alias), _module(self.k.canon(mod + "." + name), mod + "." + name), scope)
        elif isinstance(small, cst.Return):
            raise _Return(self.eval(small.value, scope) if small.value is not None else None)
        elif isinstance(small, cst.Break):
            raise _Break()
        elif isinstance(small, cst.Continue):
            raise _Continue()
        elif isinstance(small, cst.Raise):
            if small.exc is not None:
                self.eval(small.exc, scope)
            raise _Raise()
        elif isinstance(small, cst.Del):
            self.delete(small.target, scope)
        elif isinstance(small, (cst.Global, cst.Nonlocal, cst.Pass, cst.Assert)):
            pass  # global/nonlocal: see Local.declare (read when the function is called)

    def delete(self, target, scope):
        if isinstance(target, cst.Name):
            scope.assign(target.value, UNKNOWN)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.delete(el.value, scope)
        elif isinstance(target, cst.Subscript):
            base = self.eval(target.value, scope)
            if isinstance(base, (ListV, DictV)):
                key = self._index_of(target, scope)
                new = UNKNOWN
                if isinstance(base, DictV) and key is not MISSING and _hashable(key):
                    if any(same(k, key) or k == key for k, _ in base.items):
                        new = DictV(tuple((k, v) for k, v in base.items if not (same(k, key) or k == key)))
                elif isinstance(base, ListV) and is_int(key) and -len(base.items) <= key < len(base.items):
                    items = list(base.items)
                    del items[key]
                    new = ListV(tuple(items))
                self.mutate(base, new, scope)
        elif isinstance(target, cst.Attribute):
            obj = self.eval(target.value, scope)
            if isinstance(obj, (InstanceV, ClassV)):
                self.set_attr(obj, target.attr.value, UNKNOWN)

    def _index_of(self, sub: cst.Subscript, scope):
        """The key of ``a[key]`` (one plain index), or MISSING."""
        if len(sub.slice) != 1 or not isinstance(sub.slice[0].slice, cst.Index):
            return MISSING
        return self.eval(sub.slice[0].slice.value, scope)

    # -- mutation of lists, dicts and objects -------------------------------------------------
    # Lists and dicts are immutable values here (a statement's record keeps what it made), so a
    # mutation makes a new value and puts it wherever the old one is held: the names of the
    # scopes in reach and the lists, dicts and tuples they hold, as Python's shared object would
    # be seen.  Where it happens on a path that may not run, the names outside the current
    # scope (which the join after that path does not see) become Unknown instead.

    def mutate(self, old, new, scope):
        if old is new or not isinstance(old, (ListV, DictV)):
            return
        outside = UNKNOWN if self.maybe else new
        s = scope
        while isinstance(s, Local):
            for name, v in list(s.vars.items()):
                r = _replaced(v, old, new if s is scope else outside)
                if r is not v:
                    s.vars[name] = r
            if s.sandbox:
                break  # a function analysed at its definition changes nothing around it
            s = s.parent
        g = self.g
        val = new if scope is g else outside
        for name, v in list(g.writes.items()):
            r = _replaced(v, old, val)
            if r is not v:
                g.writes[name] = r
        for name, v in g.env.items():
            if name in g.writes:
                continue
            r = _replaced(v, old, val)
            if r is not v:
                g.lookup(name)  # recorded as read: the statement depends on it
                g.assign(name, r)

    def set_attr(self, obj, attr, value):
        """``obj.attr = value`` for a user class or instance (kept in the run's environment)."""
        self.g.assign(f"\0attr:{id(obj)}:{attr}", UNKNOWN if self.maybe else value)

    def get_attr(self, obj, attr):
        v = self.g.lookup(f"\0attr:{id(obj)}:{attr}")
        if v is not MISSING:
            return v
        cls = obj.cls if isinstance(obj, InstanceV) else obj
        if isinstance(obj, InstanceV) and not _plain_data_class(cls):
            return UNKNOWN  # its methods may set the attribute: not followed
        for c in _mro(cls):
            if attr in c.attrs:
                return c.attrs[attr]
        return UNKNOWN

    def _alias_name(self, alias) -> str:
        if alias.asname is not None:
            return alias.asname.name.value if isinstance(alias.asname.name, cst.Name) else self.code(alias.asname.name)
        return self.code(alias.name).split(".")[0]

    def bind(self, target, value, scope):
        if isinstance(target, cst.Name):
            scope.assign(target.value, value)
        elif isinstance(target, str):
            scope.assign(target, value)

    def assign_target(self, target, value, scope, value_node):
        if isinstance(target, cst.Name):
            if isinstance(value, ModelV) and value.var is None:
                value = value.evolve(var=target.value)
                self.k.note_model(value)
            if isinstance(value, Tensor) and value.is_input and value.input_var is None:
                value.input_var = target.value
            scope.assign(target.value, value)
            self.symbol(target, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elts = target.elements
            self.k.unpack(target, elts, value, scope, value_node)
        elif isinstance(target, cst.Attribute):
            obj = self.eval(target.value, scope)
            if isinstance(obj, (InstanceV, ClassV)):
                self.set_attr(obj, target.attr.value, value)
        elif isinstance(target, cst.Subscript):
            base = self.eval(target.value, scope)
            if isinstance(base, (ListV, DictV)):
                key = self._index_of(target, scope)
                new = UNKNOWN
                if isinstance(base, DictV) and key is not MISSING and _hashable(key):
                    new = _dict_set(base, key, value)
                elif isinstance(base, ListV) and is_int(key) and -len(base.items) <= key < len(base.items):
                    items = list(base.items)
                    items[key] = value
                    new = ListV(tuple(items))
                self.mutate(base, new, scope)
        elif isinstance(target, cst.StarredElement):
            self.assign_target(target.value, UNKNOWN, scope, None)

    def exec_def(self, st: cst.FunctionDef, scope):
        fn = FuncV(st.name.value, st, scope if isinstance(scope, Local) else None, self.chunk)
        for p in itertools.chain(st.params.posonly_params, st.params.params, st.params.kwonly_params):
            if p.default is not None:
                fn.defaults[p.name.value] = self.eval(p.default, scope)
        fn.line_off = self.line_off
        fn.parsed = self.parsed
        transparent = self.decorated(st.decorators, scope)
        scope.assign(st.name.value, fn if transparent else UNKNOWN)
        # Analyse the body once at definition, so hover works in functions never called here.
        # Parameters without a value are Param (of unknown type): nothing that rests on them is
        # reported.  Diagnostics count only when no parameter has a default (a default is one
        # value among others) and no decorator changes the function.  The run changes nothing
        # outside the function (see Globals.overlay).
        has_defaults = bool(fn.defaults)
        self.tentative += 1
        if has_defaults or not transparent or st.decorators:
            self.silent += 1
        real = self.g
        self.g = real.overlay()
        try:
            self.call_func(fn, [], {}, definition=True)
        except Budget:
            raise
        except Exception:
            log.debug("definition-time analysis failed", exc_info=True)
        finally:
            self.g = real
            self.tentative -= 1
            if has_defaults or not transparent or st.decorators:
                self.silent -= 1

    def decorated(self, decorators, scope) -> bool:
        """Do the decorators hand back the very function or class (tf.function, staticmethod,
        keras' register_keras_serializable, ...)?  Anything else may replace it."""
        for d in decorators:
            node = d.decorator
            v = self.eval(node.func if isinstance(node, cst.Call) else node, scope)
            path = v.path if isinstance(v, ModuleV) else None
            if isinstance(node, cst.Call):
                if path not in _TRANSPARENT_FACTORIES:
                    return False
            elif path not in _TRANSPARENT and not (isinstance(node, cst.Name) and node.value in ("staticmethod", "classmethod")):
                return False
        return True

    def exec_class(self, st: cst.ClassDef, scope):
        bases = tuple(self.eval(b.value, scope) for b in st.bases)
        is_layer = any(isinstance(b, ModuleV) and b.path == "keras.layers.Layer" or
                       (isinstance(b, ClassV) and b.is_layer) for b in bases)
        is_model = any(isinstance(b, ModuleV) and b.path in ("keras.Model", "keras.Sequential") or
                       (isinstance(b, ClassV) and b.is_model) for b in bases)
        cls = ClassV(st.name.value, bases, is_layer or is_model, is_model)
        # plain values assigned in the class body (class Config: UNITS = 64)
        body = st.body.body if isinstance(st.body, cst.IndentedBlock) else ()
        local = Local(scope if isinstance(scope, Local) else None, self.g)
        cls.methods = False
        for s in body:
            if isinstance(s, cst.SimpleStatementLine):
                for small in s.body:
                    if isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is not None:
                        value = self.eval(small.value, local)
                        targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                        for t in targets:
                            if isinstance(t, cst.Name):
                                local.vars[t.value] = value
                            else:
                                self.assign_target(t, value, local, None)
            elif isinstance(s, cst.FunctionDef):
                cls.methods = True
            else:
                cls.methods = True  # if/for/... in a class body: not followed
        cls.attrs = {k: v for k, v in local.vars.items()}
        scope.assign(st.name.value, cls if self.decorated(st.decorators, scope) else UNKNOWN)

    # -- expressions -----------------------------------------------------------------------
    def truth(self, v):
        if v is UNKNOWN or isinstance(v, (Sym, Tensor, ArrayV)):
            return None
        if isinstance(v, (int, float, str, bool, tuple)) or v is None:
            return bool(v)
        if isinstance(v, (ListV, DictV)):
            return bool(v.items)
        if isinstance(v, (LayerV, ModelV, FuncV, ClassV, ModuleV)):
            return True
        return None

    def iterate(self, v) -> Optional[list]:
        if isinstance(v, tuple):
            return list(v)
        if isinstance(v, ListV):
            return list(v.items)
        if isinstance(v, TensorList):
            return list(v.items)
        if isinstance(v, DictV):
            return v.keys()
        if isinstance(v, str):
            return list(v)
        if isinstance(v, _Range):
            return v.values()
        return None

    def eval(self, node, scope):
        try:
            return self._eval(node, scope)
        except (Budget, _Return):
            raise
        except _Unknowable:
            return UNKNOWN
        except RecursionError:
            raise
        except Exception:
            if STRICT:
                raise
            log.debug("expression failed", exc_info=True)
            return UNKNOWN

    def _eval(self, node, scope):
        if isinstance(node, cst.Name):
            v = self.lookup(node.value, scope)
            if isinstance(v, (Tensor, TensorList, ArrayV, ModelV)):
                self.symbol(node, v)  # hover on every use of a tensor, array or model, not only its assignment
            return v
        if isinstance(node, cst.Integer):
            try:
                return int(node.value.replace("_", ""), 0)
            except ValueError:
                return int(node.value.replace("_", "").lstrip("0") or "0")
        if isinstance(node, cst.Float):
            try:
                return float(node.value.replace("_", ""))
            except ValueError:
                return UNKNOWN
        if isinstance(node, cst.SimpleString):
            try:
                v = node.evaluated_value
            except Exception:
                return UNKNOWN
            return v if isinstance(v, str) else UNKNOWN
        if isinstance(node, cst.ConcatenatedString):
            try:
                v = node.evaluated_value
            except Exception:
                return UNKNOWN
            return v if isinstance(v, str) else UNKNOWN
        if isinstance(node, cst.FormattedString):
            for part in node.parts:
                if isinstance(part, cst.FormattedStringExpression):
                    self.eval(part.expression, scope)
            return UNKNOWN
        if isinstance(node, cst.Tuple):
            return tuple(self.eval_elements(node.elements, scope))
        if isinstance(node, cst.List):
            return ListV(tuple(self.eval_elements(node.elements, scope)))
        if isinstance(node, cst.Set):
            self.eval_elements(node.elements, scope)
            return UNKNOWN
        if isinstance(node, cst.Dict):
            items = []
            for el in node.elements:
                if isinstance(el, cst.DictElement):
                    k = self.eval(el.key, scope)
                    v = self.eval(el.value, scope)
                    if not isinstance(k, (str, int, float, bool, tuple)) and k is not None:
                        return UNKNOWN
                    items.append((k, v))
                else:
                    inner = self.eval(el.value, scope)
                    if not isinstance(inner, DictV):
                        return UNKNOWN
                    items.extend(inner.items)
            return DictV(tuple(items))
        if isinstance(node, cst.Attribute):
            base = self.eval(node.value, scope)
            return self.getattr(base, node.attr.value, node)
        if isinstance(node, cst.Call):
            return self.eval_call(node, scope)
        if isinstance(node, cst.Subscript):
            return self.eval_subscript(node, scope)
        if isinstance(node, cst.BinaryOperation):
            left = self.eval(node.left, scope)
            right = self.eval(node.right, scope)
            return self.binop(left, node.operator, right, node)
        if isinstance(node, cst.UnaryOperation):
            v = self.eval(node.expression, scope)
            if isinstance(node.operator, cst.Minus) and isinstance(v, (int, float)) and not isinstance(v, bool):
                return -v
            if isinstance(node.operator, cst.Plus) and isinstance(v, (int, float)):
                return v
            if isinstance(node.operator, cst.Not):
                t = self.truth(v)
                return UNKNOWN if t is None else (not t)
            if isinstance(v, (Tensor, ArrayV)):
                return v
            return UNKNOWN
        if isinstance(node, cst.BooleanOperation):
            left = self.eval(node.left, scope)
            lt = self.truth(left)
            if isinstance(node.operator, cst.And):
                if lt is False:
                    return left
                right = self.eval(node.right, scope)
                return right if lt is True else UNKNOWN
            if lt is True:
                return left
            right = self.eval(node.right, scope)
            return right if lt is False else UNKNOWN
        if isinstance(node, cst.Comparison):
            return self.compare(node, scope)
        if isinstance(node, cst.IfExp):
            t = self.truth(self.eval(node.test, scope))
            if t is True:
                return self.eval(node.body, scope)
            if t is False:
                return self.eval(node.orelse, scope)
            a = self.eval(node.body, scope)
            b = self.eval(node.orelse, scope)
            return a if same(a, b) else UNKNOWN
        if isinstance(node, cst.Lambda):
            fn = FuncV("<lambda>", node, scope if isinstance(scope, Local) else None, self.chunk)
            fn.line_off = self.line_off
            fn.parsed = self.parsed
            return fn
        if isinstance(node, (cst.ListComp, cst.GeneratorExp)):
            return self.comprehension(node, scope)
        if isinstance(node, cst.Ellipsis):
            return Ellipsis
        if isinstance(node, (cst.NamedExpr,)):
            v = self.eval(node.value, scope)
            self.assign_target(node.target, v, scope, node.value)
            return v
        if isinstance(node, cst.Await):
            self.eval(node.expression, scope)
            return UNKNOWN
        return UNKNOWN

    def eval_elements(self, elements, scope):
        out = []
        for el in elements[:MAX_SEQ]:
            if isinstance(el, cst.StarredElement):
                inner = self.iterate(self.eval(el.value, scope))
                if inner is None:
                    raise _Unknowable()
                out.extend(inner)
            else:
                out.append(self.eval(el.value, scope))
        return out

    def lookup(self, name, scope):
        v = scope.lookup(name)
        if v is MISSING:
            return BUILTINS.get(name, UNKNOWN)
        return v

    def comprehension(self, node, scope):
        local = Local(scope if isinstance(scope, Local) else None, self.g)
        if isinstance(scope, Local):
            local.parent = scope
        results = []
        ok = self._comp(node.for_in, node.elt, local, results)
        if not ok:
            return UNKNOWN
        return ListV(tuple(results))

    def _comp(self, comp, elt, local, results) -> bool:
        it = self.iterate(self.eval(comp.iter, local))
        if it is None:
            # still visit the element once for facts
            self.assign_target(comp.target, UNKNOWN, local, None)
            self.tentative += 1
            self.silent += 1
            try:
                self.eval(elt, local)
            finally:
                self.tentative -= 1
                self.silent -= 1
            return False
        for item in it[:MAX_LOOP]:
            self.assign_target(comp.target, item, local, None)
            keep = True
            for cond in comp.ifs:
                t = self.truth(self.eval(cond.test, local))
                if t is None:
                    return False
                if not t:
                    keep = False
                    break
            if not keep:
                continue
            if comp.inner_for_in is not None:
                if not self._comp(comp.inner_for_in, elt, local, results):
                    return False
            else:
                results.append(self.eval(elt, local))
        return len(it) <= MAX_LOOP

    def compare(self, node, scope):
        left = self.eval(node.left, scope)
        result = True
        for target in node.comparisons:
            right = self.eval(target.comparator, scope)
            op = target.operator
            if not _decided(left) or not _decided(right):
                return UNKNOWN
            try:
                if isinstance(op, cst.Equal):
                    r = left == right
                elif isinstance(op, cst.NotEqual):
                    r = left != right
                elif isinstance(op, cst.LessThan):
                    r = left < right
                elif isinstance(op, cst.LessThanEqual):
                    r = left <= right
                elif isinstance(op, cst.GreaterThan):
                    r = left > right
                elif isinstance(op, cst.GreaterThanEqual):
                    r = left >= right
                elif isinstance(op, cst.Is):
                    r = left is right if left is None or right is None or isinstance(left, bool) else UNKNOWN
                elif isinstance(op, cst.IsNot):
                    r = left is not right if left is None or right is None or isinstance(left, bool) else UNKNOWN
                elif isinstance(op, cst.In):
                    seq = self.iterate(right)
                    r = UNKNOWN if seq is None else any(same(left, x) or left == x for x in seq)
                elif isinstance(op, cst.NotIn):
                    seq = self.iterate(right)
                    r = UNKNOWN if seq is None else not any(same(left, x) or left == x for x in seq)
                else:
                    return UNKNOWN
            except TypeError:
                return UNKNOWN
            if r is UNKNOWN or not isinstance(r, bool):
                return UNKNOWN
            result = result and r
            left = right
        return result

    def binop(self, left, op, right, node=None):
        if isinstance(left, (Tensor, ArrayV)) or isinstance(right, (Tensor, ArrayV)):
            return self.a.elementwise(left, right, op)
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if isinstance(left, Param) or isinstance(right, Param):
            # computed from a value of unknown type: named (for shapes shown by name), never decided
            if node is not None and isinstance(left, (Param, Sym, int)) and isinstance(right, (Param, Sym, int)):
                return Param(self.code(node))
            return UNKNOWN
        if isinstance(left, Sym) or isinstance(right, Sym):
            if isinstance(left, (Sym, int)) and isinstance(right, (Sym, int)) and not isinstance(left, bool) and not isinstance(right, bool):
                sym = {cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.FloorDivide: "//"}.get(type(op))
                if sym and node is not None:
                    return Sym(self.code(node))
            return UNKNOWN
        try:
            if isinstance(op, cst.Add):
                if isinstance(left, ListV) and isinstance(right, ListV):
                    return ListV(left.items + right.items)
                if isinstance(left, (ListV, DictV)) or isinstance(right, (ListV, DictV)):
                    return UNKNOWN
                return left + right
            if isinstance(op, cst.Subtract):
                return left - right
            if isinstance(op, cst.Multiply):
                if isinstance(left, ListV) and is_int(right) and right < 10000:
                    return ListV(left.items * right)
                if isinstance(left, (tuple, str)) and is_int(right) and right > 10000:
                    return UNKNOWN
                return left * right
            if isinstance(op, cst.Divide):
                return left / right
            if isinstance(op, cst.FloorDivide):
                return left // right
            if isinstance(op, cst.Modulo):
                if isinstance(left, str):
                    return UNKNOWN
                return left % right
            if isinstance(op, cst.Power):
                if is_int(right) and abs(right) > 64:
                    return UNKNOWN
                return left ** right
        except Exception:
            return UNKNOWN
        return UNKNOWN

    # -- attribute access --------------------------------------------------------------------
    def getattr(self, base, attr, node):
        if isinstance(base, ModuleV):
            return _module(self.k.canon(base.path + "." + attr), (base.raw or base.path) + "." + attr)
        if base is UNKNOWN:
            return UNKNOWN
        if isinstance(base, (ModelV, LayerV, Tensor, ArrayV, TensorList)):
            return self.k.attribute(base, attr, node)
        if isinstance(base, (ListV, DictV, str)):
            receiver = node.value.value if isinstance(node.value, cst.Name) else None
            return BoundMethod(base, attr, receiver)
        if isinstance(base, (InstanceV, ClassV)):
            return self.get_attr(base, attr)
        return UNKNOWN

    def eval_subscript(self, node, scope):
        base = self.eval(node.value, scope)
        idx = []
        for el in node.slice:
            s = el.slice
            if isinstance(s, cst.Index):
                idx.append(self.eval(s.value, scope))
            else:
                lo = self.eval(s.lower, scope) if s.lower is not None else None
                hi = self.eval(s.upper, scope) if s.upper is not None else None
                st = self.eval(s.step, scope) if s.step is not None else None
                idx.append(_Slice(lo, hi, st))
        if isinstance(base, Param):
            return Param(self.code(node))
        if base is UNKNOWN:
            # X.shape[1] of data we cannot see: a named symbol
            if (len(idx) == 1 and is_int(idx[0]) and isinstance(node.value, cst.Attribute)
                    and node.value.attr.value == "shape"):
                return Sym(self.code(node))
            return UNKNOWN
        if isinstance(base, (Tensor, ArrayV)):
            return self.a.index(base, idx, self)
        if len(idx) != 1:
            return UNKNOWN
        i = idx[0]
        if isinstance(base, (tuple, ListV, TensorList, str)):
            items = base if isinstance(base, (tuple, str)) else base.items
            if isinstance(i, _Slice):
                sl = i.to_slice()
                if sl is None:
                    return UNKNOWN
                r = items[sl]
                return r if isinstance(base, (tuple, str)) else (ListV(tuple(r)) if isinstance(base, ListV) else TensorList(tuple(r)))
            if is_int(i) and -len(items) <= i < len(items):
                return items[i]
            if isinstance(base, tuple) and isinstance(i, Sym):
                return UNKNOWN
            return UNKNOWN
        if isinstance(base, DictV):
            v = base.get(i, MISSING)
            return UNKNOWN if v is MISSING else v
        if isinstance(base, ModelV):
            return UNKNOWN
        return UNKNOWN

    # -- calls -------------------------------------------------------------------------------
    def eval_call(self, node: cst.Call, scope):
        func = self.eval(node.func, scope)
        args, kwargs, arg_nodes = [], {}, {}
        star = False
        for i, a in enumerate(node.args):
            v = self.eval(a.value, scope)
            if a.star == "*":
                items = self.iterate(v)
                if items is None:
                    star = True
                else:
                    args.extend(items)
                continue
            if a.star == "**":
                if isinstance(v, DictV) and all(isinstance(k, str) for k in v.keys()):
                    kwargs.update(dict(v.items))
                else:
                    star = True
                continue
            if a.keyword is not None:
                kwargs[a.keyword.value] = v
                arg_nodes[a.keyword.value] = a
            else:
                arg_nodes[len(args)] = a
                args.append(v)
        if star:
            if isinstance(func, LayerV):  # calling a layer with *args: still a call, result unknown
                return UNKNOWN
            return UNKNOWN
        return self.call(func, args, kwargs, node, arg_nodes, scope)

    def call(self, func, args, kwargs, node, arg_nodes, scope):
        if isinstance(func, PartialV):
            n = len(func.args)
            shifted = {(k + n if isinstance(k, int) else k): a for k, a in arg_nodes.items()}
            return self.call(func.func, list(func.args) + list(args), {**dict(func.kwargs), **kwargs}, node, shifted, scope)
        if isinstance(func, ModuleV) and func.path == "functools.partial":
            if not args:
                return UNKNOWN
            return PartialV(args[0], tuple(args[1:]), tuple(kwargs.items()))
        if isinstance(func, ModuleV):
            self.k.raw_path = func.raw or func.path
            return self.k.call_path(func.path, args, kwargs, node, arg_nodes, scope)
        if isinstance(func, LayerV):
            return self.k.call_layer(func, args, kwargs, node, arg_nodes)
        if isinstance(func, ModelV):
            return self.k.call_model(func, args, kwargs, node)
        if isinstance(func, BoundMethod):
            return self.k.call_method(func, args, kwargs, node, arg_nodes, scope)
        if isinstance(func, FuncV):
            return self.call_func(func, args, kwargs)
        if isinstance(func, ClassV):
            if func.is_layer:
                return self.k.custom_layer(func, node)
            return InstanceV(func)
        if callable(func) and getattr(func, "_builtin", False):
            return func(self, args, kwargs, node)
        return UNKNOWN

    def call_func(self, fn: FuncV, args, kwargs, definition=False):
        if self.depth >= MAX_DEPTH or id(fn) in self.active:
            return UNKNOWN  # recursion: the result is unknown (following it would be exponential)
        node = fn.node
        local = Local(fn.scope, self.g)
        local.sandbox = definition
        params = node.params
        positional = list(params.posonly_params) + list(params.params)
        names = set()
        for i, p in enumerate(positional):
            name = p.name.value
            names.add(name)
            if i < len(args):
                local.vars[name] = args[i]
            elif name in kwargs:
                local.vars[name] = kwargs[name]
            elif name in fn.defaults:
                local.vars[name] = fn.defaults[name]
            else:
                local.vars[name] = Param(name) if name not in ("self", "cls") else UNKNOWN
        for p in params.kwonly_params:
            name = p.name.value
            names.add(name)
            local.vars[name] = kwargs[name] if name in kwargs else fn.defaults.get(name, Param(name))
        if isinstance(params.star_arg, cst.Param):
            local.vars[params.star_arg.name.value] = tuple(args[len(positional):]) if not definition else UNKNOWN
        if params.star_kwarg is not None:
            extra = {k: v for k, v in kwargs.items() if k not in names}
            local.vars[params.star_kwarg.name.value] = (UNKNOWN if definition else DictV(tuple(extra.items())))
        if not isinstance(node, cst.Lambda):
            local.declare(self.declared(node), fn.scope, definition)
        # Run the body in the chunk the function was defined in (positions are relative to it).
        saved = (self.chunk, self.pos, self.line_off, self.parsed)
        self.chunk, self.pos, self.line_off, self.parsed = fn.chunk, fn.parsed.positions, fn.line_off, fn.parsed
        self.depth += 1
        self.active.add(id(fn))
        self.frames.append([])
        try:
            if isinstance(node, cst.Lambda):
                return self.eval(node.body, local)
            results = self.frames[-1]  # values returned on paths the engine could not decide
            try:
                self.exec_suite(node.body, local)
                results.append(None)
            except _Return as r:
                results.append(r.value)
            except _Raise:
                pass  # this path raised: no value comes back from it
            except (_Break, _Continue):
                results.append(None)
            if not results:
                return UNKNOWN
            first = results[0]
            return first if all(same(first, v) for v in results[1:]) else UNKNOWN
        finally:
            self.frames.pop()
            self.depth -= 1
            self.active.discard(id(fn))
            self.chunk, self.pos, self.line_off, self.parsed = saved

    def declared(self, fn_node) -> tuple:
        """(global names, nonlocal names) a function body declares."""
        cache = self.parsed.__dict__.setdefault("_declared", {}) if hasattr(self.parsed, "__dict__") else {}
        hit = cache.get(id(fn_node))
        if hit is not None and hit[0] is fn_node:
            return hit[1]
        c = _Declared()
        fn_node.body.visit(c)
        out = (frozenset(c.globals), frozenset(c.nonlocals))
        cache[id(fn_node)] = (fn_node, out)
        return out


def _module(path: str, raw: str) -> ModuleV:
    return ModuleV(path, raw if raw != path else "")


class _Unknowable(Exception):
    pass


class _Slice:
    __slots__ = ("lo", "hi", "step")

    def __init__(self, lo, hi, step):
        self.lo, self.hi, self.step = lo, hi, step

    def to_slice(self):
        for v in (self.lo, self.hi, self.step):
            if v is not None and not is_int(v):
                return None
        return slice(self.lo, self.hi, self.step)


class _Range:
    def __init__(self, args):
        self.args = args

    def values(self):
        r = range(*self.args)
        if len(r) > MAX_LOOP * 4:
            return None
        return list(r)


def _b(fn):
    fn._builtin = True
    return fn


@_b
def _range(interp, args, kwargs, node):
    if 1 <= len(args) <= 3 and all(is_int(a) for a in args):
        r = _Range(tuple(args))
        return r if r.values() is not None else UNKNOWN
    return UNKNOWN


@_b
def _len(interp, args, kwargs, node):
    if len(args) != 1:
        return UNKNOWN
    v = args[0]
    if isinstance(v, (tuple, str)):
        return len(v)
    if isinstance(v, (ListV, DictV, TensorList)):
        return len(v.items)
    if isinstance(v, (ArrayV, Tensor)) and v.shape:
        d = v.shape[0]
        return d if is_int(d) else (Sym(d) if isinstance(d, str) else UNKNOWN)
    if isinstance(v, _Range):
        vals = v.values()
        return len(vals) if vals is not None else UNKNOWN
    if (v is UNKNOWN or isinstance(v, Param)) and node is not None:
        return Sym(interp.code(node))
    return UNKNOWN


@_b
def _tuple(interp, args, kwargs, node):
    if not args:
        return ()
    it = interp.iterate(args[0])
    return tuple(it) if it is not None else UNKNOWN


@_b
def _list(interp, args, kwargs, node):
    if not args:
        return ListV(())
    it = interp.iterate(args[0])
    return ListV(tuple(it)) if it is not None else UNKNOWN


@_b
def _int(interp, args, kwargs, node):
    if len(args) == 1 and isinstance(args[0], (int, float)) and not isinstance(args[0], bool):
        return int(args[0])
    if len(args) == 1 and isinstance(args[0], Sym):
        return args[0]
    return UNKNOWN


@_b
def _float(interp, args, kwargs, node):
    if len(args) == 1 and isinstance(args[0], (int, float)):
        return float(args[0])
    return UNKNOWN


def _mk_minmax(f):
    @_b
    def inner(interp, args, kwargs, node):
        vals = args
        if len(args) == 1:
            vals = interp.iterate(args[0]) or []
        if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            return f(vals)
        return UNKNOWN
    return inner


@_b
def _print(interp, args, kwargs, node):
    return None


@_b
def _unknown(interp, args, kwargs, node):
    return UNKNOWN


@_b
def _zip(interp, args, kwargs, node):
    seqs = [interp.iterate(a) for a in args]
    if any(s is None for s in seqs) or not seqs:
        return UNKNOWN
    return ListV(tuple(tuple(t) for t in zip(*seqs)))


@_b
def _enumerate(interp, args, kwargs, node):
    if not args:
        return UNKNOWN
    s = interp.iterate(args[0])
    if s is None:
        return UNKNOWN
    start = args[1] if len(args) > 1 and is_int(args[1]) else 0
    return ListV(tuple((i + start, v) for i, v in enumerate(s)))


@_b
def _reversed(interp, args, kwargs, node):
    s = interp.iterate(args[0]) if args else None
    return UNKNOWN if s is None else ListV(tuple(reversed(s)))


@_b
def _isinstance(interp, args, kwargs, node):
    return UNKNOWN


@_b
def _dict(interp, args, kwargs, node):
    """dict(), dict(mapping), dict(pairs), dict(**kwargs)."""
    d = DictV(())
    if len(args) > 1:
        return UNKNOWN
    if args:
        a = args[0]
        if isinstance(a, DictV):
            d = a
        else:
            pairs = interp.iterate(a)
            if pairs is None or not all(isinstance(p, tuple) and len(p) == 2 and _hashable(p[0]) for p in pairs):
                return UNKNOWN
            for k, v in pairs:
                d = _dict_set(d, k, v)
    for k, v in kwargs.items():
        d = _dict_set(d, k, v)
    return d


def _decided(v, depth=3) -> bool:
    """Is ``v`` a value whose equality the engine can decide (no Unknown, symbol or parameter in it)?"""
    if v is None or isinstance(v, (int, float, str, bool)):
        return True
    if isinstance(v, (tuple, ListV)) and depth:
        return all(_decided(x, depth - 1) for x in (v if isinstance(v, tuple) else v.items))
    if isinstance(v, DictV) and depth:
        return all(_decided(k, depth - 1) and _decided(x, depth - 1) for k, x in v.items)
    return isinstance(v, (ModuleV, FuncV, ClassV, LayerV, ModelV))


BUILTINS = {
    "range": _range, "len": _len, "tuple": _tuple, "list": _list, "int": _int, "float": _float,
    "min": _mk_minmax(min), "max": _mk_minmax(max), "sum": _mk_minmax(sum), "abs": _unknown,
    "print": _print, "zip": _zip, "enumerate": _enumerate, "reversed": _reversed,
    "isinstance": _isinstance, "str": _unknown, "round": _unknown, "open": _unknown, "dict": _dict,
    "object": ModuleV("builtins.object"),
    "True": True, "False": False, "None": None, "__name__": "__main__",
}


# -- the session: chunks, reuse, aggregation --------------------------------------------------

class Session:
    def __init__(self):
        from .aggregate import FactStore

        self.chunks: list = []
        self.env: dict = {}
        self.steps = 0
        self.deadline = 0.0
        self._text = None
        self._pieces = None
        self.store = FactStore()
        self.name_counts: dict = {}  # base -> auto names made before the statement that runs now

    def _match_chunks(self, pieces: list) -> tuple:
        """Keep the Chunk objects (parses, records) of the statements before and after the
        edited ones; returns the new chunk list, how many leading chunks are kept, and the
        chunks that are gone."""
        old = self.chunks
        n, m = len(old), len(pieces)
        pre = 0
        while pre < n and pre < m and old[pre].text == pieces[pre][1]:
            pre += 1
        suf = 0
        while suf < n - pre and suf < m - pre and old[n - 1 - suf].text == pieces[m - 1 - suf][1]:
            suf += 1
        out = old[:pre]
        for line, text in pieces[pre:m - suf]:
            out.append(frontend.Chunk(text, line))
        if suf:
            out.extend(old[n - suf:])
            first_moved = m - suf
            if old[n - suf].line != pieces[first_moved][0]:
                for ch, (line, _text) in zip(out[first_moved:], pieces[first_moved:]):
                    ch.line = line
        return out, pre, old[pre:n - suf]

    def run(self, text: str, time_budget: float = 5.0) -> Analysis:
        self.deadline = time.monotonic() + time_budget
        self.steps = 0
        if self._text is None:
            pieces = frontend.chunk_texts(text)
        else:
            pieces = frontend.rechunk_text(self._text, self._pieces, text)
        self._text, self._pieces = text, pieces
        store = self.store
        chunks, pre, gone = self._match_chunks(pieces)
        self.chunks = chunks
        # Names that may be bound to other values than in the previous run at the current
        # statement: a statement whose reads avoid them all is replayed without comparing.
        # The statements that are gone were where the new ones start (index ``pre``).
        changed: set = set()
        gone_writes: set = set()
        for ch in gone:
            if ch.outputs is not None:
                gone_writes.update(ch.outputs.writes)
                store.replace(ch, ch.outputs, None)
                ch.outputs = None
        env: dict = {}
        self.env = env
        notices = []
        complete = True
        covered = None
        counts = self.name_counts = {}  # (see records.AutoName; a running statement reads it)
        for i, chunk in enumerate(chunks):
            if i == pre:
                changed |= gone_writes
            rec = chunk.outputs
            if rec is not None and (i < pre or not changed or rec.reads.keys().isdisjoint(changed)
                                    or rec.valid_for(env)):
                if rec.autos:
                    rec.names.start = {b: counts.get(b, 0) for b in rec.autos}
                if rec.names_hold():
                    env.update(rec.writes)
                    if changed:
                        changed.difference_update(rec.writes)
                    if rec.autos:
                        rec.count_names(counts)
                    continue
            if time.monotonic() > self.deadline:
                complete = False
                covered = chunk.line
                notices.append(f"analysis stopped at line {chunk.line + 1}: the file took longer than {time_budget:g} s")
                for rest in chunks[i:]:
                    if rest.outputs is not None:
                        store.replace(rest, rest.outputs, None)
                        rest.outputs = None
                break
            new = self.execute(chunk)
            if new.autos:
                new.count_names(counts)
            if rec is not None:
                for name, val in rec.writes.items():
                    if name not in new.writes or not same(val, new.writes[name]):
                        changed.add(name)
                    else:
                        changed.discard(name)
            changed.update(name for name in new.writes if rec is None or name not in rec.writes)
            store.replace(chunk, rec, new)
            chunk.outputs = new
            env.update(new.writes)
        analysis = store.snapshot(chunks, notices, complete)
        analysis.covered_to = covered
        return analysis

    def execute(self, chunk) -> ChunkRecord:
        rec = ChunkRecord()
        # The tree is not kept on the chunk: a statement runs again only when its text or its
        # inputs change, and most never do, so keeping ~6,000 trees for a 10,000-line file would
        # cost more memory than re-parsing the few that run again (the parse cache keeps the
        # recent ones).  Functions keep the tree they were defined in (FunctionV.parsed).
        parsed = frontend.parse_chunk(chunk.text)
        parts = [(0, parsed)] if parsed.module is not None else (parsed.pieces or [(0, parsed)])
        for off, p in parts:
            if p.module is None:
                if rec.syntax is None and p.error is not None:
                    rec.syntax = (p.error[0] + off, p.error[1], p.error[2])
                if p.note is not None:
                    rec.note = p.note
                continue
            interp = Interp(self, chunk, p, rec, line_off=off)
            try:
                interp.run_module(p.module)
            except Budget:
                break
            except RecursionError:
                log.debug("recursion limit in chunk at line %s", chunk.line + 1)
            except Exception:
                if STRICT:
                    raise
                log.exception("engine failure in chunk at line %s", chunk.line + 1)
        if parsed.module is None and rec.syntax is None and parsed.error is not None:
            rec.syntax = parsed.error
        if rec.autos:  # its names read the session's running counts until now: keep its bases' values
            start = rec.names.start
            rec.names.start = {b: start.get(b, 0) for b in rec.autos}
        rec.compact()
        return rec
