"""What Keras runs without complaint but is certainly wrong (warnings, SL3xx), each checked in
Keras 3.15.1: a softmax over a single unit (always 1.0), an output activation that does not
fit the cross-entropy it is trained with, binary cross-entropy on a softmax over more than two
classes, and data whose timesteps differ from a Sequential's fixed Input.  Every check is
silent when any value it rests on is unknown.  A mixin of KerasOps (through Training)."""

from __future__ import annotations

from ...catalog.base import fmt, known
from ..values import LayerV, ModuleV, Tensor
from . import losses
from .losses import LossSpec

SOFTMAX_ONE = "SL302"
ACTIVATION_LOSS = "SL303"
BCE_MULTICLASS = "SL304"
TIMESTEPS = "SL306"

# Where an activation function lives, whatever the spelling.
_ACT_MODULES = ("keras.activations.", "tensorflow.nn.", "tensorflow.math.", "keras.ops.", "keras.backend.",
                "tensorflow.keras.activations.")
_ACTIVATED = ("Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
              "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
              "LSTM", "GRU", "SimpleRNN")


def activation_name(v):
    """The activation an ``activation=`` value names ("softmax", "sigmoid", "linear", ...), or
    None when it is not known."""
    if v is None:
        return "linear"
    if isinstance(v, str):
        return v if v in ("softmax", "sigmoid", "linear", "relu", "tanh", "softplus", "elu", "selu", "gelu",
                          "swish", "silu", "exponential", "hard_sigmoid", "softsign", "leaky_relu") else None
    if isinstance(v, ModuleV):
        for m in _ACT_MODULES:
            if v.path.startswith(m) and v.path.count(".") == m.count("."):
                return v.path[len(m):]
    return None


def layer_activation(layer):
    """The activation a layer applies last to its output, or None when not known."""
    if not isinstance(layer, LayerV) or getattr(layer, "rule", None) is None:
        return None
    name = layer.rule.name
    cfg = layer.cfg
    if name in _ACTIVATED or name == "Activation":
        return activation_name(cfg.get("activation"))
    if name == "Softmax":
        return "softmax" if cfg.get("axis", -1) == -1 else None
    if name == "TimeDistributed" and isinstance(layer.inner, LayerV):
        return layer_activation(layer.inner)
    return None


# Layers that run on a sequence of any length (what a Sequential's data may differ in).
_ANY_LENGTH = frozenset({"LSTM", "GRU", "SimpleRNN", "Dense", "EinsumDense", "Dropout", "SpatialDropout1D",
                         "GaussianNoise", "GaussianDropout", "BatchNormalization", "LayerNormalization",
                         "Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax", "Masking",
                         "GlobalMaxPooling1D", "GlobalAveragePooling1D", "ActivityRegularization"})
# ... and those that do on a longer one than the model was built for (they shrink the length)
_LONGER_OK = frozenset({"Conv1D", "SeparableConv1D", "DepthwiseConv1D", "MaxPooling1D", "AveragePooling1D"})


class Silent:
    """KerasOps' part for legal code that is certainly wrong."""

    # -- a softmax over one unit ---------------------------------------------------------------
    def softmax_single_unit(self, layer: LayerV, in_shape, out) -> None:
        """A layer whose softmax runs over an axis of size 1: every output is 1.0 (Keras 3 only
        warns 'You are using a softmax over axis -1 of a tensor of shape (None, 1)')."""
        if not isinstance(layer, LayerV) or getattr(layer, "rule", None) is None or not isinstance(out, tuple) or not out:
            return
        name = layer.rule.name
        holder = layer.inner if name == "TimeDistributed" and isinstance(layer.inner, LayerV) else layer
        if holder.rule is None:
            return
        axis_size = None
        if name == "Softmax":
            axis = layer.cfg.get("axis", -1)
            if not isinstance(axis, int) or isinstance(axis, bool) or not isinstance(in_shape, tuple):
                return
            try:
                axis_size = in_shape[axis]
            except IndexError:
                return
        elif name == "Lambda":
            fn = layer.cfg.get("function")
            if activation_name(fn) != "softmax" or not isinstance(in_shape, tuple) or not in_shape:
                return
            axis_size = in_shape[-1]
        elif holder.rule.name in _ACTIVATED or holder.rule.name == "Activation":
            if activation_name(holder.cfg.get("activation")) != "softmax":
                return
            if holder.rule.name in ("LSTM", "GRU", "SimpleRNN"):
                return  # the recurrent activation: not the output's last axis alone
            axis_size = out[-1]
        else:
            return
        if axis_size != 1:
            return
        i = self.i
        fixes = []
        arg = holder.arg_locs.get("activation")
        if arg is not None and isinstance(holder.cfg.get("activation"), str) and arg[1] is not None:
            fixes.append(self.fix("Use activation='sigmoid' (one unit: a yes/no probability)", [(arg[1], "'sigmoid'")]))
        what = {"Softmax": "a Softmax layer", "Lambda": "a softmax"}.get(name, "its softmax activation")
        i.diag(holder.loc if holder.loc is not None else layer.loc, SOFTMAX_ONE,
               f"{layer.rule.name} applies {what} over an axis of size 1 {fmt(out)}: a softmax normalises over that "
               f"axis, so every output is exactly 1.0 whatever the input, and nothing can be learned from it (Keras 3 "
               f"runs it and only logs a warning). For one yes/no output use activation='sigmoid' with "
               f"binary_crossentropy; for C classes give the layer C units.",
               fixes=[f for f in fixes if f])

    # -- the output activation against the loss ------------------------------------------------
    def silent_loss_checks(self, s: LossSpec, y, ys, out, out_t, loc, where) -> None:
        """Targets and output fit the loss; is the output activation one the loss can use?"""
        if not isinstance(out_t, Tensor) or not isinstance(s, LossSpec) or not s.name:
            return
        layer = out_t.layer
        act = layer_activation(layer)
        if act is None:
            return
        i = self.i
        units = out[-1]
        lname = layer.rule.name
        if act == "linear" and lname not in _ACTIVATED:
            # Activation('linear') is the identity (a cast to float32 after a softmax, in the
            # mixed-precision guide): what the output holds is decided before it, not followed here
            return
        if s.name in losses.CATEGORICAL + losses.SPARSE and units == 1:
            if act == "softmax":
                return  # SL302 says it at the layer
            i.diag(loc, ACTIVATION_LOSS,
                   f"{s.written} on an output of a single unit {fmt(out)}{where}: the classes are the units, and with "
                   f"one unit its probability is always 1, so the loss is always 0 and the model learns nothing (Keras "
                   f"only warns). For two classes use one sigmoid unit with binary_crossentropy, or "
                   f"Dense(2, activation='softmax') with this loss.", severity="warning")
            return
        if s.name in losses.CATEGORICAL + losses.SPARSE and s.from_logits is False and act == "linear":
            norm = " divides them by their sum and" if s.name in losses.CATEGORICAL else ""
            want = "softmax"
            i.diag(loc, ACTIVATION_LOSS,
                   f"the model's output{where} comes from {lname} without an activation (linear), but {s.written} "
                   f"reads it as probabilities (from_logits=False): Keras{norm} clips {'the result' if norm else 'the raw outputs'} into "
                   f"[1e-7, 1 - 1e-7], so negative or large outputs give no gradient. Add activation='{want}' to the "
                   f"last layer, or use the loss with from_logits=True.", severity="warning")
            return
        if s.name in losses.CATEGORICAL + losses.SPARSE and act == "sigmoid" and known(units) and units > 1:
            i.diag(loc, ACTIVATION_LOSS,
                   f"{s.written} on {units} sigmoid units{where}: sigmoid outputs are independent, not a distribution "
                   f"over classes; Keras divides them by their sum and trains on that. For one class per sample use "
                   f"activation='softmax'; for several labels per sample use binary_crossentropy.", severity="warning")
            return
        classes = getattr(y, "label_classes", None)  # every label 0 .. classes-1 occurs (keras.datasets)
        if s.name in losses.BINARY and units == 1 and known(classes) and classes > 2:
            i.diag(loc, BCE_MULTICLASS,
                   f"{s.written} on one output unit{where}, but the labels run from 0 to {classes - 1}: binary "
                   f"cross-entropy reads every target as a probability of 'yes', so labels above 1 make a loss that "
                   f"falls below zero and means nothing; Keras trains on it without an error. For {classes} classes use "
                   f"Dense({classes}, activation='softmax') with sparse_categorical_crossentropy.", severity="warning")
            return
        if s.name in losses.BINARY and act == "softmax" and known(units) and units > 2:
            i.diag(loc, BCE_MULTICLASS,
                   f"{s.written} on a softmax over {units} classes{where}: Keras scores each of the {units} units as its "
                   f"own yes/no label and averages the {units} binary losses, so the loss it trains on and reports is "
                   f"not the cross-entropy of each sample's class but a mean of {units} yes/no losses, one per unit. "
                   f"For one class per sample use categorical_crossentropy (one-hot targets) or "
                   f"sparse_categorical_crossentropy (integer labels).", severity="warning")

    # -- a Sequential's data against its fixed Input -------------------------------------------
    def sequential_timesteps(self, m, have, want, bad, loc, method) -> None:
        """A Sequential does not check its data against its Input: data with other timesteps runs
        (checked: no error, no warning) over steps the model was not built for."""
        if len(want) != 3 or len(have) != 3 or bad != [1] or loc is None or not m.layers:
            return
        if not (known(have[1]) and known(want[1]) and known(have[2]) and have[2] == want[2]):
            return  # the steps or the features not known: whether Keras runs it is not known
        longer = known(have[1]) and known(want[1]) and have[1] > want[1]
        for layer in m.layers:  # every layer must run on any length (else Keras raises, or it is not known)
            name = getattr(getattr(layer, "rule", None), "name", None) if isinstance(layer, LayerV) else None
            if name in ("TimeDistributed", "Bidirectional"):
                inner = layer.inner.rule.name if isinstance(layer.inner, LayerV) and layer.inner.rule else None
                if inner not in _ANY_LENGTH:
                    return
                continue
            if name not in _ANY_LENGTH and not (longer and name in _LONGER_OK):
                return
        self.i.diag(loc, TIMESTEPS,
                    f"{method}() gets data with {have[1]} timesteps {fmt(have)}, but the Sequential model was built for "
                    f"{want[1]} {fmt(want)}: a Sequential does not check its data against its Input, so Keras runs the "
                    f"model over {have[1]} steps without an error. Give the data {want[1]} timesteps, or the Input "
                    f"shape=(None, {want[2]}) if the length varies.", severity="warning")


STATE_LIST = "SL305"

_LIST_FUNCS = frozenset({"len", "list", "tuple", "print", "enumerate", "zip", "iter", "type", "isinstance", "repr",
                         "str", "reversed", "id"})


def _parent_of(root, target, depth=0):
    """The node whose child ``target`` is, in the statement ``root`` (small trees); None."""
    if root is None or depth > 60:
        return None
    for child in root.children:
        if child is target:
            return root
        found = _parent_of(child, target, depth + 1)
        if found is not None:
            return found
    return None


def _state_use(stmt, node, code):
    """How the statement uses the value of ``node`` when it treats it as one array: a text for
    the message, or None (unpacked, indexed by an int, assigned, not followed)."""
    import libcst as cst

    parent = _parent_of(stmt, node)
    if isinstance(parent, cst.Attribute) and parent.value is node:
        return f"its .{parent.attr.value}"
    if isinstance(parent, cst.Subscript) and parent.value is node:
        sl = parent.slice
        if len(sl) == 1 and isinstance(sl[0].slice, cst.Index) and isinstance(sl[0].slice.value, cst.Integer):
            return None  # pred[0]: the list's first array
        return f"indexing it as an array ({code(parent)})"
    if isinstance(parent, cst.Arg):
        call = _parent_of(stmt, parent)
        if isinstance(call, cst.Call):
            fname = code(call.func)
            if fname.rsplit(".", 1)[-1] in _LIST_FUNCS:
                return None
            return f"{fname}(...)"
    if isinstance(parent, (cst.BinaryOperation, cst.Comparison)):
        return "arithmetic on it"
    return None


class StateListCheck:
    """A Sequential that ends in ``return_state=True`` (or a functional model given as outputs= the
    list such a layer call returned) has several outputs: ``predict`` returns a list of arrays
    (checked in Keras 3: ``[(8, 4), (8, 4), (8, 4)]`` for an LSTM), not one."""

    def state_list_used_as_array(self, m, node, val) -> None:
        from ..values import ListV, TensorList

        i = self.i
        # a Sequential's output, or a functional model's outputs= when it is the list the layer
        # call itself returned (not a list the code built of the output and the states)
        out = m.seq_out if m.kind == "sequential" else m.outputs
        if not isinstance(val, ListV) or not isinstance(out, TensorList) or out.layer is None:
            return
        layer = out.layer
        holder = layer.inner if layer.rule is not None and layer.rule.name == "Bidirectional" and layer.inner else layer
        if not isinstance(holder, LayerV) or holder.cfg.get("return_state") is not True:
            return
        use = _state_use(i.cur_stmt, node, i.code)
        if use is None:
            return
        shapes = ", ".join(fmt(a.shape) for a in val.items if hasattr(a, "shape"))
        which = ("the Sequential model ends in" if m.kind == "sequential" else
                 "the model's outputs are the list returned by")
        i.diag(i.loc(node), STATE_LIST,
               f"{which} {layer.rule.name}(return_state=True), so predict() returns a list of "
               f"{len(val.items)} arrays [{shapes}] (the output, then the states), not one array; {use} treats the list "
               f"as one array. Take the output with [0], or drop return_state=True.", severity="warning")
