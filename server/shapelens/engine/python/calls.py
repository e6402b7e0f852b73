"""Calls: arguments (``*`` and ``**`` included), dispatch to Keras, the array libraries, builtins
and user functions, and user functions' bodies run with their parameters bound."""

from __future__ import annotations

import libcst as cst

from ..records import same
from ..values import (
    UNKNOWN,
    BoundMethod,
    ClassV,
    DictV,
    FuncV,
    InstanceV,
    LayerV,
    ListV,
    ModelV,
    ModuleV,
    Param,
    PartialV,
)
from .names import _Declared, walk
from .scopes import MAX_DEPTH, Local, _Break, _Continue, _Raise, _Return


class Calls:
    """Interp's part for calls (mixed into Interp)."""

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
            if isinstance(func.obj, (ListV, DictV)):
                return self.container_call(func.obj, func.name, args, kwargs, scope)
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
        saved = (self.chunk, self.pos, self.line_off, self.parsed, self.cur_stmt)
        self.chunk, self.pos, self.line_off, self.parsed = fn.chunk, None, fn.line_off, fn.parsed
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
            self.chunk, self.pos, self.line_off, self.parsed, self.cur_stmt = saved

    def declared(self, fn_node) -> tuple:
        """(global names, nonlocal names) a function body declares."""
        cache = self.parsed.__dict__.setdefault("_declared", {}) if hasattr(self.parsed, "__dict__") else {}
        hit = cache.get(id(fn_node))
        if hit is not None and hit[0] is fn_node:
            return hit[1]
        c = _Declared()
        walk(fn_node.body, c)
        out = (frozenset(c.globals), frozenset(c.nonlocals))
        cache[id(fn_node)] = (fn_node, out)
        return out
