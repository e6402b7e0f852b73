"""Statements: assignments (to names, unpacking, items, attributes), imports, ``del``,
function and class definitions."""

from __future__ import annotations

import itertools
import logging

import libcst as cst

from .. import debug
from ..records import MISSING, same
from ..values import (
    UNKNOWN,
    ArrayV,
    ClassV,
    DictV,
    FuncV,
    InstanceV,
    KerasObjV,
    LibValue,
    ListV,
    ModelV,
    ModuleV,
    SuperV,
    Tensor,
    _module,
    is_int,
)
from .mutation import _dict_set, _dict_update, _hashable
from .names import _TRANSPARENT, _TRANSPARENT_FACTORIES
from .scopes import _CONTROL, Budget, Local, _Break, _Continue, _Raise, _Return

log = logging.getLogger("shapelens.engine")


class Statements:
    """Interp's part for statements (mixed into Interp)."""

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
            if debug.STRICT:
                raise
            log.debug("statement failed", exc_info=True)

    def exec_suite(self, suite, scope):
        if isinstance(suite, cst.IndentedBlock):
            self.exec_block(suite.body, scope)
        elif isinstance(suite, cst.SimpleStatementSuite):
            for small in suite.body:
                self.exec_small(small, scope)

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
            self.exec_import(small, scope)  # (engine/python/imports.py)
        elif isinstance(small, cst.ImportFrom):
            self.exec_import_from(small, scope)
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
            elif isinstance(base, (ArrayV, LibValue)):  # del df["a"]
                new = self.a.item_deleted(base, self._index_of(target, scope))
                if new is not None and isinstance(target.value, cst.Name):
                    scope.assign(target.value.value, new)
        elif isinstance(target, cst.Attribute):
            obj = self.eval(target.value, scope)
            if isinstance(obj, (InstanceV, ClassV)):
                self.set_attr(obj, target.attr.value, UNKNOWN)

    def _index_of(self, sub: cst.Subscript, scope):
        """The key of ``a[key]`` (one plain index), or MISSING."""
        if len(sub.slice) != 1 or not isinstance(sub.slice[0].slice, cst.Index):
            return MISSING
        return self.eval(sub.slice[0].slice.value, scope)

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
            if isinstance(value, KerasObjV):
                self.k.name_object(value, target)
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
            if isinstance(obj, KerasObjV):
                self.set_obj_attr(obj, target.attr.value, value)
            elif isinstance(obj, (InstanceV, ClassV)) and not isinstance(obj, SuperV):
                self.set_attr(obj, target.attr.value, value)
            elif isinstance(obj, ArrayV):  # X.shape = (...) reshapes in place
                new = self.a.attr_assigned(obj, target.attr.value, value)
                if new is not None and isinstance(target.value, cst.Name):
                    scope.assign(target.value.value, new)
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
            elif isinstance(base, (ArrayV, LibValue)):  # df["new"] = ...: a library's value changes in place
                new = self.a.item_assigned(base, self._index_of(target, scope), value)
                if new is not None and isinstance(target.value, cst.Name):
                    scope.assign(target.value.value, new)
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
        cls.keras = _keras_kind(bases, st)
        # plain values assigned in the class body (class Config: UNITS = 64), and its methods
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
                kind = _method_kind(s)
                if kind == "setter":
                    continue  # @x.setter: the getter stays
                cls.funcs[s.name.value] = (kind, self.method_func(s, scope, local)) if kind else UNKNOWN
            else:
                cls.methods = True  # if/for/... in a class body: not followed
                if cls.keras:
                    cls.keras = "other"  # what it binds is not known
        cls.attrs = {k: v for k, v in local.vars.items()}
        scope.assign(st.name.value, cls if self.decorated(st.decorators, scope) else UNKNOWN)

    def method_func(self, st: cst.FunctionDef, scope, class_scope) -> FuncV:
        """A method as a function (not analysed at its definition: it runs when an instance's
        method is called).  Its defaults are evaluated in the class body, as Python does; its
        body sees the scope around the class, not the class body."""
        fn = FuncV(st.name.value, st, scope if isinstance(scope, Local) else None, self.chunk)
        for p in itertools.chain(st.params.posonly_params, st.params.params, st.params.kwonly_params):
            if p.default is not None:
                fn.defaults[p.name.value] = self.eval(p.default, class_scope)
        fn.line_off = self.line_off
        fn.parsed = self.parsed
        return fn


def _keras_kind(bases, st) -> str:
    """Which Keras subclass the engine follows: "layer" (a keras.layers.Layer subclass), "model"
    (a keras.Model subclass), "other" (another Keras base: Sequential, a catalog layer, a base
    the engine cannot see), "" (not Keras)."""
    kinds = set()
    for b in bases:
        if isinstance(b, ModuleV):
            if b.path == "keras.layers.Layer":
                kinds.add("layer")
            elif b.path == "keras.Model":
                kinds.add("model")
            elif b.path.startswith("keras.") or b.path.startswith("tf_keras"):
                kinds.add("other")
            elif b.path not in ("builtins.object",):
                kinds.add("unknown")
        elif isinstance(b, ClassV):
            kinds.add(getattr(b, "keras", "") or "plain")
        else:
            kinds.add("unknown")
    if not kinds & {"layer", "model", "other"}:
        return ""
    if kinds & {"other", "unknown"} or any(k.keyword is not None and k.keyword.value == "metaclass" for k in st.keywords):
        return "other"
    return "model" if "model" in kinds else "layer"


def _method_kind(st: cst.FunctionDef):
    """How a method is bound: "method", "static", "class", "property", "setter" (a property's
    setter or deleter), or None (a decorator that may replace it)."""
    kind = "method"
    for d in st.decorators:
        node = d.decorator
        name = node.value if isinstance(node, cst.Name) else node.attr.value if isinstance(node, cst.Attribute) else None
        if isinstance(node, cst.Attribute) and name in ("setter", "deleter"):
            return "setter"
        if name == "staticmethod":
            kind = "static"
        elif name == "classmethod":
            kind = "class"
        elif name in ("property", "cached_property"):
            kind = "property"
        elif isinstance(node, cst.Call):
            inner = node.func
            fname = inner.attr.value if isinstance(inner, cst.Attribute) else inner.value if isinstance(inner, cst.Name) else None
            if fname not in ("function", "lru_cache"):
                return None
        elif name not in ("function", "abstractmethod", "do_not_convert", "cache", "lru_cache", "override", "final"):
            return None
    return kind
