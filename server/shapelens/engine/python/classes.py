"""Instances of user classes whose methods the interpreter runs: subclasses of Keras' ``Layer``
and ``Model`` (``ClassV.keras``).  Their attributes live in the run's environment, as every
instance's do (``"\\0attr:<id>:<name>"``, in the order they were first set); a method is looked
up along the class's bases, runs with ``self`` bound, and ``super()`` starts the lookup after
the class whose method is running.  What Keras itself gives such an object (``add_weight``,
``fit``, calling it on tensors) is the Keras package's business: ``self.k`` (engine/keras/subclass.py).

Soundness: an attribute set on a path that may not run (an undecided ``if`` inside ``__init__``)
is Unknown; one set where the object was made, exact.  A method with a decorator the engine does
not know is Unknown."""

from __future__ import annotations

import libcst as cst

from ..records import MISSING
from ..values import UNKNOWN, BoundMethod, ClassV, KerasObjV, SuperV
from .mutation import _mro

# the base-class methods Python code calls explicitly (``keras.layers.Layer.__init__(self, ...)``)
_EXPLICIT_BASE = frozenset({"__init__", "build", "call", "compute_output_shape", "get_config"})


def find_member(cls: ClassV, name: str, after=None):
    """(the class that defines it, kind, value) for the first class along ``cls``'s bases (after
    the class ``after``, for ``super()``) with a method or class attribute ``name``: kind is
    "method" / "static" / "class" / "property" (value a FuncV) or "attr" (value the attribute);
    UNKNOWN for a method whose decorator is not known; None when no user class has it (Keras' own)."""
    order = _mro(cls)
    if after is not None:
        try:
            order = order[order.index(after) + 1:]
        except ValueError:
            return UNKNOWN
    for c in order:
        funcs = getattr(c, "funcs", None) or {}
        if name in funcs:
            got = funcs[name]
            if got is UNKNOWN:
                return UNKNOWN
            return (c, got[0], got[1])
        if name in c.attrs:
            return (c, "attr", c.attrs[name])
    return None


class Classes:
    """Interp's part for the objects of followed classes (a base of ``Calls``, so that it comes
    before ``Mutation`` among Interp's bases: its ``get_attr`` is asked first)."""

    def find_member_of(self, cls, name, after=None):
        return find_member(cls, name, after)

    # -- methods being run (for super()) ---------------------------------------------------------
    def _method_stack(self) -> list:
        st = self.__dict__.get("_mstack")
        if st is None:
            st = self._mstack = []
        return st

    def run_method(self, obj, cls, fn, args, kwargs):
        """Run ``cls``'s method ``fn`` with ``self`` bound to ``obj``."""
        st = self._method_stack()
        st.append((cls, obj))
        try:
            return self.call_func(fn, [obj] + list(args), kwargs)
        finally:
            st.pop()

    def eval_super(self, node: cst.Call, scope):
        """``super()`` / ``super(Cls, self)`` in a method of a followed class; MISSING elsewhere."""
        if scope.lookup("super") is not MISSING:
            return MISSING  # a name the code bound itself
        st = self._method_stack()
        if not node.args:
            if not st:
                return MISSING
            cls, obj = st[-1]
            return SuperV(cls, obj=obj)
        if len(node.args) == 2 and all(a.keyword is None and not a.star for a in node.args):
            cls = self.eval(node.args[0].value, scope)
            obj = self.eval(node.args[1].value, scope)
            if isinstance(cls, ClassV) and isinstance(obj, KerasObjV):
                return SuperV(cls, obj=obj)
            return UNKNOWN
        return MISSING

    # -- attributes ------------------------------------------------------------------------------
    def get_attr(self, obj, attr):
        if isinstance(obj, SuperV):
            target = obj.obj
            if not isinstance(target, KerasObjV):
                return UNKNOWN
            hit = find_member(target.cls, attr, after=obj.cls)
            if hit is UNKNOWN:
                return UNKNOWN
            if hit is not None and hit[1] == "attr":
                return hit[2]
            if hit is not None and hit[1] == "property":
                return self.run_method(target, hit[0], hit[2], [], {})
            return BoundMethod(obj, attr)
        if isinstance(obj, KerasObjV):
            v = self.g.lookup(f"\0attr:{id(obj)}:{attr}")
            if v is not MISSING:
                return v
            hit = find_member(obj.cls, attr)
            if hit is UNKNOWN:
                return UNKNOWN
            if hit is None:
                return self.k.object_attribute(obj, attr)
            c, kind, value = hit
            if kind == "attr":
                return value
            if kind == "property":
                return self.run_method(obj, c, value, [], {})
            if kind == "static":
                return value
            return BoundMethod(obj, attr)
        if isinstance(obj, ClassV) and getattr(obj, "keras", "") in ("layer", "model"):
            hit = find_member(obj, attr)
            if hit is UNKNOWN:
                return UNKNOWN
            if hit is not None and hit[1] in ("method", "class"):
                return BoundMethod(obj, attr)  # Base.__init__(self, ...): called with its instance
            if hit is not None and hit[1] == "static":
                return hit[2]
        return super().get_attr(obj, attr)

    def set_obj_attr(self, obj: KerasObjV, attr: str, value):
        """``obj.attr = value``: exact where the object was made (``obj.level``), Unknown on a path
        that may not run; the order of first assignment is kept (Keras tracks sublayers in it)."""
        g = self.g
        g.assign(f"\0attr:{id(obj)}:{attr}", value if self.maybe <= obj.level else UNKNOWN)
        key = f"\0attrs:{id(obj)}"
        names = g.lookup(key)
        names = () if names is MISSING else names
        if attr not in names:
            g.assign(key, names + (attr,))

    def obj_attrs(self, obj: KerasObjV) -> list:
        """(name, value) of the object's attributes, in the order they were first set."""
        names = self.g.lookup(f"\0attrs:{id(obj)}")
        if names is MISSING:
            return []
        out = []
        for n in names:
            v = self.g.lookup(f"\0attr:{id(obj)}:{n}")
            if v is not MISSING:
                out.append((n, v))
        return out

    # -- calls -------------------------------------------------------------------------------------
    def call_obj_method(self, bm: BoundMethod, args, kwargs, node, arg_nodes, scope):
        """``obj.method(...)`` / ``super().method(...)`` / ``Base.method(obj, ...)``."""
        obj, name = bm.obj, bm.name
        after = None
        if isinstance(obj, SuperV):
            obj, after = obj.obj, obj.cls
        elif isinstance(obj, ClassV):  # Base.method(self, ...)
            if not args or not isinstance(args[0], KerasObjV):
                return UNKNOWN
            hit = find_member(obj, name)
            if not isinstance(hit, tuple) or hit[1] not in ("method", "class"):
                return UNKNOWN
            if hit[1] == "class":
                return self.call_func(hit[2], [hit[0]] + list(args[1:]), kwargs)
            return self.run_method(args[0], hit[0], hit[2], args[1:], kwargs)
        if not isinstance(obj, KerasObjV):
            return UNKNOWN
        hit = find_member(obj.cls, name, after=after)
        if hit is UNKNOWN:
            return UNKNOWN
        if hit is None:
            return self.k.object_method(obj, name, args, kwargs, node, arg_nodes, scope, via_super=after is not None)
        c, kind, value = hit
        if kind == "method":
            return self.run_method(obj, c, value, args, kwargs)
        if kind == "static":
            return self.call_func(value, args, kwargs)
        if kind == "class":
            return self.call_func(value, [c] + list(args), kwargs)
        if kind == "attr":
            return self.call(value, args, kwargs, node, arg_nodes, scope)
        return UNKNOWN

    def explicit_base_call(self, path: str, args, kwargs, node, arg_nodes, scope):
        """``keras.layers.Layer.__init__(self, ...)`` / ``keras.Model.__init__(self, ...)``: Keras'
        own method, called with the instance; MISSING when it is not such a call."""
        name = path.rsplit(".", 1)[-1]
        if name not in _EXPLICIT_BASE or not args or not isinstance(args[0], KerasObjV) or not path.startswith("keras."):
            return MISSING
        return self.k.object_method(args[0], name, args[1:], kwargs, node, arg_nodes, scope, via_super=True)

    def in_layer_call(self):
        """The innermost Keras object's ``call`` being run (engine/keras/subclass.py), or None."""
        st = self.__dict__.get("kctx")
        return st[-1] if st else None
