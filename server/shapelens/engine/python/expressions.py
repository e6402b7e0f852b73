"""Expressions: names, literals, containers, comprehensions, lambdas."""

from __future__ import annotations

import logging

import libcst as cst

from .. import debug
from ..records import MISSING, same
from ..values import UNKNOWN, ArrayV, DictV, FuncV, ListV, ModelV, Tensor, TensorList
from .builtins import BUILTINS
from .scopes import MAX_LOOP, MAX_SEQ, Budget, Local, _Return, _Unknowable

log = logging.getLogger("shapelens.engine")


class Expressions:
    """Interp's part for expressions (mixed into Interp)."""

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
            if debug.STRICT:
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
