"""What a block of code may bind or change, read from its syntax alone (for loops run an unknown
number of times and for ``global``/``nonlocal``), and the decorators known to hand a function back."""

from __future__ import annotations

import dataclasses
from typing import Optional

import libcst as cst

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
    """Names a block may bind (``names``) or change in place (``mutated``: name -> the methods
    called on it, "" for an item or attribute assigned); nested functions and classes are not
    entered."""

    def __init__(self):
        self.names = set()
        self.mutated = {}

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
                self.mutated.setdefault(base, set()).add("")

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
                self.mutated.setdefault(base, set()).add(f.attr.value)

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


# -- a fast walk ---------------------------------------------------------------------------------
# libcst's own visitor calls on_visit/on_leave and on_visit_attribute/on_leave_attribute for every
# node and field, whitespace included: on whole function bodies that was a quarter of a cold
# analysis.  The collectors above only look at statements and expressions, so this walk reads the
# dataclass fields that hold them (not whitespace, brackets, commas and the like) and calls the
# collector's ``visit_<Type>`` method where it has one, skipping the node's children when it
# returns False, as libcst does.

_TRIVIA = frozenset({
    "lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators", "header", "footer",
    "trailing_whitespace", "colon", "equal", "lbracket", "rbracket", "lbrace", "rbrace", "dot", "relative",
    "operator", "arrow", "star_tok", "first_line", "empty_lines", "newline", "default_indent",
    "default_newline",
})
_FIELDS: dict = {}
_HANDLERS: dict = {}


def _fields(tp) -> tuple:
    f = _FIELDS.get(tp)
    if f is None:
        f = _FIELDS[tp] = tuple(x.name for x in dataclasses.fields(tp)
                                if x.name not in _TRIVIA and not x.name.startswith("whitespace"))
    return f


def walk(node, visitor) -> None:
    """Call ``visitor.visit_<Type>(n)`` for ``node`` and everything below it (in no set order)."""
    vt = type(visitor)
    handlers = _HANDLERS.get(vt)
    if handlers is None:
        handlers = _HANDLERS[vt] = {}
    stack = [node]
    node_t = cst.CSTNode
    while stack:
        n = stack.pop()
        tp = type(n)
        h = handlers.get(tp, 0)
        if h == 0:
            h = handlers[tp] = getattr(vt, "visit_" + tp.__name__, None)
        if h is not None and h(visitor, n) is False:
            continue
        for name in _fields(tp):
            v = getattr(n, name)
            if isinstance(v, node_t):
                stack.append(v)
            elif isinstance(v, (tuple, list)):
                stack.extend(x for x in v if isinstance(x, node_t))
