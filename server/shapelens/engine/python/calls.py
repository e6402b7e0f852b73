"""Calls: arguments (``*`` and ``**`` included), dispatch to Keras, the array libraries, builtins
and user functions, and user functions' bodies run with their parameters bound."""

from __future__ import annotations

import libcst as cst

from ..records import MISSING, same
from ..values import (
    UNKNOWN,
    BoundMethod,
    ClassV,
    DictV,
    FuncV,
    InstanceV,
    KerasObjV,
    LayerV,
    ListV,
    ModelV,
    ModuleV,
    Param,
    PartialV,
    SuperV,
)
from .classes import Classes
from .names import _Declared, walk
from .scopes import MAX_DEPTH, Local, _Break, _Continue, _Raise, _Return

# Inside a Keras object's ``call`` the tensors are TensorFlow's graph tensors: TensorFlow's
# functions take them (no SL118 there); these calls run silently.  keras.ops are followed and
# judged as at module level.
_TRACED = ("tensorflow.", "keras.backend.", "numpy.")


class Calls(Classes):
    """Interp's part for calls (mixed into Interp)."""

    def eval_call(self, node: cst.Call, scope):
        if isinstance(node.func, cst.Name) and node.func.value == "super":
            sup = self.eval_super(node, scope)
            if sup is not MISSING:
                return sup
        if (isinstance(node.func, cst.Attribute) and node.func.attr.value == "build" and self.__dict__.get("_mstack")
                and len(node.args) == 1 and not node.args[0].star):
            # self.sublayer.build(input_shape) in a Keras object's method: the sublayer is built
            base = self.eval(node.func.value, scope)
            if isinstance(base, LayerV):
                shape = self.eval(node.args[0].value, scope)
                return self.k.build_sublayer(base, [shape], {})
            func = self.getattr(base, "build", node.func)
        else:
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
        ctx = self.in_layer_call()
        if isinstance(func, ModuleV):
            if args and isinstance(args[0], KerasObjV):
                made = self.explicit_base_call(func.path, args, kwargs, node, arg_nodes, scope)
                if made is not MISSING:
                    return made
            self.k.raw_path = func.raw or func.path
            if ctx is not None:
                if func.path.startswith(_TRACED):
                    self.silent += 1
                    try:
                        return self.k.call_path(func.path, args, kwargs, node, arg_nodes, scope)
                    finally:
                        self.silent -= 1
                before = dict(self.rec.autos or {})
                out = self.k.call_path(func.path, args, kwargs, node, arg_nodes, scope)
                self.k.note_inline(ctx, before)
                return out
            return self.k.call_path(func.path, args, kwargs, node, arg_nodes, scope)
        if isinstance(func, LayerV):
            if ctx is not None:
                n = len(self.rec.diags)
                if self.k.traced_refusal(func, args, kwargs, node):
                    return UNKNOWN
                out = self.k.call_layer(func, args, kwargs, node, arg_nodes)
                self.k.inner_call_done(ctx, func, out, node, n)
                return out
            return self.k.call_layer(func, args, kwargs, node, arg_nodes)
        if isinstance(func, ModelV):
            if ctx is not None:
                n = len(self.rec.diags)
                out = self.k.call_model(func, args, kwargs, node)
                self.k.inner_call_done(ctx, func, out, node, n)
                return out
            return self.k.call_model(func, args, kwargs, node)
        if isinstance(func, KerasObjV):
            return self.k.call_object(func, args, kwargs, node, arg_nodes)
        if isinstance(func, BoundMethod):
            if isinstance(func.obj, (ListV, DictV)):
                return self.container_call(func.obj, func.name, args, kwargs, scope)
            if isinstance(func.obj, (KerasObjV, SuperV, ClassV)):
                return self.call_obj_method(func, args, kwargs, node, arg_nodes, scope)
            return self.k.call_method(func, args, kwargs, node, arg_nodes, scope)
        if isinstance(func, FuncV):
            return self.call_func(func, args, kwargs)
        if isinstance(func, ClassV):
            if getattr(func, "keras", "") in ("layer", "model"):
                return self.k.new_object(func, args, kwargs, node, arg_nodes)
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
