"""Operators on values: truth, iteration, comparisons, arithmetic, attributes, subscripts.
Tensors and arrays go to the array algebra (libraries/arrays.py); Keras objects' attributes to
the Keras package."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from ..records import MISSING, same
from ..values import (
    UNKNOWN,
    ArrayV,
    BoundMethod,
    ClassV,
    DictV,
    FuncV,
    InstanceV,
    LayerV,
    LibValue,
    ListV,
    ModelV,
    ModuleV,
    Param,
    Sym,
    Tensor,
    TensorList,
    _module,
    _Slice,
    decided,
    is_int,
)
from .builtins import _Range


# Python's arithmetic operators, which Keras tensors implement with keras.ops' broadcasting
_ARITH = {cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Divide: "/", cst.FloorDivide: "//",
          cst.Power: "**", cst.Modulo: "%"}

class Operators:
    """Interp's part for operators (mixed into Interp)."""

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

    def compare(self, node, scope):
        left = self.eval(node.left, scope)
        result = True
        for target in node.comparisons:
            right = self.eval(target.comparator, scope)
            op = target.operator
            if (len(node.comparisons) == 1 and (isinstance(left, ArrayV) or isinstance(right, ArrayV))
                    and not isinstance(op, (cst.Is, cst.IsNot, cst.In, cst.NotIn))):
                return self.a.compared(left, right)  # X > 0, df["a"] == 1: a mask of the same shape
            if not decided(left) or not decided(right):
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
        if isinstance(left, Tensor) and isinstance(right, Tensor):
            symbol = _ARITH.get(type(op))
            if symbol is not None and not self.k.operator_broadcasts(left, symbol, right, node):
                return UNKNOWN  # Keras raises here (reported)
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
        if isinstance(base, (ModelV, LayerV, Tensor, ArrayV, TensorList, LibValue)):
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
        if isinstance(base, (Tensor, ArrayV, LibValue)):
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
