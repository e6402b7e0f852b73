"""``keras.Input``: the symbolic input tensors models start from."""

from __future__ import annotations

import inspect
import logging

from ..libraries import arrays
from ..values import (
    UNKNOWN,
    ModuleV,
    Sym,
    Tensor,
    is_int,
)
from .context import _call_seq, _input_ids

log = logging.getLogger("shapelens.engine")


def _input_sig(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None, name=None,
               tensor=None, optional=False):
    ...


def _dtype_name(v):
    """dtype="string" / dtype=tf.int32 / "float32" -> its name; anything else None."""
    if isinstance(v, str):
        return v
    if isinstance(v, ModuleV):
        return v.path.rsplit(".", 1)[-1]
    return None


class Inputs:
    """KerasOps' part for keras.Input."""

    # -- Input -------------------------------------------------------------------------------
    def make_input(self, args, kwargs, node, arg_nodes):
        i = self.i
        try:
            bound = inspect.signature(_input_sig).bind(*args, **kwargs)
        except TypeError as exc:
            i.diag(i.loc(node), "SL114", f"keras.Input(): {exc}.")
            return UNKNOWN
        bound.apply_defaults()
        a = bound.arguments
        shape_v, batch_shape_v, batch = a["shape"], a["batch_shape"], a["batch_size"]
        dtype = _dtype_name(a["dtype"])
        name = a["name"] if isinstance(a["name"], str) else None
        key = "shape"
        if batch_shape_v is not None:
            key = "batch_shape"
            dims = arrays.shape_arg(batch_shape_v)
            if dims is None:
                return self._input_tensor(None, node, name, dtype=dtype)
            shape = tuple(dims)
        else:
            if is_int(shape_v) or isinstance(shape_v, Sym):
                snode = arg_nodes.get("shape") or arg_nodes.get(0)
                fixes = []
                if snode is not None:
                    sloc = i.vloc(snode.value)
                    code = i.code(snode.value)
                    if sloc is not None:
                        new = code[:-1] + ",)" if code.endswith(")") else f"({code},)"
                        fixes.append(self.fix(f"Make it a tuple: shape={new}", [(sloc, new)], True))
                if is_int(shape_v):
                    said = f"keras.Input(shape={shape_v}) gives the shape as a bare int; Keras raises \"Cannot convert '{shape_v}' to a shape\""
                else:  # a known int whose value is not known (X.shape[1], len(vocab))
                    said = (f"keras.Input(shape={shape_v}) gives the shape as a bare int ({shape_v} is an int); Keras "
                            f"raises \"Cannot convert '…' to a shape\" with its value")
                i.diag(i.loc(node), "SL115", f"{said}. Write a tuple: shape=({shape_v},) — a missing comma in "
                       f"({shape_v}) is the usual cause.", fixes=[f for f in fixes if f])
                return UNKNOWN
            if shape_v is None:
                return self._input_tensor(None, node, name, dtype=dtype)
            dims = arrays.shape_arg(shape_v)
            if dims is None:
                return self._input_tensor(None, node, name, dtype=dtype)
            b = batch if is_int(batch) else None
            shape = (b,) + tuple(dims)
        t = self._input_tensor(shape, node, name, dtype=dtype)
        snode = arg_nodes.get(key) or (arg_nodes.get(0) if key == "shape" else None)
        if snode is not None and key == "shape":
            t.input_arg = (i.vloc(snode.value), i.code(snode.value), "shape", shape_v)
        return t

    def input_fact(self, t: Tensor, loc, hint_node=None) -> None:
        """keras.Input / InputLayer is a layer like the others: its record (hover, inlay hint,
        the JSON) says the shape it gives, as model.summary() prints its InputLayer row."""
        self.i.layer_fact(loc=loc, layer="InputLayer", name=t.input_name, input_shape=None, output_shape=t.shape,
                          params=0, output_names=None, why=(), hint_loc=self.i.loc(hint_node) if hint_node is not None
                          else loc, call_loc=None)

    def _input_tensor(self, shape, node, name=None, dtype=None):
        iid = next(_input_ids)
        t = Tensor(shape, frozenset({iid}), is_input=True, input_id=iid, input_loc=self.i.loc(node) if node is not None else None,
                   seq=next(_call_seq))
        t.stmt_loc = getattr(self.i, "cur_stmt_loc", None)
        t.input_name = name or self.uniq("input_layer")
        t.dtype = dtype
        if node is not None:
            self.input_fact(t, t.input_loc, node)
        return t
