"""Subclassed layers and models: a user class deriving from ``keras.layers.Layer`` or
``keras.Model`` followed the way Keras runs it.

* Making one runs its ``__init__`` (``engine/python/classes.py``): sublayers, lists and dicts
  of them and plain values become its attributes; ``super().__init__()`` gives it its Keras name
  (``TransformerBlock`` → ``transformer_block``); ``super().__init__(inputs=..., outputs=...)`` makes
  it a functional model (the functional-in-``__init__`` pattern).
* What Keras gives it besides: the attributes ``name``, ``built``, ``layers`` (a model's ``input``,
  ``output``...) and the methods of Keras' Layer and Model that the class does not override
  (``build``, ``count_params``, a model's ``compile``/``fit``/``evaluate``/``predict``...).

The rest is in two mixins :class:`Subclasses` inherits: ``subclass_call.py`` (calling it on
tensors: ``build`` then ``call``, the sublayers' facts and the errors inside ``call``) and
``subclass_weights.py`` (``add_weight``, its tracked sublayers, its weight count and a model's summary).

The state of an object (built, its weights, its model) is kept in the run's environment under
its id, like its attributes."""

from __future__ import annotations

import logging
from typing import Optional

import libcst as cst

from ...catalog.base import snake_case
from ..records import MISSING
from ..values import (
    UNKNOWN,
    BoundMethod,
    KerasObjV,
    ListV,
    ModelV,
    Tensor,
)
from .context import _call_seq
from .graph import _CustomLayer, model_outputs
from .subclass_call import SubclassCalls, _out_shape
from .subclass_weights import SubclassWeights
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


class Subclasses(SubclassCalls, SubclassWeights):
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
