"""The registry of the libraries that make arrays: one handler per canonical name
(``numpy.zeros``, ``tensorflow.random.normal``, ``keras.utils.to_categorical``), one per method
name of an array value (``reshape``, ``astype``), and, for the values a library makes itself (a
pandas ``DataFrame``, a scikit-learn scaler), handlers for their methods and attributes keyed by
the value's class.  A library is a module of this package that registers its names; the
interpreter asks :func:`call`, :func:`call_method` and :func:`attribute`.

A handler takes ``(args, kwargs)`` (the evaluated arguments) and returns the value: an
``ArrayV`` with the shape the library computes, or ``UNKNOWN`` where it cannot know.  A handler
registered with ``ctx=True`` also gets a :class:`Ctx`, through which it reports an error the
library certainly raises, or rebinds the name the method was called on (``scaler.fit(X)``).
"""

from __future__ import annotations

import libcst as cst

from ..records import MISSING
from ..values import ArrayV, BoundMethod, LibValue

FUNCTIONS: dict = {}
METHODS: dict = {}  # name -> handler, for every array value (NumPy's methods)
TYPED: dict = {}  # (class, name) -> handler, for the methods of one kind of value
ATTRIBUTES: dict = {}  # (class, name) -> handler(obj)


def function(*paths: str, ctx: bool = False):
    """Register a handler for these canonical names."""
    def deco(fn):
        fn.wants_ctx = ctx
        for p in paths:
            FUNCTIONS[p] = fn
        return fn
    return deco


def method(*names: str, on=None, ctx: bool = False):
    """Register a handler ``(value, args, kwargs)`` for these methods: of every array value, or
    (``on=``) of the values of that class and its subclasses."""
    def deco(fn):
        fn.wants_ctx = ctx
        for n in names:
            if on is None:
                METHODS[n] = fn
            else:
                TYPED[(on, n)] = fn
        return fn
    return deco


def attribute(*names: str, on):
    """Register a handler ``(value)`` for these attributes of the values of class ``on``; the
    name ``"*"`` registers ``(value, name)`` for any other attribute (None: not handled)."""
    def deco(fn):
        for n in names:
            ATTRIBUTES[(on, n)] = fn
        return fn
    return deco


class Ctx:
    """One call as a handler may see it: where to report and what to rebind.  Made by the
    dispatcher (engine/keras/dispatch.py) with the interpreter, the call's node and argument
    nodes, the scope and the name the method was read from."""

    __slots__ = ("i", "node", "arg_nodes", "scope", "receiver")

    def __init__(self, interp=None, node=None, arg_nodes=None, scope=None, receiver=None):
        self.i, self.node, self.arg_nodes, self.scope, self.receiver = interp, node, arg_nodes or {}, scope, receiver

    def arg_node(self, arg=0):
        a = self.arg_nodes.get(arg)
        return a.value if a is not None else None

    def is_name(self, arg=0) -> bool:
        """Is the argument a name or an attribute of one (safe to repeat in a fix)?"""
        n = self.arg_node(arg)
        while isinstance(n, cst.Attribute):
            n = n.value
        return isinstance(n, cst.Name)

    def is_atom(self, arg=0) -> bool:
        """Can ``.method()`` be appended to the argument as it is written?"""
        return isinstance(self.arg_node(arg), (cst.Name, cst.Attribute, cst.Subscript, cst.Call))

    def code(self, arg=0):
        """The source text of an argument (None when there is none)."""
        n = self.arg_node(arg)
        return self.i.code(n) if n is not None and self.i is not None else None

    def error(self, code: str, message: str, arg=0, fixes=()):
        """A certain error, at the argument ``arg`` (index or keyword), else at the call."""
        if self.i is None:
            return
        n = self.arg_node(arg)
        loc = self.i.vloc(n) if n is not None else (self.i.loc(self.node) if self.node is not None else None)
        self.i.diag(loc, code, message, fixes=fixes)

    def fix(self, title: str, arg, new_text: str):
        """A quick fix replacing the argument ``arg`` with ``new_text``."""
        n = self.arg_node(arg)
        if self.i is None or n is None:
            return None
        loc = self.i.vloc(n)
        return self.i.k.fix(title, [(loc, new_text)], True) if loc is not None else None

    def func_code(self):
        """The source text of what is called (``scaler.fit_transform``)."""
        func = getattr(self.node, "func", None)
        return self.i.code(func) if func is not None and self.i is not None else None

    def call_fix(self, title: str, new_text: str):
        """A quick fix replacing the whole call with ``new_text``."""
        if self.i is None or self.node is None:
            return None
        loc = self.i.loc(self.node)
        return self.i.k.fix(title, [(loc, new_text)], True) if loc is not None else None

    def rebind(self, value) -> None:
        """The name the method was called on now holds ``value`` (``scaler.fit(X)``)."""
        if self.receiver and self.scope is not None:
            self.scope.assign(self.receiver, value)


_NO_CTX = Ctx()


def _run(fn, lead, args, kwargs, ctx):
    if getattr(fn, "wants_ctx", False):
        return fn(*lead, args, kwargs, ctx if ctx is not None else _NO_CTX)
    return fn(*lead, args, kwargs)


def _typed(obj, name, table):
    for cls in type(obj).__mro__:
        fn = table.get((cls, name))
        if fn is not None:
            return fn
    return None


def call(path: str, args, kwargs, ctx=None):
    fn = FUNCTIONS.get(path)
    return MISSING if fn is None else _run(fn, (), args, kwargs, ctx)


def call_method(obj, name: str, args, kwargs, ctx=None):
    fn = _typed(obj, name, TYPED)
    if fn is None and isinstance(obj, ArrayV) and getattr(type(obj), "numpy_methods", True):
        fn = METHODS.get(name)
    if fn is None:
        return MISSING
    return _run(fn, (obj,), args, kwargs, ctx)


def get_attribute(obj, name: str, receiver=None):
    """``obj.name`` for a library's value: the handler's value, a bound method for a library
    object, or MISSING (the array's own attributes: shape, ndim, ...)."""
    fn = _typed(obj, name, ATTRIBUTES)
    if fn is not None:
        return fn(obj)
    fn = _typed(obj, "*", ATTRIBUTES)  # a handler for any other name (a DataFrame's columns: df.Close)
    if fn is not None:
        made = fn(obj, name)
        if made is not None:
            return made
    if isinstance(obj, LibValue):
        return BoundMethod(obj, name, receiver)
    return MISSING
