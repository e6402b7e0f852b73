"""What every part of the Keras semantics shares: naming, fixes and their edits, weight counts
in the run's environment, how the file spells Keras names, and small formatting helpers."""

from __future__ import annotations

import logging
from typing import Optional

from ...catalog import ALIASES, FUNCTIONAL_MERGES, RULES
from ..paths import canonical
from ..records import MISSING, AutoName, NameStart, PendingFix
from ..values import (
    UNKNOWN,
    ArrayV,
    LayerV,
    ListV,
    Loc,
    ModelV,
    ModuleV,
    Sym,
    Tensor,
    TensorList,
    is_int,
)

log = logging.getLogger("shapelens.engine")


_input_ids = iter(range(1, 1 << 62))


_call_seq = iter(range(1, 1 << 62))


def _zero(loc: Loc, at_end=True) -> Loc:
    """A zero-width Loc at the end (or start) of ``loc``."""
    if at_end:
        return Loc(loc.chunk, loc.end_line, loc.end_col, loc.end_line, loc.end_col)
    return Loc(loc.chunk, loc.line, loc.col, loc.line, loc.col)


def _span_between(a: Loc, b: Loc) -> Loc:
    return Loc(a.chunk, a.end_line, a.end_col, b.end_line, b.end_col)


def _line_ref(i: int) -> str:
    return f"@L{i}@"


def _tuple_text(dims) -> str:
    parts = ["None" if d is None else str(d) for d in dims]
    if len(parts) == 1:
        return "(" + parts[0] + ",)"
    return "(" + ", ".join(parts) + ")"


def _shape_value(shape, code):
    if shape is None:
        return UNKNOWN
    out = []
    for k, d in enumerate(shape):
        if is_int(d):
            out.append(d)
        elif isinstance(d, str):
            out.append(Sym(d))
        else:
            out.append(None if k == 0 else Sym(f"{code}[{k}]"))
    return tuple(out)


def _shapes_value(shapes):
    if shapes is None:
        return UNKNOWN
    vals = [tuple(s) if s is not None else UNKNOWN for s in shapes]
    return vals[0] if len(vals) == 1 else ListV(tuple(vals))


def _plain(v):
    """Constructor arguments as rules see them: lists become tuples."""
    if isinstance(v, ListV):
        return tuple(_plain(x) for x in v.items)
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


class KerasContext:
    """The base of KerasOps: the interpreter it works for (``self.i``) and the shared helpers."""

    def __init__(self, interp):
        self.i = interp

    # -- helpers -----------------------------------------------------------------------------
    def canon(self, path: str) -> str:
        return canonical(path, getattr(self.i.session, "legacy_tf_keras", False))

    def star_names(self, module: str) -> list:
        """What ``from MODULE import *`` binds, for the Keras modules we know."""
        if module == "keras.layers":
            names = list(RULES) + list(ALIASES) + list(FUNCTIONAL_MERGES) + ["Input", "Layer"]
            return [(n, canonical("keras.layers." + n)) for n in names]
        if module == "keras.models":
            return [("Sequential", "keras.Sequential"), ("Model", "keras.Model"), ("load_model", "keras.models.load_model")]
        if module == "keras":
            return [("Sequential", "keras.Sequential"), ("Model", "keras.Model"), ("Input", "keras.Input"),
                    ("layers", "keras.layers"), ("models", "keras.models"), ("utils", "keras.utils")]
        return []

    def uniq(self, base: str) -> AutoName:
        rec = self.i.rec
        if rec.autos is None:
            rec.autos = {}
            rec.names = NameStart(self.i.session.name_counts)
        idx = rec.autos.get(base, 0)
        # a function body analysed at its definition creates no layers: its names are the next
        rec.autos[base] = idx if self.i.tentative else idx + 1
        return AutoName(rec.names, base, idx)

    def name_now(self, name) -> str:
        """A layer's name written into a message: the statement runs again if it changes."""
        if isinstance(name, AutoName):
            text = str(name)
            rec = self.i.rec
            if rec.name_uses is None:
                rec.name_uses = []
            rec.name_uses.append((name, text))
            return text
        return name

    # A layer's weight count is known once it is called.  It is kept in the run's environment,
    # not on the layer object: the layer may come from a statement that is replayed, and a
    # value set on it by an earlier run must not outlive that run.
    def set_params(self, layer, params) -> None:
        self.i.g.assign(f"\0params:{id(layer)}", params)

    def params_of(self, layer):
        v = self.i.g.lookup(f"\0params:{id(layer)}")
        return v if is_int(v) else None

    def note_model(self, m: ModelV):
        self.i.rec.models.append(m)

    def fix(self, title, edits, preferred=False, kind="quickfix", refs=()):
        """A fix; its title may name lines as "@L0@", "@L1@"... of ``refs`` (they move)."""
        edits = tuple(e for e in edits if e[0] is not None)
        return PendingFix(title, edits, preferred, kind, tuple(refs)) if edits else None

    def describe(self, t: Tensor) -> tuple:
        """' from the LSTM on line N' and its ref Loc, for messages."""
        if t.layer is not None and t.layer.loc is not None:
            return f" from the {t.layer.class_name} on line {_line_ref(0)}", (t.layer.loc,)
        if t.is_input and t.input_loc is not None:
            return f" from the input on line {_line_ref(0)}", (t.input_loc,)
        return "", ()

    # -- kwarg edits -------------------------------------------------------------------------
    def set_kwarg_edit(self, layer: LayerV, name: str, text: str):
        if name in layer.arg_locs:
            _kw, value_loc, _prev = layer.arg_locs[name]
            return (value_loc, text)
        if layer.insert_loc is None:
            return (None, "")
        prefix = ", " if layer.has_args else ""
        return (layer.insert_loc, f"{prefix}{name}={text}")

    def remove_kwarg_edit(self, layer: LayerV, name: str):
        if name not in layer.arg_locs:
            return (None, "")
        kw, value_loc, prev = layer.arg_locs[name]
        if prev is not None:
            return (_span_between(prev, value_loc), "")
        return (None, "")

    def spell(self, path: str) -> Optional[str]:
        """How this file can write a Keras name (``keras.Model``, ``tf.keras.Model``, ``Model``)."""
        g = self.i.g
        short = path.rsplit(".", 1)[-1]
        v = g.lookup(short)
        if isinstance(v, ModuleV) and v.path == path:
            return short
        for name in ("keras", "tf", "tensorflow"):
            v = g.lookup(name)
            if isinstance(v, ModuleV) and v.path == "keras":
                return f"{name}.{path[len('keras.'):]}"
            if isinstance(v, ModuleV) and v.path == "tensorflow":
                return f"{name}.{path}"
        return None

    def wrapper_text(self, layer: LayerV, cls: str) -> Optional[str]:
        """How to spell another layer class the way this layer's class was spelled."""
        ft = getattr(layer, "func_text", "") or ""
        if "." in ft:
            return ft.rsplit(".", 1)[0] + "." + cls
        v = self.i.g.lookup(cls)
        if isinstance(v, ModuleV) and v.path == "keras.layers." + cls:
            return cls
        prefix = self.keras_prefix()
        if prefix is None:
            return None
        return prefix + ("" if prefix.endswith("layers.") else "layers.") + cls if prefix else None

    def keras_prefix(self) -> Optional[str]:
        """How this file spells keras.Input: 'keras.', 'tf.keras.', 'layers.' or '' (bare Input)."""
        g = self.i.g
        for name, want in (("Input", "keras.Input"),):
            v = g.lookup(name)
            if isinstance(v, ModuleV) and v.path == want:
                return ""
        for name in ("keras", "tf", "tensorflow", "layers"):
            v = g.lookup(name)
            if isinstance(v, ModuleV):
                if v.path == "keras":
                    return f"{name}."
                if v.path == "tensorflow":
                    return f"{name}.keras."
                if v.path == "keras.layers":
                    return f"{name}."
        return None

    def _flatten(self, x):
        """(tensors, is_list, source TensorList) or (None, ...) when unknown."""
        if isinstance(x, Tensor):
            return [x], False, None
        if isinstance(x, ArrayV):  # eager call on data
            return [Tensor(x.shape, frozenset())], False, None
        if isinstance(x, TensorList):
            return list(x.items), True, x
        if isinstance(x, (ListV, tuple)):
            items = x.items if isinstance(x, ListV) else x
            out = []
            for t in items:
                if isinstance(t, Tensor):
                    out.append(t)
                elif isinstance(t, ArrayV):
                    out.append(Tensor(t.shape, frozenset()))
                elif isinstance(t, TensorList) and t.layer is not None:
                    return None, True, t  # a layer's several outputs nested in the list
                else:
                    return None, True, None
            return out, True, None
        return None, False, None

    def layer_cfg(self, layer: LayerV) -> dict:
        """The layer's configuration as its rule sees it: with what ``adapt()`` taught it
        (``cfg["_adapted"]``, the data value) once it was adapted."""
        adapted = self.i.g.lookup(f"\0adapted:{id(layer)}")
        return layer.cfg if adapted is MISSING else dict(layer.cfg, _adapted=adapted)
