"""What goes wrong when a layer is called: a wrong input rank (with its cause and repair), a list
given to a one-input layer, initial states of the wrong count or width, return_state results
unpacked into the wrong number of names."""

from __future__ import annotations

import logging

import libcst as cst

from ...catalog.base import fmt, known
from ..values import (
    UNKNOWN,
    LayerV,
    ListV,
    Tensor,
    TensorList,
)
from .context import _line_ref, _tuple_text, _zero

log = logging.getLogger("shapelens.engine")


def _steps(shape) -> str:
    """The size of axis 1 as advice may write it (a size only known when the program runs: by name)."""
    return str(shape[1]) if known(shape[1]) else "steps"


def _rank_advice(rule, shape, t: Tensor) -> str:
    """One plain sentence on how to repair a wrong input rank."""
    src = t.layer.class_name if t.layer is not None else None
    r = len(shape)
    if rule.ndim == 3 and rule.recurrent:
        if r == 2:
            if src in ("Flatten", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "Dense"):
                return (f"the {src} before it leaves no time axis; keep a 3-D (batch, timesteps, features) tensor "
                        f"(drop the {src}, or put RepeatVector(timesteps) before the {rule.name}).")
            if t.is_input:
                return (f"give the input a time axis: shape=(timesteps, features), e.g. shape=({shape[1] if known(shape[1]) else 'timesteps'}, 1) for one "
                        f"feature per step, and reshape the data to (samples, timesteps, features).")
            return "reshape it to (batch, timesteps, features)."
        if r == 4 and src == "Embedding":
            return ("Embedding adds a feature axis, so its input must be 2-D (batch, sequence) integer ids; drop the "
                    "trailing axis from the input shape.")
        if r > 3:
            return ("reshape it to (batch, timesteps, features), or use TimeDistributed / ConvLSTM2D for sequences of "
                    "images.")
        return "give it (batch, timesteps, features)."
    if rule.name == "RepeatVector":
        return ("RepeatVector repeats one vector per sample, so feed it (batch, features): e.g. return_sequences=False "
                "on the recurrent layer before it, or Flatten/GlobalAveragePooling1D first.")
    if rule.name in ("Conv1D", "Conv1DTranspose", "SeparableConv1D", "DepthwiseConv1D", "MaxPooling1D",
                     "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "UpSampling1D",
                     "ZeroPadding1D", "Cropping1D", "SpatialDropout1D"):
        if r == 2:
            return (f"{rule.name} slides over a sequence, so give it (batch, steps, channels), e.g. "
                    f"keras.layers.Reshape(({_steps(shape)}, 1)) before it or an input of shape ({_steps(shape)}, 1).")
        return "reshape it to (batch, steps, channels)."
    if rule.name == "TimeDistributed":
        return "TimeDistributed applies a layer to every time step, so its input needs a time axis: (batch, timesteps, ...)."
    if rule.name in ("ConvLSTM2D", "ConvLSTM1D"):
        return "ConvLSTM layers read sequences of images; reshape the input to " + (rule.expects or "the expected rank") + "."
    return "reshape the tensor to the rank the layer expects."


class LayerErrors:
    """KerasOps' part for the errors of layer calls."""

    def list_into_single(self, layer, tensors, tlist, ctx):
        i = self.i
        src = tlist.layer if tlist is not None else None
        n = len(tensors)
        if src is not None and src.cfg.get("return_state") is True and src.loc is not None:
            names = ", ".join(tlist.names) if tlist.names else f"{n} tensors"
            fixes = [self.fix(f"Remove return_state=True from the {src.class_name} on line {_line_ref(0)}",
                              [self.remove_kwarg_edit(src.inner if src.rule.name == 'Bidirectional' and 'return_state' not in src.arg_locs else src, "return_state")],
                              preferred=True, refs=(src.loc,))]
            where = "inside Sequential " if ctx and ctx.startswith("sequential") else ""
            i.diag(layer.loc, "SL106" if ctx and ctx.startswith("sequential") else "SL107",
                   f"{layer.class_name} gets {n} tensors [{names}] from the {src.class_name} on line {_line_ref(0)}, "
                   f"which has return_state=True {where}; Keras raises 'Layer \"{self.name_now(layer.name)}\" expects 1 input(s), but it "
                   f"received {n} input tensors'. Remove return_state=True"
                   + (", or use the functional API to use the states." if ctx and ctx.startswith("sequential") else ", or pick the output with [0]."),
                   refs=(src.loc,), fixes=[f for f in fixes if f],
                   related=((src.loc, f"return_state=True here makes {n} outputs"),))
            return
        i.diag(layer.loc, "SL107", f"{layer.class_name} takes one tensor but gets a list of {n} "
               f"({', '.join(fmt(t.shape) for t in tensors)}); merge them first (e.g. Concatenate) or pick one.")

    def rank_error(self, layer, t: Tensor, shape, err, ctx):
        i = self.i
        rule = layer.rule
        want = rule.expected_rank_text()
        got = f"{len(shape)}-D {fmt(shape)}"
        prev = t.last_step_of
        if prev is not None and len(shape) == 2 and (rule.ndim == 3 or rule.min_ndim == 3) and prev.loc is not None:
            edit = self.set_kwarg_edit(prev, "return_sequences", "True")
            fixes = [self.fix(f"Set return_sequences=True on the {prev.class_name} on line {_line_ref(0)}", [edit], True,
                              refs=(prev.loc,))]
            steps = t.parents[0].shape[1] if t.parents and isinstance(t.parents[0], Tensor) and t.parents[0].shape else None
            rv = self.wrapper_text(layer, "RepeatVector")
            if ctx == "sequential-list" and known(steps) and rv is not None and layer.loc is not None:
                same_line = prev.loc is not None and prev.loc.abs_line == layer.loc.abs_line
                sep = ", " if same_line else ",\n" + " " * layer.loc.col
                fixes.append(self.fix(f"Insert {rv.rsplit('.', 1)[-1]}({steps}) before this {rule.name} (encoder–decoder)",
                                      [(_zero(layer.loc, at_end=False), f"{rv}({steps}){sep}")]))
            i.diag(layer.loc, "SL102",
                   f"{rule.name} expects {want} but gets {fmt(shape)} from the {prev.class_name} on line {_line_ref(0)}, "
                   f"which returns only its last step; set return_sequences=True there.",
                   refs=(prev.loc,), fixes=[f for f in fixes if f],
                   related=((prev.loc, f"this {prev.class_name} returns only its last step (return_sequences=False)"),))
            return
        want_rank = rule.ndim or rule.min_ndim
        if (t.is_input and t.input_arg is not None and want_rank is not None and len(shape) == want_rank + 1
                and (t.input_arg[2] in ("input_shape", "input_dim") or t.input_arg[1].endswith(".shape"))):
            aloc, text, key, value = t.input_arg
            dims = tuple(shape[1:])
            first = dims[0]
            rest = dims[1:]
            fixes = []
            if aloc is not None:
                if isinstance(value, tuple) or isinstance(value, ListV):
                    if all(known(d) or d is None for d in rest):
                        fixes.append(self.fix(f"Drop the batch size: {key}={_tuple_text(rest)}", [(aloc, _tuple_text(rest))], True))
                elif text.endswith(".shape"):
                    fixes.append(self.fix(f"Drop the sample count: {key}={text}[1:]", [(aloc, text + "[1:]")], True))
            i.diag(layer.loc, "SL103",
                   f"{rule.name} expects {want} but gets {got}: {key}={_tuple_text(dims)} includes the batch or sample "
                   f"count {first}, and Keras adds the batch axis itself. Use {key}={_tuple_text(rest)}.",
                   fixes=[f for f in fixes if f],
                   related=((aloc, f"{key} has {len(dims)} dims; drop the first"),) if aloc is not None else ())
            return
        via, refs = self.describe(t)
        advice = _rank_advice(rule, shape, t)
        fixes = []
        src = t.layer if isinstance(t.layer, LayerV) else None
        if rule.name == "RepeatVector" and src is not None and src.cfg.get("return_sequences") is True and src.loc is not None:
            fixes.append(self.fix(f"Set return_sequences=False on the {src.class_name} on line {_line_ref(0)}",
                                  [self.set_kwarg_edit(src, "return_sequences", "False")], True, refs=(src.loc,)))
        elif rule.ndim is not None and len(shape) == rule.ndim + 1 and not rule.recurrent and layer.loc is not None:
            td = self.wrapper_text(layer, "TimeDistributed")
            if td is not None:
                fixes.append(self.fix(f"Wrap the {rule.name} in TimeDistributed (apply it to every time step)",
                                      [(_zero(layer.loc, at_end=False), td + "("), (_zero(layer.loc), ")")], True))
        i.diag(layer.loc, "SL101", f"{rule.name} expects {want} but gets {got}{via}; {advice}", refs=refs,
               fixes=[f for f in fixes if f],
               related=((refs[0], f"this produces {fmt(shape)}"),) if refs else ())

    def check_initial_state(self, layer: LayerV, st, in_shape):
        i = self.i
        rule = layer.rule
        if rule.name not in ("LSTM", "GRU", "SimpleRNN"):
            return
        tensors, is_list, _ = self._flatten(st)
        if tensors is None:
            return
        need = 2 if rule.name == "LSTM" else 1
        units = layer.cfg.get("units")
        for t in tensors[:need]:  # states past the ones the layer uses are not looked at by Keras
            if rule.name == "SimpleRNN" and t.shape is not None and in_shape[0] == 1:
                continue  # a batch of one broadcasts a 3-D state through SimpleRNNCell: Keras runs
            if t.shape is not None and len(t.shape) != 2:
                i.diag(layer.loc, "SL109", f"initial_state of {rule.name} must be 2-D (batch, units) tensors, but one is "
                       f"{len(t.shape)}-D {fmt(t.shape)}; a sequence cannot be a state. Pass the states returned by a "
                       f"return_state=True layer (e.g. state_h, state_c).")
                return
        if len(tensors) < need:
            i.diag(layer.loc, "SL109", f"{rule.name} needs {need} initial states [state_h, state_c] but gets {len(tensors)}; "
                   f"Keras fails only when the model runs. Pass both states of the encoder LSTM: initial_state=[state_h, state_c].")
            return
        if len(tensors) > need and rule.name != "GRU":
            i.diag(layer.loc, "SL109", f"{rule.name} takes {need} initial state{'s' if need > 1 else ''} but gets "
                   f"{len(tensors)}; Keras fails as soon as the model runs ('Too few leaves'). Pass exactly {need}.")
            return
        for k, t in enumerate(tensors[:need]):
            w = t.shape[-1] if t.shape is not None else None
            if rule.name == "LSTM" and k == 1 and w == 1:
                continue  # a cell state of width 1 broadcasts; Keras runs
            if known(w) and known(units) and w != units:
                i.diag(layer.loc, "SL109", f"initial_state of {rule.name}({units}) must have width {units}, but gets "
                       f"{fmt(t.shape)}; Keras fails only when the model runs (MatMul dimension error). Give both layers "
                       f"the same units.")
                return
        if len(tensors) > need:  # only a GRU gets here: it runs and ignores the rest
            i.diag(layer.loc, "SL301", f"GRU uses 1 initial state but gets {len(tensors)}; Keras silently ignores the "
                   f"rest (an LSTM's [h, c] given to a GRU?). Pass only the first.", severity="warning")

    # -- unpacking ---------------------------------------------------------------------------
    def unpack(self, target, elts, value, scope, value_node):
        i = self.i
        n = len(elts)
        starred = any(isinstance(e, cst.StarredElement) for e in elts)
        items = None
        if isinstance(value, TensorList):
            items = list(value.items)
            if not starred and n != len(items) and value.layer is not None:
                self.unpack_error(target, elts, value, n, len(items))
                items = None
        elif isinstance(value, Tensor) and value.layer is not None and not starred:
            lay = value.layer
            holder = lay.inner if lay.rule.name == "Bidirectional" and lay.inner is not None else lay
            if holder.cfg.get("return_state") is False and lay.rule.name != "MultiHeadAttention" and value.shape is not None:
                fixes = []
                expect = {"LSTM": 3, "GRU": 2, "SimpleRNN": 2}.get(holder.rule.name)
                if lay.rule.name == "Bidirectional":
                    expect = {"LSTM": 5, "GRU": 3, "SimpleRNN": 3}.get(holder.rule.name)
                if expect == n:
                    fixes.append(self.fix(f"Set return_state=True on the {holder.class_name}",
                                          [self.set_kwarg_edit(holder, "return_state", "True")], True))
                i.diag(i.loc(target), "SL105",
                       f"The {lay.class_name} on line {_line_ref(0)} returns one tensor {fmt(value.shape)}, but it is "
                       f"unpacked into {n} names; Keras raises 'Iterating over a symbolic KerasTensor is not supported'. "
                       + (f"Set return_state=True to get {', '.join(('output',) + holder.rule.state_names)}." if expect == n and hasattr(holder.rule, 'state_names') else "Assign it to one name."),
                       refs=(lay.loc,), fixes=[f for f in fixes if f])
        elif isinstance(value, (tuple, ListV)):
            items = list(value if isinstance(value, tuple) else value.items)
        if items is not None and not starred and len(items) == n:
            for e, v in zip(elts, items):
                i.assign_target(e.value, v, scope, None)
            return
        if items is not None and starred:
            before = [k for k, e in enumerate(elts) if isinstance(e, cst.StarredElement)][0]
            after = n - before - 1
            if len(items) >= before + after:
                for k in range(before):
                    i.assign_target(elts[k].value, items[k], scope, None)
                mid = items[before:len(items) - after]
                i.assign_target(elts[before].value, ListV(tuple(mid)), scope, None)
                for k in range(after):
                    i.assign_target(elts[n - after + k].value, items[len(items) - after + k], scope, None)
                return
        for e in elts:
            i.assign_target(e.value if not isinstance(e, cst.StarredElement) else e.value, UNKNOWN, scope, None)

    def unpack_error(self, target, elts, value: TensorList, n, have):
        i = self.i
        lay = value.layer
        names = list(value.names) if value.names else [f"out{k}" for k in range(have)]
        fixes = []
        tloc = i.loc(target)
        if tloc is not None and all(isinstance(e.value, cst.Name) for e in elts):
            cur = [e.value.value for e in elts]
            if n < have:
                new = cur + [nm for nm in names[n:]]
            else:
                new = cur[:have]
            text = ", ".join(new)
            if isinstance(target, cst.List):
                text = "[" + text + "]"
            elif isinstance(target, cst.Tuple) and target.lpar:
                text = "(" + text + ")"
            fixes.append(self.fix(f"Unpack into {have} names: {text}", [(tloc, text)], True))
        what = "too many values to unpack" if have > n else "not enough values to unpack"
        i.diag(tloc, "SL104",
               f"The {lay.class_name} on line {_line_ref(0)} returns {have} tensors [{', '.join(names)}], but they are "
               f"unpacked into {n} names; Keras raises '{what} (expected {n}{', got ' + str(have) if have < n else ''})'. "
               f"Unpack into {have}: {', '.join(names)}.",
               refs=(lay.loc,), fixes=[f for f in fixes if f],
               related=((lay.loc, f"return_state=True → {have} outputs"),) if lay.loc is not None else ())
