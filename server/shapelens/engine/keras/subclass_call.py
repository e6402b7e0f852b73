"""Running a subclassed layer or model: calling a user class deriving from ``keras.layers.Layer``
or ``keras.Model`` on tensors, the way Keras' ``Layer.__call__`` does (a part of
:class:`~shapelens.engine.keras.subclass.Subclasses`, see engine/keras/subclass.py).

* Calling it on tensors (:meth:`SubclassCalls.call_object`) runs ``build(input_shape)`` on the first
  call (``self.add_weight(shape=...)`` counts its weights), then ``call`` on the tensors, with
  ``training`` as Keras resolves it (given, inherited from the enclosing call, or ``call``'s
  default) and ``mask`` when it is known to be None.  Each sublayer called inside gets its own
  fact for this context; an error Keras raises inside ``call`` is reported on the line inside
  ``call``, with the call that gave the shapes as related information.  A user-written
  ``compute_output_shape`` gives the output of a symbolic call, as in Keras (whose ``call`` is then
  not run with the user's ``build``: its facts are shown, nothing it changes is kept).

Also the arguments of such a call as the tensors Keras gives ``call`` (arrays, ``model.build(shape)``'s
shape, the data of ``fit``/``predict``), and what ``call`` returned as the output tensors."""

from __future__ import annotations

from dataclasses import replace

from ...catalog.base import fmt
from ..libraries import arrays
from ..records import MISSING
from ..values import (
    UNKNOWN,
    ArrayV,
    DictV,
    KerasObjV,
    LayerV,
    ListV,
    Sym,
    Tensor,
    TensorList,
    is_int,
)
from .context import _call_seq
from .graph import item_params
from .subclass_weights import _key

_DATA = frozenset({0})  # the source of the data a call gets (inside its call())


class _Ctx:
    """A Keras object's ``call`` being run: where it was called, the ``training`` value its
    sublayers inherit, and what its sublayers gave (for a model's rows)."""

    __slots__ = ("obj", "node_loc", "training", "silent", "outputs", "shapes", "called", "in_text", "inline")

    def __init__(self, obj, node_loc, training, silent, in_text):
        self.obj = obj
        self.node_loc = node_loc
        self.training = training
        self.silent = silent
        self.outputs = {}  # key of a sublayer -> its last output shape here
        self.shapes = {}  # key -> the distinct output shapes of its calls here, in order
        self.called = {}  # key -> the value called (sublayers called in this call, tracked or not)
        self.in_text = in_text
        self.inline = []  # the auto-name bases of the layers made while call() ran (layers.Add()(...))

    def record(self, key, value, shape):
        """A sublayer called here gave ``shape``."""
        self.outputs[key] = shape
        self.called[key] = value
        seen = self.shapes.setdefault(key, [])
        if shape not in seen:
            seen.append(shape)


def _dims_value(shape):
    """A shape as the Python value ``build``/``compute_output_shape`` get (named dims are ints)."""
    return tuple(Sym(d) if isinstance(d, str) else d for d in shape)


def _out_shape(v):
    """The shape(s) a fact shows for a value: a shape, a list of shapes, or None."""
    if isinstance(v, Tensor):
        return v.shape
    if isinstance(v, (TensorList, ListV, tuple)):
        items = v.items if isinstance(v, (TensorList, ListV)) else v
        shapes = [_out_shape(x) for x in items]
        if not shapes or any(s is None for s in shapes):
            return None
        return shapes
    if isinstance(v, DictV):
        shapes = {k: _out_shape(x) for k, x in v.items}
        if not shapes or any(s is None for s in shapes.values()):
            return None
        return shapes
    return None


class SubclassCalls:
    """Subclasses' part for calling a followed Layer or Model subclass: ``build`` then ``call``."""

    # -- calling it --------------------------------------------------------------------------------
    def call_object(self, obj: KerasObjV, args, kwargs, node, arg_nodes, hint_node=None):
        """``obj(x, ...)``: the output, with its fact and its sublayers' facts."""
        m = self.companion(obj) if obj.kind == "model" else None
        if m is not None and m.kind == "functional":
            x = args[0] if args else kwargs.get("inputs", UNKNOWN)
            out = self.call_model(m, args, kwargs, node)
            tensors = self._flatten(x)[0]
            in_shape = None if not tensors else (tensors[0].shape if len(tensors) == 1 else [t.shape for t in tensors])
            self._fact(obj, in_shape, _out_shape(out), item_params(m), node, hint_node)
            parent = self.i.in_layer_call()
            if parent is not None:
                parent.record(id(obj), obj, _out_shape(out))
            return out
        return self.run_call(obj, args, kwargs, node, how="call", hint_node=hint_node)

    def _fact(self, obj, in_shape, out_shape, params, node, hint_node=None):
        i = self.i
        loc = i.loc(node) if node is not None else None
        i.layer_fact(loc=obj.loc, layer=obj.cls.name, name=obj.proxy.name, input_shape=in_shape,
                     output_shape=out_shape, params=params, output_names=None, why=(),
                     hint_loc=i.loc(hint_node) if hint_node is not None else loc, call_loc=loc)

    def _shape_tensors(self, shape):
        """``model.build(shape)``'s argument as the input tensor(s) it stands for."""
        if isinstance(shape, ListV) and shape.items and all(isinstance(s, (tuple, ListV)) for s in shape.items):
            parts = [self._shape_tensors(s) for s in shape.items]
            return None if any(p is None for p in parts) else ListV(tuple(parts))
        dims = arrays.shape_arg(shape)
        if dims is None or not dims or any(d is UNKNOWN for d in dims):
            return None
        return Tensor(tuple(dims), frozenset())

    def _data_tensors(self, x):
        """The data fit/predict get, as the tensors the model is called on (batch unknown)."""
        if isinstance(x, ArrayV):
            if x.shape is None or not x.shape:
                return None
            return Tensor((None,) + tuple(x.shape[1:]), frozenset(), dtype=x.dtype)
        if isinstance(x, (ListV, tuple)):
            items = x.items if isinstance(x, ListV) else x
            parts = [self._data_tensors(v) for v in items]
            if not parts or any(p is None for p in parts):
                return None
            return ListV(tuple(parts))
        if isinstance(x, DictV):
            parts = [(k, self._data_tensors(v)) for k, v in x.items]
            if not parts or any(p is None for _k, p in parts):
                return None
            return DictV(tuple(parts))
        return None

    def _as_tensors(self, v, depth=0):
        """A call's argument as Keras converts it: arrays become (eager) tensors."""
        if isinstance(v, ArrayV):
            return Tensor(v.shape, frozenset(), dtype=v.dtype)
        if depth < 3 and isinstance(v, ListV):
            return ListV(tuple(self._as_tensors(x, depth + 1) for x in v.items))
        if depth < 3 and isinstance(v, tuple):
            return tuple(self._as_tensors(x, depth + 1) for x in v)
        if depth < 3 and isinstance(v, DictV):
            return DictV(tuple((k, self._as_tensors(x, depth + 1)) for k, x in v.items))
        return v

    def _marked(self, v, depth=0):
        """Data given to a call, as tensors with a source of their own (the run of call() judges
        the operations on them; no keras.Input has source 0)."""
        if isinstance(v, Tensor) and not v.sources and v.sources is not None:
            return Tensor(v.shape, _DATA, dtype=v.dtype)
        if depth < 3 and isinstance(v, ListV):
            return ListV(tuple(self._marked(x, depth + 1) for x in v.items))
        if depth < 3 and isinstance(v, tuple):
            return tuple(self._marked(x, depth + 1) for x in v)
        if depth < 3 and isinstance(v, DictV):
            return DictV(tuple((k, self._marked(x, depth + 1)) for k, x in v.items))
        return v

    def _tensors_in(self, v, out, depth=0):
        if isinstance(v, Tensor):
            out.append(v)
        elif isinstance(v, (ListV, TensorList)) and depth < 3:
            for x in v.items:
                if self._tensors_in(x, out, depth + 1) is None:
                    return None
        elif isinstance(v, tuple) and depth < 3:
            for x in v:
                if self._tensors_in(x, out, depth + 1) is None:
                    return None
        elif isinstance(v, DictV) and depth < 3:
            for x in v.values():
                if self._tensors_in(x, out, depth + 1) is None:
                    return None
        elif v is not None:
            return None
        return out

    def _shape_struct(self, v):
        """The input shape ``build``/``compute_output_shape`` get: a tuple, or a list/dict of them."""
        if isinstance(v, Tensor):
            return _dims_value(v.shape) if v.shape is not None else UNKNOWN
        if isinstance(v, (ListV, TensorList)):
            return ListV(tuple(self._shape_struct(x) for x in v.items))
        if isinstance(v, tuple):
            return tuple(self._shape_struct(x) for x in v)
        if isinstance(v, DictV):
            return DictV(tuple((k, self._shape_struct(x)) for k, x in v.items))
        return UNKNOWN

    def run_call(self, obj: KerasObjV, args, kwargs, node, how="call", training=None, hint_node=None):
        """Keras' ``Layer.__call__`` on a followed object: build on the first call, then ``call``
        (or a user ``compute_output_shape`` for a symbolic call).  ``how``: "call", "build" (a
        model's ``build(shape)``: Keras does not run ``call`` there, so nothing is reported),
        or the training method whose data gives the shapes."""
        i = self.i
        parent = i.in_layer_call()
        call_hit = i.find_member_of(obj.cls, "call")
        call_fn = call_hit[2] if isinstance(call_hit, tuple) and call_hit[1] == "method" else None
        params = [p.name.value for p in call_fn.node.params.params] if call_fn is not None else []
        first_name = params[1] if len(params) > 1 else None
        args = [self._as_tensors(a) for a in args]
        kwargs = {k: self._as_tensors(v) for k, v in kwargs.items()}
        first = args[0] if args else kwargs.get(first_name, kwargs.get("inputs", UNKNOWN))
        tensors = self._tensors_in(first, [])
        others = []
        for a in args[1:]:
            if self._tensors_in(a, others) is None:
                tensors = None  # Keras takes only tensors positionally: not followed
        for k, v in kwargs.items():  # initial_state=[h, c], a second tensor by keyword: parents too
            if k not in (first_name, "inputs", "training", "mask"):
                self._tensors_in(v, others)
        loc = i.loc(node) if node is not None else None
        if not tensors or call_fn is None:
            if how == "call":
                self._fact(obj, None, None, None, node, hint_node)
            return UNKNOWN
        in_shape = tensors[0].shape if len(tensors) == 1 and isinstance(first, Tensor) else [t.shape for t in tensors]
        eager = all(t.sources is not None and not t.sources for t in tensors + others)
        srcs = arrays._union_sources(tensors + others)
        if eager:  # inside, keras.ops are judged on these tensors as on symbolic ones (TensorFlow raises too)
            args = [self._marked(a) for a in args]
            kwargs = {k: self._marked(v) for k, v in kwargs.items()}
        # training: given, else the enclosing call's, else call()'s default (Layer.__call__)
        if "training" in kwargs:
            resolved = kwargs["training"]
        elif parent is not None and parent.training is not None:
            resolved = parent.training
        elif training is not None:
            resolved = training
        else:
            resolved = call_fn.defaults.get("training")
        call_kwargs = dict(kwargs)
        if "training" in params and "training" not in kwargs and resolved is not None:
            call_kwargs["training"] = resolved
        if "mask" in params and "mask" not in kwargs and first_name != "mask":
            # Keras passes the input's mask; it is None for inputs and data, not followed otherwise
            plain = all(t.is_input or not t.sources for t in tensors)
            call_kwargs["mask"] = None if plain else UNKNOWN
        cos_hit = i.find_member_of(obj.cls, "compute_output_shape")
        cos_fn = cos_hit[2] if isinstance(cos_hit, tuple) and cos_hit[1] == "method" else None
        build_hit = i.find_member_of(obj.cls, "build")
        user_build = isinstance(build_hit, tuple) and build_hit[1] == "method"
        # Keras' symbolic call uses compute_output_shape
        use_cos = (cos_fn is not None or cos_hit is UNKNOWN) and not eager
        silent = how == "build" or use_cos or (parent is not None and parent.silent)
        sandbox = use_cos and user_build  # Keras never runs call() then: show it, keep nothing
        ctx = _Ctx(obj, loc, resolved if isinstance(resolved, bool) else None, silent, fmt(in_shape))
        n_diags, n_layers, n_models = len(i.rec.diags), len(i.rec.layers), len(i.rec.models)
        stack = self._kctx()
        shape_value = self._shape_struct(first)
        # Keras traces call() twice on the first call when its build() is Layer's own and a sublayer
        # is unbuilt (once to build them, once for the output): layers made inside take two names
        twice = (not user_build and not use_cos and self._get("built", obj, False) is not True
                 and any(self._unbuilt(t) for t in self.tracked(obj)))
        if silent:
            i.silent += 1
        stack.append(ctx)
        try:
            if self._get("built", obj, False) is not True:
                if user_build:
                    if build_hit is not UNKNOWN:
                        i.run_method(obj, build_hit[0], build_hit[2], [shape_value], {})
                elif build_hit is UNKNOWN:
                    self._set("weights", obj, self._get("weights", obj, ()) + (None,))
                self._set("built", obj, True)
            real = i.g
            if sandbox:
                i.g = real.overlay()
            try:
                result = i.run_method(obj, call_hit[0], call_fn, args, call_kwargs)
            finally:
                i.g = real
            cos_out = MISSING
            if use_cos:
                cos_out = UNKNOWN if cos_hit is UNKNOWN else i.run_method(obj, cos_hit[0], cos_fn, [shape_value], {})
        finally:
            stack.pop()
            if silent:
                i.silent -= 1
        del i.rec.models[n_models:]  # (a Sequential block built by this call is a part of it)
        if twice:
            for base in ctx.inline:
                self.uniq(base)
        if parent is not None:
            parent.inline.extend(ctx.inline)
        # the sublayers' facts say in which call they were made; errors inside point at this call
        where = f"in {obj.cls.name}.call on {ctx.in_text}"
        for pl in i.rec.layers[n_layers:]:
            if not any(w.startswith("in ") and ".call on " in w for w in pl.why):
                pl.why = tuple(pl.why) + (where,)
        if loc is not None and not silent:
            note = (loc, f"{obj.cls.name}.call runs here on {ctx.in_text}")
            for k in range(n_diags, len(i.rec.diags)):
                pd = i.rec.diags[k]
                i.rec.diags[k] = replace(pd, related=tuple(pd.related) + (note,))
        # the output
        seq = next(_call_seq)
        layer = obj.proxy
        if obj.kind == "model":
            layer = self.companion(obj) or obj.proxy
        parents = tuple(tensors) + tuple(others)
        if cos_out is not MISSING:
            out = self._from_shapes(cos_out, srcs, layer, parents, seq)
        else:
            out = self._wrap(result, srcs, layer, parents, seq)
        out_shape = _out_shape(out)
        known = out_shape is not None and out is not UNKNOWN
        if known and isinstance(out_shape, list):
            # a model's row shows every output, one flat list (as Keras' summary does)
            flat = self._tensors_in(out, [])
            for t in flat or ():
                t.all_out = [x.shape for x in flat]
        params = self.object_params(obj) if known else None
        self.set_params(obj.proxy, params)
        self._set("calledok", obj, known)
        if obj.kind == "model":
            out = self._update_model(obj, ctx, tensors, first, out, node, how)
        if how == "call":
            self._fact(obj, in_shape, out_shape, params, node, hint_node)
        if parent is not None:
            parent.record(id(obj), obj, out_shape)
        if out is UNKNOWN and isinstance(first, Tensor) and how == "call" and result is not UNKNOWN:
            return Tensor(None, srcs, layer=obj.proxy, parents=parents, seq=seq)
        return out

    def _wrap(self, v, srcs, layer, parents, seq, k=0, depth=0):
        """What ``call`` returned, as the tensors Keras' symbolic call gives (new ones, made by
        this layer); Unknown when it is not a structure of tensors."""
        if isinstance(v, Tensor):
            return Tensor(v.shape, srcs, layer=layer, parents=parents, seq=seq, index=k, dtype=v.dtype)
        if depth > 3:
            return UNKNOWN
        if isinstance(v, (TensorList, ListV, tuple)):
            items = v.items if isinstance(v, (TensorList, ListV)) else v
            made = []
            for n, x in enumerate(items):
                w = self._wrap(x, srcs, layer, parents, seq, n, depth + 1) if x is not None else None
                if w is UNKNOWN:
                    return UNKNOWN
                made.append(w)
            if isinstance(v, TensorList):
                return TensorList(tuple(made), layer=layer if isinstance(layer, LayerV) else None)
            return ListV(tuple(made)) if isinstance(v, ListV) else tuple(made)
        if isinstance(v, DictV):
            made = []
            for n, (key, x) in enumerate(v.items):
                w = self._wrap(x, srcs, layer, parents, seq, n, depth + 1)
                if w is UNKNOWN:
                    return UNKNOWN
                made.append((key, w))
            return DictV(tuple(made))
        return UNKNOWN

    def _from_shapes(self, v, srcs, layer, parents, seq):
        """The output a user ``compute_output_shape`` describes."""
        dims = arrays.shape_arg(v) if isinstance(v, tuple) or (isinstance(v, ListV) and v.items
                                                                  and not isinstance(v.items[0], (tuple, ListV))) else None
        if dims is not None and all(d is None or is_int(d) or isinstance(d, str) for d in dims):
            return Tensor(tuple(dims), srcs, layer=layer, parents=parents, seq=seq)
        if isinstance(v, ListV) and v.items:
            made = []
            for n, s in enumerate(v.items):
                d = arrays.shape_arg(s)
                if d is None:
                    return UNKNOWN
                made.append(Tensor(tuple(d), srcs, layer=layer, parents=parents, seq=seq, index=n))
            return ListV(tuple(made))
        return UNKNOWN

    def traced_refusal(self, layer: LayerV, args, kwargs, node) -> bool:
        """A catalog layer whose symbolic call Keras accepts but whose call() on TensorFlow's
        tensors (inside a layer's traced call()) raises: MultiHeadAttention on a 2-D query (its
        attention softmax has no axis left).  Reported at the call; True when it was."""
        i = self.i
        rule = layer.rule
        if rule is None or rule.name not in ("MultiHeadAttention", "GroupedQueryAttention"):
            return False
        q = args[0] if args else kwargs.get("query")
        if not isinstance(q, Tensor) or q.shape is None or len(q.shape) != 2:
            return False
        loc = i.loc(node)
        i.diag(loc, "SL101", f"{rule.name} inside a layer's call() needs a sequence (batch, steps, features), but "
               f"its query is 2-D {fmt(q.shape)}; on TensorFlow's tensors its attention softmax has no axis to run "
               f"over, and Keras raises (IndexError) while tracing call(). Give it a steps axis, e.g. "
               f"keras.ops.expand_dims(x, 1).",
               related=((layer.loc, f"{rule.name} is made here"),) if layer.loc is not None else ())
        return True

    def inner_call_done(self, ctx: _Ctx, func, out, node, n_diags):
        """A sublayer called inside a Keras object's ``call``: what it gave (for a model's rows), and
        its errors placed on this line inside ``call`` (Keras raises there)."""
        i = self.i
        ctx.record(_key(func), func, _out_shape(out))
        if isinstance(func, LayerV):
            i.g.assign(f"\0called:{id(func)}", True)
        loc = i.loc(node)
        if loc is None or func.loc is None:
            return
        for n in range(n_diags, len(i.rec.diags)):
            pd = i.rec.diags[n]
            if pd.loc is func.loc or (pd.loc.chunk is func.loc.chunk and pd.loc.line == func.loc.line
                                      and pd.loc.col == func.loc.col and pd.loc.end_line == func.loc.end_line
                                      and pd.loc.end_col == func.loc.end_col):
                if loc.line != func.loc.line or loc.chunk is not func.loc.chunk:
                    rel = tuple(pd.related) + ((func.loc, f"{func.class_name} is made here"),)
                    i.rec.diags[n] = replace(pd, loc=loc, related=rel)

    def note_inline(self, ctx: _Ctx, autos_before: dict):
        """Layers made by a call inside call() (``layers.Add()([a, b])``): their name bases."""
        after = self.i.rec.autos or {}
        for base, n in after.items():
            for _ in range(n - autos_before.get(base, 0)):
                ctx.inline.append(base)
