"""Lists, dicts and objects changed in place.

Lists and dicts are immutable values here (a statement's record keeps what it made), so a
mutation makes a new value and puts it wherever the old one is held: the names of the scopes in
reach and the lists, dicts and tuples they hold, as Python's shared object would be seen.  Where
it happens on a path that may not run, the names outside the current scope (which the join after
that path does not see) become Unknown instead.  Attributes of user classes and instances are
kept in the run's environment."""

from __future__ import annotations

from ..records import MISSING, same
from ..values import UNKNOWN, ClassV, DictV, InstanceV, ListV, ModelV, ModuleV, decided, is_int
from .scopes import Local


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


def container_method(i, obj, name, args, kwargs):
    """``lst.method(...)`` / ``d.method(...)``: (the container afterwards, the call's value).
    What cannot be followed exactly leaves the container Unknown."""
    if isinstance(obj, ListV):
        items = obj.items
        if name == "append" and len(args) == 1:
            return ListV(items + (args[0],)), None
        if name == "extend" and len(args) == 1:
            more = i.iterate(args[0])
            return (ListV(items + tuple(more)) if more is not None else UNKNOWN), None
        if name == "insert" and len(args) == 2 and is_int(args[0]):
            lst = list(items)
            lst.insert(args[0], args[1])
            return ListV(tuple(lst)), None
        if name == "pop" and len(args) <= 1:
            k = args[0] if args else -1
            if is_int(k) and -len(items) <= k < len(items):
                lst = list(items)
                v = lst.pop(k)
                return ListV(tuple(lst)), v
            return UNKNOWN, UNKNOWN
        if name == "remove" and len(args) == 1 and decided(args[0]):
            for k, v in enumerate(items):
                if not decided(v):
                    break
                if v == args[0]:
                    return ListV(items[:k] + items[k + 1:]), None
            return UNKNOWN, None
        if name == "clear":
            return ListV(()), None
        if name == "reverse":
            return ListV(tuple(reversed(items))), None
        if name == "copy":
            return obj, ListV(items)
        if name in ("index", "count"):
            return obj, UNKNOWN
        return UNKNOWN, UNKNOWN  # sort and anything else: not followed
    # a dict
    if args and not decided(args[0]):
        return (obj if name in ("get", "keys", "values", "items", "copy") else UNKNOWN), UNKNOWN
    if name == "get" and args:
        v = obj.get(args[0], MISSING)
        return obj, (v if v is not MISSING else (args[1] if len(args) > 1 else None))
    if name == "keys":
        return obj, ListV(tuple(obj.keys()))
    if name == "values":
        return obj, ListV(tuple(obj.values()))
    if name == "items":
        return obj, ListV(tuple(obj.items))
    if name == "copy":
        return obj, DictV(obj.items)
    if name == "update" and len(args) <= 1:
        d = _dict_update(obj, args[0]) if args else obj
        if isinstance(d, DictV):
            for k, v in kwargs.items():
                d = _dict_set(d, k, v)
        return d, None
    if name == "setdefault" and 1 <= len(args) <= 2 and _hashable(args[0]):
        v = obj.get(args[0], MISSING)
        if v is not MISSING:
            return obj, v
        dflt = args[1] if len(args) > 1 else None
        return _dict_set(obj, args[0], dflt), dflt
    if name == "pop" and 1 <= len(args) <= 2 and _hashable(args[0]):
        v = obj.get(args[0], MISSING)
        if v is MISSING:
            return obj, (args[1] if len(args) > 1 else UNKNOWN)
        return DictV(tuple((k, x) for k, x in obj.items if k != args[0])), v
    if name == "clear":
        return DictV(()), None
    return UNKNOWN, UNKNOWN


class Mutation:
    """Interp's part for mutation (mixed into Interp)."""

    def mutate(self, old, new, scope):
        if old is new or not isinstance(old, (ListV, DictV, ModelV)):
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

    def container_call(self, obj, name, args, kwargs, scope):
        """``lst.append(x)``, ``d.update(...)``, ...: the call's value; the container changes in place."""
        new, ret = container_method(self, obj, name, args, kwargs)
        if new is not obj:
            self.mutate(obj, new, scope)
        return ret

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
