"""Subclassed layers and models: a user class deriving from ``keras.layers.Layer`` or
``keras.Model`` followed the way Keras runs it.

* Making one runs its ``__init__`` (``engine/python/classes.py``): sublayers, lists and dicts
  of them and plain values become its attributes; ``super().__init__()`` gives it its Keras name
  (``TransformerBlock`` → ``transformer_block``); ``super().__init__(inputs=..., outputs=...)`` makes
  it a functional model (the functional-in-``__init__`` pattern).
* Calling it on tensors (:meth:`Subclasses.call_object`) runs ``build(input_shape)`` on the first
  call (``self.add_weight(shape=...)`` counts its weights), then ``call`` on the tensors, with
  ``training`` as Keras resolves it (given, inherited from the enclosing call, or ``call``'s
  default) and ``mask`` when it is known to be None.  Each sublayer called inside gets its own
  fact for this context; an error Keras raises inside ``call`` is reported on the line inside
  ``call``, with the call that gave the shapes as related information.  A user-written
  ``compute_output_shape`` gives the output of a symbolic call, as in Keras (whose ``call`` is then
  not run with the user's ``build``: its facts are shown, nothing it changes is kept).
* Its weight count is its own weights plus those of the sublayers it tracks (attributes,
  lists and dicts of them) that are built; a sublayer never called is unbuilt (0), as Keras
  counts.  Unknown whenever a call was not followed all the way.
* A model's summary (a ``ModelV`` of kind "subclassed") is made when the file says which
  shapes it sees: ``model(x)``, ``model.build(shape)`` (Keras' own ``build`` does not run ``call``:
  the shapes are those ``call`` would give, and the summary says so), or the data of
  ``fit``/``evaluate``/``predict``.  Its rows are its tracked sublayers with the output of their
  last call in that context, and the summary says which call its shapes come from.

The state of an object (built, its weights, its model) is kept in the run's environment under
its id, like its attributes."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Optional

import libcst as cst

from ...catalog.base import fmt, snake_case
from ..libraries import arrays
from ..records import MISSING
from ..values import (
    UNKNOWN,
    ArrayV,
    BoundMethod,
    DictV,
    KerasObjV,
    LayerV,
    ListV,
    ModelV,
    Sym,
    Tensor,
    TensorList,
    is_int,
)
from .context import _call_seq
from .graph import _CustomLayer, item_params, model_outputs
from .training import _loss_kind

log = logging.getLogger("shapelens.engine")

_LAYER_METHODS = frozenset({
    "add_weight", "add_variable", "build", "call", "__call__", "compute_output_shape", "get_config", "count_params",
    "add_loss", "add_metric", "get_weights", "set_weights", "compute_mask", "__init__", "get_build_config",
})
_MODEL_METHODS = frozenset({
    "compile", "fit", "evaluate", "predict", "predict_on_batch", "train_on_batch", "test_on_batch", "summary", "save",
    "save_weights", "load_weights", "get_layer", "fit_generator", "predict_step", "train_step", "test_step",
})
_DATA_METHODS = {"fit": True, "train_on_batch": True, "fit_generator": True, "evaluate": False, "test_on_batch": False,
                 "predict": False, "predict_on_batch": False}
# Keras layers built when they are made (their build() is Layer's own): they never make Keras trace
# an enclosing layer's call() to build them
_BUILT_AT_INIT = frozenset({
    "Activation", "ActivityRegularization", "AlphaDropout", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
    "Dropout", "ELU", "GaussianDropout", "GaussianNoise", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
    "GlobalAveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "Identity",
    "InputLayer", "LeakyReLU", "Masking", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "ReLU", "Reshape",
    "Softmax", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "UnitNormalization",
})
_ADD_WEIGHT = ("shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint", "aggregation",
               "overwrite_with_gradient", "name")


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


def _key(v):
    """A sublayer's identity across versions (a Sequential built by its first call is a new ModelV)."""
    if isinstance(v, ModelV):
        return ("m", v.key)
    return id(v)


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


def _flat_items(v, out, depth=0):
    """The layers, models and Keras objects held in an attribute (lists, tuples and dicts too),
    in Keras' tracking order."""
    if isinstance(v, (LayerV, ModelV, KerasObjV)):
        out.append(v)
    elif depth < 4 and isinstance(v, (ListV, tuple, DictV)):
        items = v.items if isinstance(v, ListV) else v.values() if isinstance(v, DictV) else v
        for x in items:
            _flat_items(x, out, depth + 1)
    return out


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Subclasses:
    """KerasOps' part for user-defined Layer and Model subclasses."""

    # -- the object's state in the run's environment ---------------------------------------------
    def _get(self, kind, obj, default=MISSING):
        v = self.i.g.lookup(f"\0{kind}:{id(obj)}")
        return default if v is MISSING else v

    def _set(self, kind, obj, value):
        self.i.g.assign(f"\0{kind}:{id(obj)}", value)

    def companion(self, obj) -> Optional[ModelV]:
        m = self._get("model", obj, None)
        return m if isinstance(m, ModelV) else None

    def _kctx(self) -> list:
        st = self.i.__dict__.get("kctx")
        if st is None:
            st = self.i.kctx = []
        return st

    # -- making one ------------------------------------------------------------------------------
    def new_object(self, cls, args, kwargs, node, arg_nodes):
        i = self.i
        obj = KerasObjV(cls, kind=cls.keras, loc=i.loc(node), level=i.maybe)
        obj.proxy = _CustomLayer("", cls.name, obj.loc, obj)
        hit = i.find_member_of(cls, "__init__")
        if hit is UNKNOWN:
            return UNKNOWN
        n_models = len(i.rec.models)
        if hit is None or hit[1] != "method":
            self.keras_init(obj, args, kwargs, node, arg_nodes)
        else:
            i.run_method(obj, hit[0], hit[2], args, kwargs)
        if obj.proxy.name == "":  # Layer.__init__ was not reached on the path followed
            self.keras_init(obj, [], {}, None, {})
        # the models made inside (a Sequential block) are parts of this object, not summaries
        del i.rec.models[n_models:]
        m = self.companion(obj)
        if m is not None and m.kind == "functional" and m.rows and m.loc is not None:
            self.note_model(m)
        return obj

    def keras_init(self, obj, args, kwargs, node, arg_nodes):
        """Keras' ``Layer.__init__`` / ``Model.__init__``: the object's name; for a model, its
        summary model (a functional one when ``inputs`` and ``outputs`` are given)."""
        i = self.i
        if obj.proxy.name != "":
            return None  # called twice: Keras keeps the first name
        name = kwargs.get("name")
        obj.proxy.name = name if isinstance(name, str) and name else self.uniq(snake_case(obj.cls.name))
        if obj.kind != "model":
            return None
        inputs = args[0] if args else kwargs.get("inputs", MISSING)
        outputs = args[1] if len(args) > 1 else kwargs.get("outputs", MISSING)
        if inputs is not MISSING and outputs is not MISSING:
            n = len(i.rec.models)
            m = self.new_functional([inputs, outputs], {}, node, {k: v for k, v in arg_nodes.items() if k in (0, 1)}
                                    if node is not None else {})
            del i.rec.models[n:]  # the model is shown where the object is made
            if isinstance(m, ModelV):
                self._set("model", obj, m.evolve(name=obj.proxy.name, loc=obj.loc, cls_name=obj.cls.name))
            return None
        m = ModelV("subclassed", obj.loc, obj.proxy.name, key=next(_call_seq), tentative=i.tentative > 0,
                   cls_name=obj.cls.name)
        self._set("model", obj, m)
        return None

    def name_object(self, obj: KerasObjV, target: cst.Name):
        """``model = MyModel(...)``: the variable names its summary (hover, code lens)."""
        if obj.kind != "model" or self._get("var", obj, None) is not None:
            return
        self._set("var", obj, target.value)
        m = self.companion(obj)
        if m is None:
            return
        m = m.evolve(var=target.value)
        self._set("model", obj, m)
        if m.rows and m.loc is not None:
            self.note_model(m)
        self.i.symbol(target, m)

    # -- attributes and methods Keras gives it ---------------------------------------------------
    def object_attribute(self, obj: KerasObjV, attr):
        if attr == "name":
            return self.name_now(obj.proxy.name)
        if attr in _LAYER_METHODS or (obj.kind == "model" and attr in _MODEL_METHODS):
            return BoundMethod(obj, attr)
        if attr == "built":
            return self._get("built", obj, False) is True
        m = self.companion(obj) if obj.kind == "model" else None
        if m is not None and (m.rows or m.kind == "functional"):
            outs = model_outputs(m)
            if attr in ("output_shape",) and outs is not None and len(outs) == 1 and outs[0] is not None:
                return tuple(outs[0])
            if attr in ("inputs", "input") and m.inputs:
                return m.inputs[0] if attr == "input" and len(m.inputs) == 1 else ListV(tuple(m.inputs))
            if attr in ("outputs", "output") and m.outputs is not None:
                o = m.outputs
                return ListV((o,)) if attr == "outputs" and isinstance(o, Tensor) else o
        if attr == "layers":
            return ListV(tuple(self.tracked(obj)))
        return UNKNOWN

    def object_method(self, obj: KerasObjV, name, args, kwargs, node, arg_nodes, scope, via_super=False):
        """A method of Keras' Layer or Model that the class does not override."""
        if name == "__init__":
            return self.keras_init(obj, args, kwargs, node, arg_nodes)
        if name in ("add_weight", "add_variable"):
            return self.add_weight(obj, args, kwargs)
        if name == "__call__":
            return self.call_object(obj, args, kwargs, node, arg_nodes)
        if name == "build":
            if obj.kind == "model" and not via_super and self.companion(obj) is not None \
                    and self.companion(obj).kind == "subclassed":
                shape = args[0] if args else kwargs.get("input_shape", MISSING)
                x = self._shape_tensors(shape)
                if x is not None:
                    self.run_call(obj, [x], {}, node, how="build")
                    return None
            self._set("built", obj, True)
            return None
        if name == "count_params":
            p = self.object_params(obj)
            return p if p is not None else UNKNOWN
        if name in ("add_loss", "add_metric", "summary", "save", "save_weights", "load_weights", "set_weights"):
            return None
        if obj.kind != "model":
            return UNKNOWN
        m = self.companion(obj)
        if name == "compile":
            loss = kwargs.get("loss", args[1] if len(args) > 1 else None)
            self._set("loss", obj, _loss_kind(loss))
            if m is not None:
                self._set("model", obj, m.evolve(loss=_loss_kind(loss)))
            return None
        if name in _DATA_METHODS and m is not None:
            x = args[0] if args else kwargs.get("x")
            if m.kind == "subclassed":
                tx = self._data_tensors(x)
                if tx is not None:
                    want = _out_shape(tx)
                    have = [t.shape for t in m.inputs] if m.inputs else None
                    if not m.rows or have != ([want] if not isinstance(want, list) else want):
                        self.run_call(obj, [tx], {}, node, how=name, training=_DATA_METHODS[name])
                m = self.companion(obj)
                if m is None or not m.rows:
                    return UNKNOWN
                m = m.evolve(inputs=())  # a subclassed model does not check its input's shape
            return self.model_method(BoundMethod(m, name, None), args, kwargs, node, arg_nodes, scope)
        return UNKNOWN

    def add_weight(self, obj: KerasObjV, args, kwargs):
        """``self.add_weight(shape=..., ...)``: a variable of that shape; its size counts."""
        i = self.i
        bound = dict(zip(_ADD_WEIGHT, args))
        bound.update({k: v for k, v in kwargs.items() if k in _ADD_WEIGHT})
        shape = bound.get("shape", None)
        weights = self._get("weights", obj, ())
        if args and isinstance(args[0], str):  # Keras 2's add_weight(name, shape): not Keras 3's
            self._set("weights", obj, weights + (None,))
            return UNKNOWN
        dims = () if shape is None else arrays.shape_arg(shape)
        count = None
        if dims is not None and all(is_int(d) for d in dims):
            count = 1
            for d in dims:
                count *= d
        self._set("weights", obj, weights + ((count if i.maybe <= obj.level else None),))
        dtype = bound.get("dtype") if isinstance(bound.get("dtype"), str) else None
        if dims is None or any(d is UNKNOWN for d in dims):
            return Tensor(None, frozenset())
        return Tensor(tuple(d if (is_int(d) or isinstance(d, str)) else None for d in dims), frozenset(), dtype=dtype)

    def build_sublayer(self, layer: LayerV, args, kwargs):
        """``self.dense.build(input_shape)`` in a method: the layer is built (its weights count),
        nothing is shown for it."""
        i = self.i
        shape = args[0] if args else kwargs.get("input_shape")
        dims = arrays.shape_arg(shape)
        if dims is None or layer.rule is None or isinstance(layer, _CustomLayer) or any(d is UNKNOWN for d in dims):
            i.g.assign(f"\0called:{id(layer)}", True)
            return None
        n_l, n_d = len(i.rec.layers), len(i.rec.diags)
        i.silent += 1
        try:
            self.apply(layer, Tensor(tuple(dims), frozenset()), None, {})
        finally:
            i.silent -= 1
            del i.rec.layers[n_l:]
            del i.rec.diags[n_d:]
        i.g.assign(f"\0called:{id(layer)}", True)
        return None

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

    # -- weights, tracked sublayers and a model's rows ----------------------------------------------
    def tracked(self, obj: KerasObjV) -> list:
        """The layers, models and Keras objects the object tracks, in Keras' order (each once)."""
        out, seen = [], set()
        for _name, v in self.i.obj_attrs(obj):
            for item in _flat_items(v, []):
                k = _key(item)
                if k not in seen:
                    seen.add(k)
                    out.append(item)
        return out

    def _unbuilt(self, item) -> bool:
        """Is this tracked sublayer unbuilt (never called, and not built when made)?"""
        if isinstance(item, KerasObjV):
            return self._get("built", item, False) is not True
        if isinstance(item, ModelV):
            return self.i.g.lookup(f"\0called:{id(item)}") is MISSING and not item.rows
        if isinstance(item, LayerV) and item.rule is not None:
            return (item.rule.name not in _BUILT_AT_INIT and self.params_of(item) is None
                    and self.i.g.lookup(f"\0called:{id(item)}") is MISSING)
        return False

    def note_inline(self, ctx: _Ctx, autos_before: dict):
        """Layers made by a call inside call() (``layers.Add()([a, b])``): their name bases."""
        after = self.i.rec.autos or {}
        for base, n in after.items():
            for _ in range(n - autos_before.get(base, 0)):
                ctx.inline.append(base)

    def _item_params(self, item, depth=0):
        if isinstance(item, KerasObjV):
            if depth > 8:
                return None
            if self._get("calledok", item, True) is False:
                return None
            m = self.companion(item) if item.kind == "model" else None
            if m is not None and m.kind == "functional":
                return item_params(m)
            return self.object_params(item, depth + 1)
        if isinstance(item, ModelV):
            if item.kind == "sequential" and item.seq_out is None and not item.seq_broken:
                return 0 if self.i.g.lookup(f"\0called:{id(item)}") is MISSING else None  # never built: no weights
            return item_params(item)
        if isinstance(item, LayerV):
            p = self.params_of(item)
            if p is None and self.i.g.lookup(f"\0called:{id(item)}") is MISSING:
                return 0  # never called: unbuilt, no weights yet
            return p
        return None

    def object_params(self, obj: KerasObjV, depth=0) -> Optional[int]:
        """Its own weights plus its tracked sublayers' (each once); None when any is unknown."""
        total = 0
        for w in self._get("weights", obj, ()):
            if w is None:
                return None
            total += w
        for item in self.tracked(obj):
            p = self._item_params(item, depth)
            if p is None:
                return None
            total += p
        return total

    def _update_model(self, obj, ctx, tensors, first, out, node, how):
        """A subclassed model's summary after a call: its tracked sublayers with what they gave."""
        i = self.i
        m = self.companion(obj)
        if m is None:
            return out
        rows, row_calls = [], []
        for item in self.tracked(obj):
            k = id(item) if isinstance(item, KerasObjV) else _key(item)
            row_item = item.proxy if isinstance(item, KerasObjV) else item
            rows.append((row_item, ctx.outputs.get(k), self._item_params(item)))
            # called more than once with different shapes (Keras 2 printed "multiple")
            shapes = ctx.shapes.get(k, [])
            row_calls.append(tuple(shapes) if len(shapes) > 1 else ())
        own = 0
        for w in self._get("weights", obj, ()):
            own = None if own is None or w is None else own + w
        # untracked layers with weights called in call(): Keras does not count them either way
        tracked_keys = {_key(t) for t in self.tracked(obj)}
        for k, v in ctx.called.items():
            if k not in tracked_keys and isinstance(v, LayerV) and self.params_of(v) != 0:
                own = None
        text = _shorten(i.code(node)) if node is not None else how
        loss = self._get("loss", obj, None)
        new = m.evolve(rows=tuple(rows), row_calls=tuple(row_calls), inputs=tuple(tensors),
                       outputs=out if out is not UNKNOWN else None, own_params=own, seq_broken=out is UNKNOWN,
                       origin=(i.loc(node) if node is not None else None, text, how),
                       var=m.var or self._get("var", obj, None), loss=loss if loss is not None else m.loss)
        self._set("model", obj, new)
        if new.loc is not None:
            self.note_model(new)
        return self._relabel(out, m, new)

    def _relabel(self, out, old, new):
        """The output tensors of a model call name the model's summary made by that call."""
        if isinstance(out, Tensor):
            if out.layer is old:
                out.layer = new
            return out
        if isinstance(out, (TensorList, ListV, tuple, DictV)):
            items = out.items if isinstance(out, (TensorList, ListV)) else out.values() if isinstance(out, DictV) else out
            for x in items:
                self._relabel(x, old, new)
        return out
