"""Functional models: ``keras.Model(inputs, outputs)``, their layer table, outputs not connected
to the inputs, and a model called like a layer."""

from __future__ import annotations

import logging

import libcst as cst

from ...catalog.base import fmt
from ..libraries import arrays
from ..records import MISSING
from ..values import (
    UNKNOWN,
    LayerV,
    Loc,
    ModelV,
    Tensor,
    TensorList,
)
from .context import _call_seq, _line_ref
from .graph import _find_inputs, _tensors_of, keras_layer_order, model_inputs, model_outputs

log = logging.getLogger("shapelens.engine")


class FunctionalModels:
    """KerasOps' part for functional models."""

    # -- functional model ----------------------------------------------------------------------
    def new_functional(self, args, kwargs, node, arg_nodes):
        i = self.i
        inputs = args[0] if args else kwargs.get("inputs", MISSING)
        outputs = args[1] if len(args) > 1 else kwargs.get("outputs", MISSING)
        name = kwargs.get("name") if isinstance(kwargs.get("name"), str) else None
        loc = i.loc(node)
        if inputs is MISSING or outputs is MISSING:
            return ModelV("functional", loc, name or "model", key=next(_call_seq))  # subclass-style: unknown
        ins = _tensors_of(inputs)
        outs = _tensors_of(outputs)
        m = ModelV("functional", loc, name or self.uniq("functional"), inputs=tuple(ins or ()), outputs=outputs,
                   key=next(_call_seq), tentative=i.tentative > 0)
        if ins is None or outs is None:
            m = m.evolve(seq_broken=True)
            self.note_model(m)
            return m
        in_ids = {t.input_id for t in ins if t.is_input}
        if all(t.is_input for t in ins):
            for k, t in enumerate(outs):
                if t.sources is None:
                    continue
                stray = t.sources - in_ids
                if stray:
                    self.not_connected(k, t, ins, stray, node, arg_nodes)
                    m = m.evolve(seq_broken=True)
                    break
        m = m.evolve(rows=self.functional_rows(ins, outs))
        self.note_model(m)
        return m

    def functional_rows(self, ins, outs):
        """The model's layers in Keras' own order (keras.src.ops.function.map_graph: operations by
        decreasing depth, ties by first traversal from the outputs), InputLayers included."""
        return tuple((op, shape, self.params_of(op) if isinstance(op, LayerV) else params)
                     for op, shape, params in keras_layer_order(ins, outs))

    def not_connected(self, k, t, ins, stray, node, arg_nodes):
        i = self.i
        stray_inputs = _find_inputs(t, stray)
        fixes = []
        in_node = arg_nodes.get("inputs") or arg_nodes.get(0)
        stmt = i.cur_stmt_loc if hasattr(i, "cur_stmt_loc") else None
        if (in_node is not None and isinstance(in_node.value, cst.Call) and len(ins) == 1 and ins[0].input_loc is not None
                and stray_inputs and all(s.input_loc is not None for s in stray_inputs) and stmt is not None):
            code = i.code(in_node.value)
            name = "inputs"
            first = stmt
            for s_ in stray_inputs:
                sl = getattr(s_, "stmt_loc", None)
                if sl is not None and sl.abs_line < first.abs_line:
                    first = sl
            indent = " " * first.col
            edits = [(Loc(first.chunk, first.line, first.col, first.line, first.col), f"{name} = {code}\n{indent}"),
                     (ins[0].input_loc, name)]
            for s in stray_inputs:
                if s.input_loc is not None:
                    edits.append((s.input_loc, name))
            fixes.append(self.fix(f"Create the Input once as `{name}` and use it for both inputs= and the first layer", edits, True))
        elif stray_inputs and len(ins) == 1 and in_node is not None and all(s.input_var for s in stray_inputs) and len(stray_inputs) == 1:
            vloc = i.vloc(in_node.value)
            fixes.append(self.fix(f"Use {stray_inputs[0].input_var} as the model's inputs", [(vloc, stray_inputs[0].input_var)], True))
        where = ""
        refs = ()
        if stray_inputs and stray_inputs[0].input_loc is not None:
            where = f" It is computed from a different keras.Input (line {_line_ref(0)}) than the one passed as inputs."
            refs = (stray_inputs[0].input_loc,)
        i.diag(i.loc(node), "SL108",
               f"Output {k} of this model ({fmt(t.shape)}) is not connected to its inputs; Keras raises 'Output with path "
               f"`{k}` is not connected to `inputs`'.{where} Create the Input once, bind it to a name, and use that name "
               f"both in inputs= and for the first layer.",
               refs=refs, fixes=[f for f in fixes if f],
               related=tuple((s.input_loc, "this keras.Input is not among the model's inputs") for s in stray_inputs if s.input_loc is not None))

    def call_model(self, m: ModelV, args, kwargs, node):
        """A model called like a layer (a Sequential block, an encoder, a backbone): its outputs
        on this input.  A Sequential without an input shape is built by its first call, as
        Keras does (the same model object everywhere it is held)."""
        if getattr(m, "app", None) is not None:  # a keras.applications backbone (applications.py)
            return self.call_application(m, args, kwargs, node)
        x = args[0] if args else kwargs.get("inputs", UNKNOWN)
        tensors, is_list, _ = self._flatten(x)
        srcs = arrays._union_sources(tensors) if tensors else None
        built = self.built_on(m, tensors)
        outs = model_outputs(built)
        if outs is None or tensors is None:
            return Tensor(None, srcs) if tensors else UNKNOWN
        batch = tensors[0].shape[0] if tensors[0].shape else None
        seq = next(_call_seq)
        ins = model_inputs(built)
        fixed = (ins is not None and len(ins) == 1 and ins[0] is not None and len(ins[0]) > 0 and ins[0][0] is not None
                 and len(tensors) == 1)  # built on data of a fixed first axis (by a call on that data)
        if built is not m or (fixed and tensors[0].shape is not None and tuple(tensors[0].shape) == tuple(ins[0])):
            # built by this very call, or called again on the shape it was built for: its outputs
            res = [Tensor(tuple(s) if s is not None else None, srcs, layer=built, parents=tuple(tensors), seq=seq)
                   for s in outs]
        elif fixed:  # another shape than the one it was built for: Keras may raise or run it again
            res = [Tensor(None, srcs, layer=built, parents=tuple(tensors), seq=seq) for _s in outs]
        else:
            res = [Tensor((batch,) + tuple(s[1:]) if s is not None else None, srcs, layer=built,
                          parents=tuple(tensors), seq=seq) for s in outs]
        return res[0] if len(res) == 1 else TensorList(tuple(res))

    def built_on(self, m: ModelV, tensors) -> ModelV:
        """``m`` built by a call on ``tensors`` when it is a Sequential without an input shape
        (its layers get their facts; the built model replaces the unbuilt one wherever held)."""
        if (m.kind != "sequential" or m.seq_out is not None or m.seq_broken or not m.layers or not tensors
                or len(tensors) != 1 or tensors[0].shape is None):
            return m
        # with the input's own shape, its first axis included, as Keras' Layer.__call__ builds it
        # (a preprocessing Sequential called on one (32, 32, 3) image: Resizing and RandomCrop
        # take a rank-3 input as one image, not as a batch of rows)
        built = self.build_sequential(m, tuple(tensors[0].shape), None)
        self.i.mutate(m, built, self.i.g)
        self.note_model(built)
        return built
