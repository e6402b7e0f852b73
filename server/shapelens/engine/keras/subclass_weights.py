"""The weights of a subclassed layer or model, the sublayers it tracks, and a model's summary (a part
of :class:`~shapelens.engine.keras.subclass.Subclasses`, see engine/keras/subclass.py).

* ``self.add_weight(shape=...)`` in ``build`` counts its size; ``self.dense.build(shape)`` builds a
  sublayer.
* Its weight count is its own weights plus those of the sublayers it tracks (attributes,
  lists and dicts of them) that are built; a sublayer never called is unbuilt (0), as Keras
  counts.  Unknown whenever a call was not followed all the way.
* A model's summary (a ``ModelV`` of kind "subclassed") is made when the file says which
  shapes it sees: ``model(x)``, ``model.build(shape)`` (Keras' own ``build`` does not run ``call``:
  the shapes are those ``call`` would give, and the summary says so), or the data of
  ``fit``/``evaluate``/``predict``.  Its rows are its tracked sublayers with the output of their
  last call in that context, and the summary says which call its shapes come from."""

from __future__ import annotations

from typing import Optional

from ..libraries import arrays
from ..records import MISSING
from ..values import (
    UNKNOWN,
    DictV,
    KerasObjV,
    LayerV,
    ListV,
    ModelV,
    Tensor,
    TensorList,
    is_int,
)
from .graph import _CustomLayer, item_params

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


def _key(v):
    """A sublayer's identity across versions (a Sequential built by its first call is a new ModelV)."""
    if isinstance(v, ModelV):
        return ("m", v.key)
    return id(v)


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


class SubclassWeights:
    """Subclasses' part for weights, tracked sublayers, parameter counts and a model's summary."""

    # -- build: add_weight and a sublayer's build ------------------------------------------------
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
