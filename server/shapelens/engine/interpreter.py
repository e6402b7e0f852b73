"""The abstract interpreter: runs the statements of a file over abstract values.

It never imports, evaluates or executes anything from the analysed source: it walks libcst
trees.  State is kept at top-level statement boundaries: a chunk whose text is unchanged and
whose inputs (the names it read) are the same values as last time is replayed, not re-run.
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
    Sym, Tensor, TensorList, is_int,
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


class Local:
    __slots__ = ("vars", "parent", "globals")

    def __init__(self, parent, globals_: Globals):
        self.vars = {}
        self.parent = parent
        self.globals = globals_

    def lookup(self, name):
        scope = self
        while isinstance(scope, Local):
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return self.globals.lookup(name)

    def assign(self, name, value):
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
        except (_Return, _Break, _Continue):
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
                self.exec_while(st, scope)
            elif isinstance(st, cst.With):
                for item in st.items:
                    v = self.eval(item.item, scope)
                    if item.asname is not None:
                        self.bind(item.asname.name, UNKNOWN, scope)  # what __enter__ returns is unknown
                self.exec_suite(st.body, scope)
            elif isinstance(st, cst.Try):
                self.exec_suite(st.body, scope)
                for h in st.handlers:
                    self.exec_branch(h.body, scope)
                if st.orelse is not None:
                    self.exec_suite(st.orelse.body, scope)
                if st.finalbody is not None:
                    self.exec_suite(st.finalbody.body, scope)
            elif isinstance(st, cst.Match) if hasattr(cst, "Match") else False:
                for case in st.cases:
                    self.exec_branch(case.body, scope)
        except (Budget, _Return, _Break, _Continue):
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

    def exec_branch(self, suite, scope):
        """Run a branch that may or may not run: its facts count, its bindings become unknown
        where they differ from before."""
        snap = self._snapshot(scope)
        try:
            self.exec_suite(suite, scope)
        except (_Return, _Break, _Continue):
            pass
        self._merge(scope, snap, None)

    def _snapshot(self, scope):
        if isinstance(scope, Globals):
            return dict(scope.writes)
        return dict(scope.vars)

    def _current(self, scope):
        return scope.writes if isinstance(scope, Globals) else scope.vars

    def _merge(self, scope, before, other):
        """After a branch: names whose value differs from ``before`` (and ``other``) → Unknown."""
        cur = self._current(scope)
        for name in list(cur):
            old = before.get(name, MISSING)
            if old is MISSING and isinstance(scope, Globals):
                old = scope.env.get(name, MISSING)
            if not same(old, cur[name]):
                if other is not None and name in other and same(other[name], cur[name]):
                    continue
                if name.startswith("\0"):
                    continue  # layer-name counters only grow
                cur[name] = UNKNOWN

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
        elif isinstance(small, cst.Del):
            pass
        elif isinstance(small, (cst.Global, cst.Nonlocal, cst.Pass, cst.Assert, cst.Raise)):
            pass

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
            self.eval(target.value, scope)
        elif isinstance(target, cst.Subscript):
            pass
        elif isinstance(target, cst.StarredElement):
            self.assign_target(target.value, UNKNOWN, scope, None)

    def exec_def(self, st: cst.FunctionDef, scope):
        fn = FuncV(st.name.value, st, scope if isinstance(scope, Local) else None, self.chunk)
        for p in itertools.chain(st.params.posonly_params, st.params.params, st.params.kwonly_params):
            if p.default is not None:
                fn.defaults[p.name.value] = self.eval(p.default, scope)
        fn.line_off = self.line_off
        fn.parsed = self.parsed
        scope.assign(st.name.value, fn)
        # Analyse the body once at definition, so hover works in functions never called here.
        # Its diagnostics count only when no parameter has a default (the values are then symbols).
        has_defaults = any(p.default is not None for p in st.params.params) or any(
            p.default is not None for p in st.params.kwonly_params)
        self.tentative += 1
        if has_defaults or st.decorators:
            self.silent += 1
        try:
            self.call_func(fn, [], {}, definition=True)
        except Budget:
            raise
        except Exception:
            log.debug("definition-time analysis failed", exc_info=True)
        finally:
            self.tentative -= 1
            if has_defaults or st.decorators:
                self.silent -= 1

    def exec_class(self, st: cst.ClassDef, scope):
        bases = tuple(self.eval(b.value, scope) for b in st.bases)
        is_layer = any(isinstance(b, ModuleV) and b.path == "keras.layers.Layer" or
                       (isinstance(b, ClassV) and b.is_layer) for b in bases)
        is_model = any(isinstance(b, ModuleV) and b.path in ("keras.Model", "keras.Sequential") or
                       (isinstance(b, ClassV) and b.is_model) for b in bases)
        scope.assign(st.name.value, ClassV(st.name.value, bases, is_layer or is_model, is_model))

    def exec_if(self, st: cst.If, scope):
        cond = self.truth(self.eval(st.test, scope))
        if cond is True:
            self.exec_suite(st.body, scope)
            return
        if cond is False:
            if st.orelse is not None:
                if isinstance(st.orelse, cst.If):
                    self.exec_if(st.orelse, scope)
                else:
                    self.exec_suite(st.orelse.body, scope)
            return
        # Unknown condition: both branches run for facts; bindings that differ become Unknown.
        before = self._snapshot(scope)
        try:
            self.exec_suite(st.body, scope)
        except (_Return, _Break, _Continue):
            pass
        after_then = self._snapshot(scope)
        cur = self._current(scope)
        cur.clear()
        cur.update(before)
        if st.orelse is not None:
            try:
                if isinstance(st.orelse, cst.If):
                    self.exec_if(st.orelse, scope)
                else:
                    self.exec_suite(st.orelse.body, scope)
            except (_Return, _Break, _Continue):
                pass
        after_else = self._snapshot(scope)
        names = set(after_then) | set(after_else)
        for name in names:
            a = after_then.get(name, before.get(name, MISSING))
            b = after_else.get(name, before.get(name, MISSING))
            if a is MISSING and isinstance(scope, Globals):
                a = scope.env.get(name, MISSING)
            if b is MISSING and isinstance(scope, Globals):
                b = scope.env.get(name, MISSING)
            if name.startswith("\0") and is_int(a) and is_int(b):
                cur[name] = max(a, b)  # layer-name counters: names after the branch stay distinct
            else:
                cur[name] = a if same(a, b) else UNKNOWN

    def exec_for(self, st: cst.For, scope):
        it = self.iterate(self.eval(st.iter, scope))
        if it is None:
            self.assign_target(st.target, UNKNOWN, scope, None)
            self.exec_branch(st.body, scope)
            return
        for item in it[:MAX_LOOP]:
            self.assign_target(st.target, item, scope, None)
            try:
                self.exec_suite(st.body, scope)
            except _Break:
                break
            except _Continue:
                continue
        if st.orelse is not None:
            self.exec_suite(st.orelse.body, scope)

    def exec_while(self, st: cst.While, scope):
        self.exec_branch(st.body, scope)

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
            if left is UNKNOWN or right is UNKNOWN or isinstance(left, (Sym, Tensor, ArrayV)) or isinstance(right, (Sym, Tensor, ArrayV)):
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
        params = node.params
        positional = list(params.posonly_params) + list(params.params)
        for i, p in enumerate(positional):
            name = p.name.value
            if i < len(args):
                local.vars[name] = args[i]
            elif name in kwargs:
                local.vars[name] = kwargs[name]
            elif name in fn.defaults:
                local.vars[name] = fn.defaults[name]
            else:
                local.vars[name] = Sym(name) if name not in ("self", "cls") else UNKNOWN
        for p in params.kwonly_params:
            name = p.name.value
            local.vars[name] = kwargs.get(name, fn.defaults.get(name, Sym(name)))
        if isinstance(params.star_arg, cst.Param):
            local.vars[params.star_arg.name.value] = tuple(args[len(positional):]) if not definition else UNKNOWN
        if params.star_kwarg is not None:
            local.vars[params.star_kwarg.name.value] = UNKNOWN
        # Run the body in the chunk the function was defined in (positions are relative to it).
        saved = (self.chunk, self.pos, self.line_off, self.parsed)
        self.chunk, self.pos, self.line_off, self.parsed = fn.chunk, fn.parsed.positions, fn.line_off, fn.parsed
        self.depth += 1
        self.active.add(id(fn))
        try:
            if isinstance(node, cst.Lambda):
                return self.eval(node.body, local)
            try:
                self.exec_suite(node.body, local)
            except _Return as r:
                return r.value
            except (_Break, _Continue):
                pass
            return None
        finally:
            self.depth -= 1
            self.active.discard(id(fn))
            self.chunk, self.pos, self.line_off, self.parsed = saved


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
    if v is UNKNOWN and node is not None:
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


BUILTINS = {
    "range": _range, "len": _len, "tuple": _tuple, "list": _list, "int": _int, "float": _float,
    "min": _mk_minmax(min), "max": _mk_minmax(max), "sum": _mk_minmax(sum), "abs": _unknown,
    "print": _print, "zip": _zip, "enumerate": _enumerate, "reversed": _reversed,
    "isinstance": _isinstance, "str": _unknown, "round": _unknown, "open": _unknown, "dict": _unknown,
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
        return store.snapshot(chunks, notices, complete)

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
