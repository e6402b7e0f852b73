"""Where a call on a Keras, NumPy or TensorFlow name, an attribute of a Keras value, or a method of
one goes: the one entry of the interpreter into the Keras package and the array libraries."""

from __future__ import annotations

import logging

import libcst as cst

from ...catalog import FUNCTIONAL_MERGES, RULES
from .. import libraries
from ..libraries import arrays
from ..paths import layer_class
from ..records import MISSING
from ..values import (
    UNKNOWN,
    ArrayV,
    BoundMethod,
    LayerV,
    LibValue,
    ListV,
    ModelV,
    ModuleV,
    Tensor,
)
from .applications import Applications
from .context import KerasContext, _shape_value, _shapes_value
from .functional import FunctionalModels
from .graph import model_inputs, model_outputs
from .inputs import Inputs
from .layer_errors import LayerErrors
from .layers import Layers
from .ops import TensorOps
from .sequential import SequentialModels
from .training import Training

log = logging.getLogger("shapelens.engine")


# keras.activations that keep their input's shape on a Keras tensor (each checked in Keras 3.15.1;
# mish, hard_silu, hard_swish and sparsemax call TensorFlow and raise on one; glu halves an axis)
_SHAPE_KEEPING_ACTIVATIONS = frozenset(
    "relu sigmoid tanh softmax log_softmax elu selu gelu silu swish softplus softsign exponential hard_sigmoid "
    "linear leaky_relu relu6 celu squareplus hard_shrink hard_tanh soft_shrink tanh_shrink sparse_plus "
    "sparse_sigmoid".split())


class KerasOps(Layers, LayerErrors, Inputs, SequentialModels, FunctionalModels, Training, TensorOps, Applications,
               KerasContext):
    """Keras' semantics for one Interp: a call by canonical path, an attribute, a method."""

    # -- calls by path -----------------------------------------------------------------------
    def call_path(self, path, args, kwargs, node, arg_nodes, scope):
        made = self.legacy_path_call(path, args, kwargs, node, arg_nodes)  # Keras 2 names, lr=, loss objects
        if made is not MISSING:
            return made
        rule = layer_class(path)
        if rule is not None:
            return self.construct(rule, args, kwargs, node, arg_nodes)
        if path.startswith("keras.layers."):
            short = path[len("keras.layers."):]
            if short in FUNCTIONAL_MERGES:
                return self.functional_merge(RULES[FUNCTIONAL_MERGES[short]], args, kwargs, node, arg_nodes)
            if short in ("Input",):
                return self.make_input(args, kwargs, node, arg_nodes)
            return UNKNOWN  # a layer the catalog does not know: silent
        if path.startswith("keras.applications."):
            return self.application(path, args, kwargs, node, arg_nodes)
        if path == "keras.Input":
            return self.make_input(args, kwargs, node, arg_nodes)
        if path == "keras.Sequential":
            return self.new_sequential(args, kwargs, node, arg_nodes)
        if path == "keras.Model":
            return self.new_functional(args, kwargs, node, arg_nodes)
        if path in ("keras.config.set_image_data_format", "keras.backend.set_image_data_format"):
            # layers made afterwards with data_format=None take this one
            fmt_ = args[0] if args else kwargs.get("data_format", UNKNOWN)
            self.i.g.assign("\0data_format", fmt_.lower() if isinstance(fmt_, str) else UNKNOWN)
            return None
        if path in ("keras.config.image_data_format", "keras.backend.image_data_format"):
            fmt_ = self.i.g.lookup("\0data_format")  # keras.config.set_image_data_format(...) earlier
            return "channels_last" if fmt_ is MISSING else fmt_  # (Keras' default, as layers take it)
        if path == "keras.activations.get" and len(args) + len(kwargs) == 1:
            # activations.get("relu") is keras.activations.relu; get(None) is linear
            ident = args[0] if args else kwargs.get("identifier", MISSING)
            ident = "linear" if ident is None else ident
            if isinstance(ident, str) and ident in _SHAPE_KEEPING_ACTIVATIONS:
                return ModuleV("keras.activations." + ident)
            return UNKNOWN
        if path.startswith("keras.activations.") and args and isinstance(args[0], Tensor) \
                and path[len("keras.activations."):] in _SHAPE_KEEPING_ACTIVATIONS:
            t = args[0]  # keras.activations.relu(x): keras.ops on x, elementwise (or along an axis)
            return Tensor(t.shape, t.sources, parents=(t,), dtype=t.dtype)
        made = self.ops_call(path, args, kwargs, node, arg_nodes)  # keras.ops.* / tf.* given a Keras tensor
        if made is not MISSING:
            return made
        made = libraries.call(path, args, kwargs, libraries.Ctx(self.i, node, arg_nodes, scope))  # numpy.zeros, ...
        if made is not MISSING:
            return made
        if path.startswith("keras.ops.") or path.startswith("keras.backend."):
            return self.ops_fn(path.rsplit(".", 1)[-1], args, kwargs)
        return UNKNOWN

    # -- attributes and methods ----------------------------------------------------------------
    def attribute(self, base, attr, node):
        i = self.i
        if isinstance(base, Tensor):
            if attr == "shape":
                return _shape_value(base.shape, i.code(node))
            if attr == "ndim":
                return len(base.shape) if base.shape is not None else UNKNOWN
            return UNKNOWN
        if isinstance(base, (ArrayV, LibValue)):  # a library's own attributes: df.values, df.iloc, ...
            made = libraries.get_attribute(base, attr, node.value.value if isinstance(node.value, cst.Name) else None)
            if made is not MISSING:
                return made
        if isinstance(base, ArrayV):
            if attr == "shape":
                return _shape_value(base.shape, i.code(node))
            if attr == "ndim":
                return len(base.shape) if base.shape is not None else UNKNOWN
            if attr == "T":
                return ArrayV(tuple(reversed(base.shape)) if base.shape is not None else None, base.dtype)
            if attr == "size":
                s = arrays._size(base.shape or (None,))
                return s if s is not None else UNKNOWN
            if attr == "dtype":
                return UNKNOWN
            receiver = node.value.value if isinstance(node.value, cst.Name) else None
            return BoundMethod(base, attr, receiver)
        if isinstance(base, LayerV) and base.rule is not None:
            if attr == "name":
                return self.name_now(base.name)
            if attr == "adapt" or attr in base.rule.methods:
                receiver = node.value.value if isinstance(node.value, cst.Name) else None
                return BoundMethod(base, attr, receiver)
            return UNKNOWN
        if isinstance(base, ModelV):
            outs = model_outputs(base)
            ins = model_inputs(base)
            if attr in ("output_shape",):
                return _shapes_value(outs)
            if attr in ("input_shape",):
                return _shapes_value(ins)
            if attr == "layers":
                return ListV(tuple(base.layers))
            if attr == "name":
                return base.name
            if attr in ("output", "outputs"):
                o = base.seq_out if base.kind == "sequential" else base.outputs
                if attr == "outputs" and isinstance(o, Tensor):
                    return ListV((o,))
                return o if o is not None else UNKNOWN
            if attr in ("input", "inputs"):
                if base.kind == "sequential":
                    return base.seq_input if base.seq_input is not None else UNKNOWN
                return base.inputs[0] if attr == "input" and len(base.inputs) == 1 else ListV(tuple(base.inputs))
            receiver = node.value.value if isinstance(node.value, cst.Name) else None
            return BoundMethod(base, attr, receiver)
        return UNKNOWN

    def call_method(self, bm: BoundMethod, args, kwargs, node, arg_nodes, scope):
        obj, name = bm.obj, bm.name
        if isinstance(obj, ModelV):
            return self.model_method(bm, args, kwargs, node, arg_nodes, scope)
        if isinstance(obj, (ArrayV, LibValue)):
            made = libraries.call_method(obj, name, args, kwargs, libraries.Ctx(self.i, node, arg_nodes, scope, bm.receiver))
            return UNKNOWN if made is MISSING else made
        if isinstance(obj, LayerV):
            return self.layer_method(obj, name, args, kwargs)
        return UNKNOWN

    def layer_method(self, layer: LayerV, name, args, kwargs):
        """``layer.adapt(data)`` (a preprocessing layer learns from data: kept in the run's
        environment, its rule reads it as ``cfg["_adapted"]``) and the methods its rule knows."""
        if name == "adapt":
            data = args[0] if args else kwargs.get("data", UNKNOWN)
            self.i.g.assign(f"\0adapted:{id(layer)}", UNKNOWN if self.i.maybe else data)
            return None
        value = layer.rule.layer_method(self.layer_cfg(layer), name, args, kwargs)
        return UNKNOWN if value is None else value
