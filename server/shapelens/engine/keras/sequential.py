"""``Sequential`` models: their layers stacked one on the other (a list, ``add``, ``build``), the
legacy input_shape= hint, and the refactor to the functional API."""

from __future__ import annotations

import logging

import libcst as cst

from ..libraries import arrays
from ..records import PendingFix
from ..values import (
    UNKNOWN,
    KerasObjV,
    LayerV,
    ListV,
    Loc,
    ModelV,
    Tensor,
    TensorList,
    is_int,
)
from .context import _call_seq, _zero
from .graph import _CustomLayer, item_params

log = logging.getLogger("shapelens.engine")


class SequentialModels:
    """KerasOps' part for Sequential models."""

    # -- Sequential ----------------------------------------------------------------------------
    def new_sequential(self, args, kwargs, node, arg_nodes):
        i = self.i
        layers = args[0] if args else kwargs.get("layers")
        name = kwargs.get("name") if isinstance(kwargs.get("name"), str) else None
        m = ModelV("sequential", i.loc(node), name or self.uniq("sequential"), key=next(_call_seq),
                   tentative=i.tentative > 0)
        if layers is None:
            self.note_model(m)
            return m
        items = layers.items if isinstance(layers, ListV) else layers if isinstance(layers, tuple) else None
        if items is None:
            m = m.evolve(seq_broken=True, seq_out=UNKNOWN)
            self.note_model(m)
            return m
        lnode = (arg_nodes.get(0) or arg_nodes.get("layers"))
        elem_nodes = []
        if lnode is not None and isinstance(lnode.value, (cst.List, cst.Tuple)):
            elem_nodes = [e.value for e in lnode.value.elements]
        for k, item in enumerate(items):
            en = elem_nodes[k] if k < len(elem_nodes) and len(elem_nodes) == len(items) else None
            m = self.seq_add(m, item, en, in_list=en is not None)
        self.note_model(m)
        if len(elem_nodes) == len(items) and not m.seq_broken and isinstance(m.seq_input, Tensor):
            self.functional_refactor(m, items, elem_nodes, node)
        return m

    def functional_refactor(self, m: ModelV, items, elem_nodes, node):
        """Refactor: this Sequential([...]) written with the functional API."""
        i = self.i
        stmt = getattr(i, "cur_stmt", None)
        sloc = getattr(i, "cur_stmt_loc", None)
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1 or sloc is None:
            return
        assign = stmt.body[0]
        if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and assign.value is node
                and isinstance(assign.targets[0].target, cst.Name)):
            return
        var = assign.targets[0].target.value
        model_name = self.spell("keras.Model")
        input_name = self.spell("keras.Input")
        if model_name is None:
            return
        lines = []
        start = 0
        first = items[0]
        if isinstance(first, Tensor) and first.is_input:
            lines.append(f"inputs = {i.code(elem_nodes[0])}")
            start = 1
        elif isinstance(first, LayerV) and first.input_shape_arg is not None and first.input_arg is not None and input_name:
            lines.append(f"inputs = {input_name}(shape={first.input_arg[1]})")
        else:
            return
        layer_nodes = list(zip(items[start:], elem_nodes[start:]))
        if not layer_nodes or not all(isinstance(it, (LayerV, ModelV)) and isinstance(n, (cst.Call, cst.Name, cst.Attribute))
                                      for it, n in layer_nodes):
            return
        cur = "inputs"
        for k, (item, n) in enumerate(layer_nodes):
            if isinstance(n, cst.Call):
                args = [a for a in n.args if not (a.keyword is not None and a.keyword.value in ("input_shape", "input_dim"))]
                if args and len(args) != len(n.args):
                    args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                n = n.with_changes(args=args)
            target = "outputs" if k == len(layer_nodes) - 1 else "x"
            lines.append(f"{target} = {i.code(n)}({cur})")
            cur = target
        lines.append(f"{var} = {model_name}(inputs, outputs)")
        text = ("\n" + " " * sloc.col).join(lines)
        i.rec.refactors.append((sloc, PendingFix("Convert this Sequential model to the functional API",
                                                 ((sloc, text),), False, "refactor")))

    def seq_add(self, m: ModelV, item, hint_node, in_list=False) -> ModelV:
        i = self.i
        if isinstance(item, _CustomLayer):  # a user-defined Layer: what follows is unknown
            return m.evolve(layers=m.layers + (item,), seq_out=UNKNOWN, seq_broken=True, rows=m.rows + ((item, None, None),))
        if isinstance(item, Tensor) and item.is_input and not m.layers and m.seq_out is None:
            return m.evolve(seq_input=item, seq_out=item)
        if isinstance(item, LayerV) and item.rule.name == "InputLayer":
            cfg = item.cfg
            if cfg.get("batch_shape") is not None:
                dims = arrays.shape_arg(cfg["batch_shape"])
                shape = tuple(dims) if dims is not None else None
            else:
                src = cfg.get("shape") if cfg.get("shape") is not None else item.input_shape_arg
                dims = arrays.shape_arg(src) if src is not None and src is not UNKNOWN else None
                b = cfg.get("batch_size") if is_int(cfg.get("batch_size")) else None
                shape = (b,) + tuple(dims) if dims is not None else None
            t = self._input_tensor(shape, None, item.name)
            t.input_loc = item.loc
            self.input_fact(t, item.loc, hint_node)
            return m.evolve(seq_input=t, seq_out=t)
        if isinstance(item, ModelV):
            first_in = item.inputs[0] if item.kind == "functional" and len(item.inputs or ()) == 1 else None
            if (m.seq_out is None and not m.layers and not m.seq_broken and isinstance(first_in, Tensor)
                    and first_in.shape is not None):
                # Keras builds the Sequential from the first layer's input_shape (a functional
                # model has one: Sequential._maybe_rebuild)
                t = self._input_tensor(tuple(first_in.shape), None)
                t.input_loc = item.loc
                m = m.evolve(seq_input=t, seq_out=t)
            if isinstance(m.seq_out, Tensor):
                item = self.built_on(item, [m.seq_out])  # a nested Sequential is built by the outer one
            out = self.call_model(item, [m.seq_out], {}, hint_node) if isinstance(m.seq_out, Tensor) else UNKNOWN
            return m.evolve(layers=m.layers + (item,), seq_out=out,
                            rows=m.rows + ((item, out.shape if isinstance(out, Tensor) else None, item_params(item)),))
        if isinstance(item, KerasObjV):  # a user-defined Layer (or Model) subclass: its call() is run
            return self.seq_add_object(m, item, hint_node)
        if not isinstance(item, LayerV) or isinstance(item, _CustomLayer):
            return m.evolve(layers=m.layers + (item,), seq_out=UNKNOWN, seq_broken=True,
                            rows=m.rows + ((item, None, None),))
        seq_out = m.seq_out
        seq_input = m.seq_input
        deprecated = False
        if seq_out is None and not m.layers and item.input_shape_arg is not None:
            if item.input_shape_arg is UNKNOWN:
                seq_out = UNKNOWN
            else:
                t = self._input_tensor((None,) + tuple(item.input_shape_arg), None)
                t.input_loc = item.loc
                t.input_arg = getattr(item, "input_arg", None)
                seq_out = seq_input = t
                deprecated = True
        if seq_out is None or m.seq_broken:
            i.layer_fact(loc=item.loc, layer=item.rule.name, name=item.name, input_shape=None, output_shape=None,
                         params=None, output_names=None, why=(), hint_loc=i.loc(hint_node) if hint_node is not None else item.loc,
                         call_loc=None)
            return m.evolve(layers=m.layers + (item,), rows=m.rows + ((item, None, None),))
        n_diags = len(i.rec.diags)
        out = self.apply(item, seq_out, hint_node, {}, ctx="sequential-list" if in_list else "sequential",
                         hint_node=hint_node)
        broken = out is UNKNOWN and len(i.rec.diags) > n_diags
        if deprecated and not broken:
            self.deprecated_input_shape(item, hint_node)
        shape = out.shape if isinstance(out, Tensor) else ([t.shape for t in out.items if isinstance(t, Tensor)] if isinstance(out, TensorList) else None)
        return m.evolve(layers=m.layers + (item,), seq_out=out, seq_input=seq_input, seq_broken=broken,
                        rows=m.rows + ((item, shape, self.params_of(item)),))

    def seq_add_object(self, m: ModelV, obj: KerasObjV, hint_node) -> ModelV:
        """A followed Layer/Model subclass in a Sequential: called on the model's output so far
        (a model without an input shape yet keeps it, to be called when it is built)."""
        i = self.i
        seq_out = m.seq_out
        if seq_out is None and not m.seq_broken:
            return m.evolve(layers=m.layers + (obj,), rows=m.rows + ((obj.proxy, None, None),))
        if m.seq_broken or not isinstance(seq_out, Tensor):
            return m.evolve(layers=m.layers + (obj,), seq_out=UNKNOWN, seq_broken=m.seq_broken,
                            rows=m.rows + ((obj.proxy, None, None),))
        n = len(i.rec.diags)
        out = self.call_object(obj, [seq_out], {}, hint_node, {}, hint_node=hint_node)
        broken = out is UNKNOWN and len(i.rec.diags) > n
        shape = out.shape if isinstance(out, Tensor) else None
        return m.evolve(layers=m.layers + (obj,), seq_out=out, seq_broken=broken,
                        rows=m.rows + ((obj.proxy, shape, self.params_of(obj.proxy)),))

    def deprecated_input_shape(self, layer: LayerV, hint_node):
        """SL401: input_shape= on the first layer; offer the keras.Input refactor."""
        i = self.i
        info = getattr(layer, "input_arg", None)
        if info is None or layer.loc is None:
            return
        aloc, text, key, _v = info
        prefix = self.keras_prefix()
        edits = []
        fixes = []
        if prefix is not None and key == "input_shape" and "input_shape" in layer.arg_locs:
            rm = self.remove_kwarg_edit(layer, "input_shape")
            if rm[0] is not None:
                ins = Loc(layer.loc.chunk, layer.loc.line, layer.loc.col, layer.loc.line, layer.loc.col)
                elem_loc = i.loc(hint_node) if hint_node is not None else None
                if elem_loc is not None:
                    ins = _zero(elem_loc, at_end=False)
                    indent = " " * elem_loc.col
                    sep = ",\n" + indent if elem_loc.line != getattr(self, "_list_line", -1) else ", "
                    edits = [(ins, f"{prefix}Input(shape={text}){sep}"), rm]
                    fixes.append(self.fix(f"Start the model with {prefix}Input(shape={text}) instead of input_shape=",
                                          edits, True, kind="quickfix"))
        i.diag(layer.loc, "SL401", f"input_shape= on a layer is deprecated in Keras 3 (it warns 'Do not pass an "
               f"`input_shape`/`input_dim` argument to a layer'); start the model with keras.Input(shape={text}) instead.",
               fixes=[f for f in fixes if f], severity="hint")

    def build_sequential(self, m: ModelV, shape, node) -> ModelV:
        t = self._input_tensor(shape, None)
        new = m.evolve(layers=(), rows=(), seq_out=t, seq_input=t, seq_broken=False)
        for item in m.layers:
            new = self.seq_add(new, item, None)
        return new
