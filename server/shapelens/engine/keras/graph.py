"""The model graph: a model's input and output shapes, its weight count, which keras.Input a
tensor depends on, and the order in which Keras lists a functional model's layers."""

from __future__ import annotations

import logging
from typing import Optional

from ..values import (
    DictV,
    LayerV,
    ListV,
    ModelV,
    Tensor,
    TensorList,
)

log = logging.getLogger("shapelens.engine")


class _CustomRule:
    """What the code that looks at a tensor's layer may ask a user-defined layer's rule."""

    __slots__ = ("name", "keras_name")
    recurrent = False
    multi_input = False
    methods = ()

    def __init__(self, name):
        self.name = name
        self.keras_name = name


class _CustomLayer(LayerV):
    """A user-defined Layer or Model subclass as a layer of a model (its row in a layer table,
    the layer of the tensors its calls give).  Made alone (a class the engine does not follow),
    its calls give unknown tensors; made for a followed instance (engine/keras/subclass.py), it
    stands for that instance (``obj``)."""

    def __init__(self, name, cls_name=None, loc=None, obj=None):
        super().__init__(None, {}, loc, name)
        self.cls_name = cls_name or name
        self.obj = obj
        if obj is not None:
            self.rule = _CustomRule(self.cls_name)

    @property
    def class_name(self):
        return self.cls_name


class InputRow:
    """An InputLayer row in a functional model's table."""

    def __init__(self, name):
        self.name = name
        self.class_name = "InputLayer"
        self.loc = None
        self.params = 0


def _tensors_of(v):
    if isinstance(v, Tensor):
        return [v]
    if isinstance(v, TensorList):
        out = []
        for t in v.items:
            sub = _tensors_of(t)
            if sub is None:
                return None
            out.extend(sub)
        return out
    if isinstance(v, (ListV, tuple)):
        items = v.items if isinstance(v, ListV) else v
        out = []
        for t in items:
            sub = _tensors_of(t)
            if sub is None:
                return None
            out.extend(sub)
        return out
    if isinstance(v, DictV):  # Keras flattens dicts in sorted key order
        try:
            items = sorted(v.items, key=lambda kv: kv[0])
        except TypeError:
            items = list(v.items)
        return _tensors_of(ListV(tuple(val for _k, val in items)))
    return None


def _find_inputs(t: Tensor, ids) -> list:
    found = {}
    stack = [t]
    seen = set()
    while stack:
        x = stack.pop()
        if id(x) in seen or not isinstance(x, Tensor):
            continue
        seen.add(id(x))
        if x.is_input and x.input_id in ids:
            found[x.input_id] = x
        stack.extend(x.parents)
    return list(found.values())


def model_outputs(m: ModelV) -> Optional[list]:
    if m.kind == "sequential":
        o = m.seq_out
        if m.seq_broken or o is None:
            return None
        if isinstance(o, Tensor):
            return [o.shape] if o.shape is not None else None
        if isinstance(o, TensorList):
            return [t.shape if isinstance(t, Tensor) else None for t in o.items]
        return None
    if m.seq_broken:
        return None
    outs = _tensors_of(m.outputs) if m.outputs is not None else None
    if outs is None:
        return None
    return [t.shape for t in outs]


def model_inputs(m: ModelV) -> Optional[list]:
    if m.kind == "sequential":
        t = m.seq_input
        return [t.shape] if isinstance(t, Tensor) else None
    if not m.inputs:
        return None
    return [t.shape for t in m.inputs]


def item_params(m: ModelV):
    total = m.own_params
    if total is None:
        return None
    seen = set()
    for row in m.rows:
        if id(row[0]) in seen:
            continue
        seen.add(id(row[0]))
        p = row[2]
        if p is None:
            return None
        total += p
    return total


def _node_of(t: Tensor):
    if t.is_input:
        return ("in", t.input_id)
    if t.layer is not None:
        return ("call", id(t.layer), t.seq)
    return ("op", id(t))


def keras_layer_order(ins, outs) -> list:
    """(operation, output shape, params) rows in the order Keras lists ``model.layers``; a layer's
    params are None here (they are in the run's environment: KerasOps.params_of)."""
    input_rows = {}
    for t in ins:
        if t.is_input:
            input_rows[t.input_id] = InputRow(getattr(t, "input_name", "input_layer"))
    node_tensor = {}  # node -> a representative output tensor
    op_index = {}
    order = []
    finished = set()

    def op_of(t):
        if t.is_input:
            return input_rows.setdefault(t.input_id, InputRow(getattr(t, "input_name", "input_layer")))
        return t.layer if t.layer is not None else ("op", id(t))

    def visit(root):
        stack = [(root, False)]
        in_progress = set()
        while stack:
            t, done = stack.pop()
            node = _node_of(t)
            if done:
                in_progress.discard(node)
                if node not in finished:
                    finished.add(node)
                    order.append(node)
                continue
            if node in finished or node in in_progress:
                continue
            op = op_of(t)
            key = id(op) if not isinstance(op, tuple) else op
            if key not in op_index:
                op_index[key] = len(op_index)
            node_tensor[node] = t
            in_progress.add(node)
            stack.append((t, True))
            if not t.is_input:
                for p in reversed(t.parents):
                    if isinstance(p, Tensor):
                        stack.append((p, False))

    for o in outs:
        if isinstance(o, Tensor):
            visit(o)
    in_graph = set(order)
    node_depth = {}
    op_depth = {}
    ops = {}
    for node in reversed(order):
        t = node_tensor[node]
        op = op_of(t)
        key = id(op) if not isinstance(op, tuple) else op
        ops[key] = (op, t)
        depth = node_depth.setdefault(node, 0)
        depth = max(depth, op_depth.get(key, 0))
        op_depth[key] = depth
        node_depth[node] = depth
        if not t.is_input:
            for p in t.parents:
                if isinstance(p, Tensor):
                    pn = _node_of(p)
                    if pn in in_graph:
                        node_depth[pn] = max(depth + 1, node_depth.get(pn, 0))
    for t in ins:
        if t.is_input:
            op = op_of(t)
            if id(op) not in op_depth:
                op_depth[id(op)] = 0
                op_index[id(op)] = -1
                ops[id(op)] = (op, t)
    keys = sorted(op_depth, key=lambda k: (-op_depth[k], op_index.get(k, 0)))
    rows = []
    for k in keys:
        op, t = ops[k]
        if isinstance(op, tuple):
            continue  # a keras.ops operation: not a layer
        if isinstance(op, InputRow):
            rows.append((op, t.shape, 0))
        elif isinstance(op, ModelV):
            rows.append((op, getattr(t, "all_out", None) or t.shape, item_params(op)))
        else:
            rows.append((op, getattr(t, "all_out", None) or t.shape, None))
    return rows
