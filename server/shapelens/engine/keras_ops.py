"""Keras semantics for the interpreter: layers, Input, Sequential, functional models,
fit/predict/evaluate data checks, NumPy/TF array constructors."""

from __future__ import annotations

import inspect
import logging
import os
from typing import Optional

import libcst as cst

from ..catalog import BASE_KWARGS, FUNCTIONAL_MERGES, RULES, LayerError, Unsure
from ..catalog.base import UNKNOWN_DIM, fmt, known, rate_0_1
from . import arrays
from .paths import canonical, layer_class
from .records import MISSING, AutoName, NameStart, PendingFix
from .values import (
    UNKNOWN, ArrayV, BoundMethod, ClassV, DictV, LayerV, ListV, Loc, ModelV, ModuleV, Sym, Tensor,
    TensorList, dim_of, is_int,
)

log = logging.getLogger(__name__)
STRICT = os.environ.get("SHAPELENS_STRICT") == "1"

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


LOSS_ALIASES = {
    "mse": "mse", "mean_squared_error": "mse", "MeanSquaredError": "mse",
    "mae": "mae", "mean_absolute_error": "mae", "MeanAbsoluteError": "mae",
    "huber": "mse", "Huber": "mse", "huber_loss": "mse", "msle": "mse", "mean_squared_logarithmic_error": "mse",
    "categorical_crossentropy": "cce", "CategoricalCrossentropy": "cce",
    "sparse_categorical_crossentropy": "scce", "SparseCategoricalCrossentropy": "scce",
    "binary_crossentropy": "bce", "BinaryCrossentropy": "bce",
}


class KerasOps:
    def __init__(self, interp):
        self.i = interp

    # -- helpers -----------------------------------------------------------------------------
    def canon(self, path: str) -> str:
        return canonical(path)

    def star_names(self, module: str) -> list:
        """What ``from MODULE import *`` binds, for the Keras modules we know."""
        if module == "keras.layers":
            names = list(RULES) + list(FUNCTIONAL_MERGES) + ["Input", "Layer"]
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

    # -- calls by path -----------------------------------------------------------------------
    def call_path(self, path, args, kwargs, node, arg_nodes, scope):
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
        if path in ("keras.utils.to_categorical", "keras.utils.np_utils.to_categorical"):
            return self.to_categorical(args, kwargs)
        if path.startswith("numpy.") or path.startswith("tensorflow."):
            return self.array_fn(path, args, kwargs, node)
        if path.startswith("keras.ops.") or path.startswith("keras.backend."):
            return self.ops_fn(path.rsplit(".", 1)[-1], args, kwargs)
        return UNKNOWN

    # -- layers ------------------------------------------------------------------------------
    def construct(self, rule, args, kwargs, node, arg_nodes):
        i = self.i
        loc = i.loc(node)
        sig = rule.sig()
        params = sig.parameters
        var_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
        named = [p for p in params.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        layer = LayerV(rule, {}, loc, "")
        layer.func_text = i.code(node.func)
        # where arguments are, for fixes
        prev = None
        order = [k for k in arg_nodes]
        layer.has_args = bool(node.args)
        for k in order:
            a = arg_nodes[k]
            name = k if isinstance(k, str) else (named[k].name if k < len(named) else None)
            vloc = i.vloc(a.value)
            if name is not None and vloc is not None:
                layer.arg_locs[name] = (i.loc(a), vloc, prev)
            prev = vloc
        if node.args:
            last = node.args[-1]
            vl = i.vloc(last.value)
            layer.insert_loc = _zero(vl) if vl is not None else None
        elif loc is not None and loc.end_line == loc.line or loc is not None:
            layer.insert_loc = Loc(loc.chunk, loc.end_line, loc.end_col - 1, loc.end_line, loc.end_col - 1)
        # Keras' own keyword checks
        extra = {k: v for k, v in kwargs.items() if k not in params}
        unknown_kw = [k for k in extra if k not in BASE_KWARGS]
        if "batch_input_shape" in unknown_kw:
            layer.stateful_hint = kwargs.get("stateful") is True
            self.batch_input_shape_error(layer, kwargs["batch_input_shape"], node, arg_nodes)
            return UNKNOWN
        if unknown_kw:
            i.diag(loc, "SL114", f"{rule.name} does not take the keyword argument{'s' if len(unknown_kw) > 1 else ''} "
                   f"{', '.join(repr(k) for k in unknown_kw)}; Keras raises 'Unrecognized keyword arguments'. "
                   f"Check the spelling against the {rule.name} signature.")
            return UNKNOWN
        call_kw = {k: v for k, v in kwargs.items() if k in params}
        if var_kw:
            call_kw.update({k: v for k, v in extra.items()})
        try:
            bound = sig.bind(*args, **call_kw)
        except TypeError as exc:
            i.diag(loc, "SL114", f"{rule.name}(): {exc}; Keras raises the same TypeError.")
            return UNKNOWN
        bound.apply_defaults()
        cfg = {k: _plain(v) for k, v in bound.arguments.items()}
        for p in params.values():
            if p.kind is inspect.Parameter.VAR_KEYWORD:
                cfg.update(cfg.pop(p.name, {}) or {})
        layer.cfg = cfg
        layer.explicit = set(kwargs) | {named[j].name for j in range(min(len(args), len(named)))}
        nm = cfg.get("name") if isinstance(cfg.get("name"), str) else None
        layer.name = nm if nm else self.uniq(rule.keras_name)
        # the legacy input_shape= / input_dim= every layer takes (not a layer's own argument of
        # that name: Embedding's input_dim is its vocabulary size)
        legacy = [k for k in ("input_shape", "input_dim") if k in kwargs and k not in params]
        if legacy:
            key = legacy[0]
            v = kwargs[key]
            shape = arrays.shape_arg(v) if key == "input_shape" else ((dim_of(v),) if dim_of(v) is not UNKNOWN else None)
            layer.input_shape_arg = shape if shape is not None else UNKNOWN
            a = arg_nodes.get(key)
            if a is not None:
                layer.input_arg = (i.vloc(a.value), i.code(a.value), key, v)
        # wrapped layers and cells
        if rule.name in ("Bidirectional", "TimeDistributed"):
            inner = cfg.get("layer")
            layer.inner = inner if isinstance(inner, LayerV) else None
            if rule.name == "TimeDistributed" and isinstance(inner, ModelV):
                layer.inner_model = inner
            if rule.name == "Bidirectional":
                back = cfg.get("backward_layer")
                layer.backward = back if isinstance(back, LayerV) else None
                if inner is not None and layer.inner is None and inner is not UNKNOWN and not isinstance(inner, (LayerV,)):
                    pass
        if rule.name == "RNN":
            cell = cfg.get("cell")
            if isinstance(cell, LayerV):
                layer.cells = (cell,)
            elif isinstance(cell, (ListV, tuple)):
                items = cell.items if isinstance(cell, ListV) else cell
                layer.cells = tuple(c if isinstance(c, LayerV) else None for c in items)
                layer.cells_is_list = True
        if "data_format" in cfg and cfg["data_format"] is None:
            default = i.g.lookup("\0data_format")  # keras.config.set_image_data_format(...)
            if default is not MISSING and default != "channels_last":
                cfg["data_format"] = default
        try:
            rule.normalize(cfg)
            if rule.name == "AlphaDropout" and not getattr(self, "raw_path", "").startswith("tensorflow"):
                rate_0_1(cfg.get("rate"), "AlphaDropout")  # keras.layers checks it; tensorflow.keras.layers does not
            rule.validate(cfg)
        except LayerError as e:
            i.diag(loc, e.code, e.message)
            return UNKNOWN
        except Exception:
            if STRICT:
                raise
            log.debug("validate failed", exc_info=True)
        return layer

    def batch_input_shape_error(self, layer, value, node, arg_nodes):
        i = self.i
        a = arg_nodes.get("batch_input_shape")
        fixes = []
        shape = arrays.shape_arg(value)
        if a is not None and shape is not None and len(shape) >= 2 and not getattr(layer, "stateful_hint", False):
            rest = tuple(shape[1:])
            kw_loc, val_loc = i.loc(a), i.vloc(a.value)
            text = "input_shape=" + _tuple_text(rest)
            if kw_loc is not None and val_loc is not None:
                span = Loc(kw_loc.chunk, kw_loc.line, kw_loc.col, val_loc.end_line, val_loc.end_col)
                fixes.append(self.fix(f"Use input_shape={_tuple_text(rest)} (drop the batch size)", [(span, text)], True))
        i.diag(layer.loc, "SL114",
               f"{layer.rule.name} does not take batch_input_shape in Keras 3 (it raises 'Unrecognized keyword "
               f"arguments'); pass the shape without the batch size, input_shape={_tuple_text(tuple(shape[1:])) if shape else '(...)'}, "
               f"or start the model with keras.Input(batch_shape=...).", fixes=[f for f in fixes if f])

    def custom_layer(self, cls: ClassV, node):
        return _CustomLayer(cls.name)

    def functional_merge(self, rule, args, kwargs, node, arg_nodes):
        if not args and "inputs" in kwargs:
            args = [kwargs.pop("inputs")]
        if not args:
            return UNKNOWN
        x = args[0]
        layer = self.construct(rule, [], {k: v for k, v in kwargs.items()},
                               node, {k: v for k, v in arg_nodes.items() if isinstance(k, str) and k != "inputs"})
        if not isinstance(layer, LayerV):
            return UNKNOWN
        # positional axes for dot(inputs, axes)
        if rule.name == "Dot" and len(args) > 1:
            layer.cfg["axes"] = args[1]
        if rule.name == "Concatenate" and len(args) > 1:
            layer.cfg["axis"] = args[1]
        return self.apply(layer, x, node, {})

    def call_layer(self, layer: LayerV, args, kwargs, node, arg_nodes):
        if isinstance(layer, _CustomLayer):
            return UNKNOWN
        rule = layer.rule
        if rule.name == "MultiHeadAttention":
            q = args[0] if args else kwargs.get("query", UNKNOWN)
            v = args[1] if len(args) > 1 else kwargs.get("value", UNKNOWN)
            k = args[2] if len(args) > 2 else kwargs.get("key", None)
            if kwargs.get("return_attention_scores") not in (None, False):
                return UNKNOWN
            x = ListV((q, v) if k is None else (q, v, k))
        else:
            x = args[0] if args else kwargs.get("inputs", kwargs.get("x", UNKNOWN))
        if rule.name in ("Attention", "AdditiveAttention") and kwargs.get("return_attention_scores") not in (None, False):
            return UNKNOWN
        return self.apply(layer, x, node, kwargs)

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

    def apply(self, layer: LayerV, x, node, call_kwargs, ctx: Optional[str] = None, hint_node=None):
        """Apply a layer to its input: the output value, with a fact and any diagnostics."""
        i = self.i
        rule = layer.rule
        call_loc = i.loc(node) if node is not None else None
        hint_loc = i.loc(hint_node) if hint_node is not None else call_loc
        tensors, is_list, tlist = self._flatten(x)

        def fact(in_shape, out, params, why=(), names=None):
            i.layer_fact(loc=layer.loc, layer=rule.name, name=layer.name, input_shape=in_shape,
                         output_shape=out, params=params, output_names=names, why=why,
                         hint_loc=hint_loc, call_loc=call_loc)

        if tensors is None:
            if is_list and tlist is not None and tlist.layer is not None and tlist.layer.loc is not None:
                src = tlist.layer
                i.diag(layer.loc, "SL107", f"{rule.name} gets a list that holds all {len(tlist.items)} outputs of the "
                       f"{src.class_name} on line {_line_ref(0)} (return_state=True) as one item; Keras raises. Pick "
                       f"the output you mean, e.g. [0] for the sequence output.", refs=(src.loc,))
            fact(None, None, None)
            return UNKNOWN
        extra = []
        if call_kwargs and call_kwargs.get("initial_state") is not None:
            extra = self._flatten(call_kwargs["initial_state"])[0] or []
        srcs = arrays._union_sources(tensors + extra)
        unknown_out = Tensor(None, srcs, layer=layer, parents=tuple(tensors), seq=next(_call_seq))
        if getattr(rule, "accepts_any", False):  # Lambda: arbitrary Python decides the output
            fact(None if is_list else tensors[0].shape, None, 0)
            return unknown_out
        if rule.multi_input:
            if not is_list:
                if tensors[0].shape is not None:
                    i.diag(layer.loc, "SL107", f"{rule.name} takes a list of tensors, e.g. {rule.name}()([a, b]), "
                           f"but gets one tensor {fmt(tensors[0].shape)}.")
                fact(None, None, None)
                return UNKNOWN
            shapes = [t.shape for t in tensors]
            if any(s is None for s in shapes):
                fact(None, None, None)
                return unknown_out
            in_shape = shapes
        else:
            if is_list and len(tensors) != 1:
                self.list_into_single(layer, tensors, tlist, ctx)
                fact(None, None, None)
                return UNKNOWN
            t = tensors[0]
            in_shape = t.shape
            if in_shape is None:
                fact(None, None, None)
                return unknown_out
            err = rule.check_rank(in_shape)
            if err:
                self.rank_error(layer, t, in_shape, err, ctx)
                fact(in_shape, None, None)
                return UNKNOWN
        cfg = layer.cfg
        if cfg.get("stateful") is True and not is_list and in_shape[0] is None:
            i.diag(layer.loc, "SL113", f"{rule.name} has stateful=True but its input {fmt(in_shape)} has no fixed batch "
                   f"size; Keras raises 'the batch size must be static'. Give the input one, e.g. "
                   f"keras.Input(shape={_tuple_text(tuple(in_shape[1:]))}, batch_size=32).")
            fact(in_shape, None, None)
            return UNKNOWN
        if call_kwargs and "initial_state" in call_kwargs and call_kwargs["initial_state"] is not None:
            self.check_initial_state(layer, call_kwargs["initial_state"], in_shape)
        inner_model = getattr(layer, "inner_model", None)
        if inner_model is not None:  # TimeDistributed(a whole model): the model's output per step
            outs = model_outputs(inner_model)
            out = (in_shape[0], in_shape[1]) + tuple(outs[0][1:]) if outs and len(outs) == 1 and outs[0] else None
            params = item_params(inner_model)
            fact(in_shape, out, params)
            if params is not None:
                self.set_params(layer, params)
            if out is None:
                return unknown_out
            return Tensor(out, srcs, layer=layer, parents=tuple(tensors), seq=next(_call_seq))
        try:
            out = rule.output(cfg, in_shape, layer)
        except LayerError as e:
            i.diag(layer.loc, e.code, e.message, fixes=[f for f in e.fixes if f])
            fact(in_shape, None, None)
            return UNKNOWN
        except Unsure:
            out = None
        except Exception:
            if STRICT:
                raise
            log.debug("rule %s failed", rule.name, exc_info=True)
            out = None
        params = None
        try:
            params = rule.params(cfg, in_shape, layer)
        except Unsure:
            params = None
        except LayerError as e:
            i.diag(layer.loc, e.code, e.message, fixes=[f for f in e.fixes if f])
            fact(in_shape, None, None)
            return UNKNOWN
        except Exception:
            if STRICT:
                raise
            log.debug("params %s failed", rule.name, exc_info=True)
        if params is not None:
            self.set_params(layer, params)
        creates = getattr(rule, "build_creates", ())
        if creates and not i.tentative:  # sublayers Keras makes on the first call take auto names (e.g. MHA's dropout)
            key = f"\0built:{id(layer)}"
            if i.g.lookup(key) is MISSING:
                i.g.assign(key, True)
                for base in creates:
                    self.uniq(base)
        names = None
        why = ()
        try:
            names = rule.output_names(cfg, layer)
            why = rule.why(cfg, in_shape, out, layer)
        except Exception:
            pass
        fact(in_shape, out, params, why, names)
        seq = next(_call_seq)
        parents = tuple(tensors) + tuple(extra)
        last_step = None
        if rule.recurrent:
            holder = layer.inner if rule.name == "Bidirectional" else layer
            if holder is not None and holder.cfg.get("return_sequences") is False:
                last_step = holder
        if out is None:
            return unknown_out
        if isinstance(out, list):
            items = []
            for k, s in enumerate(out):
                if isinstance(s, list):  # nested state lists (RNN over a list of cells)
                    items.append(TensorList(tuple(Tensor(ss, srcs, layer=layer, parents=parents, seq=seq, index=k) for ss in s)))
                else:
                    items.append(Tensor(s, srcs, layer=layer, parents=parents, seq=seq, index=k,
                                        last_step_of=last_step if k == 0 else None))
            for t in items:
                if isinstance(t, Tensor):
                    t.all_out = out
            return TensorList(tuple(items), names or (), layer)
        return Tensor(out, srcs, layer=layer, parents=parents, seq=seq, last_step_of=last_step)

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
        key = "shape"
        if batch_shape_v is not None:
            key = "batch_shape"
            dims = arrays.shape_arg(batch_shape_v)
            if dims is None:
                return self._input_tensor(None, node)
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
                            f"raises \"Cannot convert '<that int>' to a shape\"")
                i.diag(i.loc(node), "SL115", f"{said}. Write a tuple: shape=({shape_v},) — a missing comma in "
                       f"({shape_v}) is the usual cause.", fixes=[f for f in fixes if f])
                return UNKNOWN
            if shape_v is None:
                return self._input_tensor(None, node)
            dims = arrays.shape_arg(shape_v)
            if dims is None:
                return self._input_tensor(None, node)
            b = batch if is_int(batch) else None
            shape = (b,) + tuple(dims)
        t = self._input_tensor(shape, node)
        snode = arg_nodes.get(key) or (arg_nodes.get(0) if key == "shape" else None)
        if snode is not None and key == "shape":
            t.input_arg = (i.vloc(snode.value), i.code(snode.value), "shape", shape_v)
        return t

    def _input_tensor(self, shape, node, name=None):
        iid = next(_input_ids)
        t = Tensor(shape, frozenset({iid}), is_input=True, input_id=iid, input_loc=self.i.loc(node) if node is not None else None,
                   seq=next(_call_seq))
        t.stmt_loc = getattr(self.i, "cur_stmt_loc", None)
        t.input_name = name or self.uniq("input_layer")
        return t

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
            return m.evolve(seq_input=t, seq_out=t)
        if isinstance(item, ModelV):
            out = self.call_model(item, [m.seq_out], {}, hint_node) if isinstance(m.seq_out, Tensor) else UNKNOWN
            return m.evolve(layers=m.layers + (item,), seq_out=out,
                            rows=m.rows + ((item, out.shape if isinstance(out, Tensor) else None, item_params(item)),))
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

    def build_sequential(self, m: ModelV, shape, node) -> ModelV:
        t = self._input_tensor(shape, None)
        new = m.evolve(layers=(), rows=(), seq_out=t, seq_input=t, seq_broken=False)
        for item in m.layers:
            new = self.seq_add(new, item, None)
        return new

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
        x = args[0] if args else kwargs.get("inputs", UNKNOWN)
        tensors, is_list, _ = self._flatten(x)
        srcs = arrays._union_sources(tensors) if tensors else None
        outs = model_outputs(m)
        if outs is None or tensors is None:
            return Tensor(None, srcs) if tensors else UNKNOWN
        batch = tensors[0].shape[0] if tensors[0].shape else None
        seq = next(_call_seq)
        res = [Tensor((batch,) + tuple(s[1:]) if s is not None else None, srcs, layer=m, parents=tuple(tensors), seq=seq)
               for s in outs]
        return res[0] if len(res) == 1 else TensorList(tuple(res))

    # -- attributes and methods ----------------------------------------------------------------
    def attribute(self, base, attr, node):
        i = self.i
        if isinstance(base, Tensor):
            if attr == "shape":
                return _shape_value(base.shape, i.code(node))
            if attr == "ndim":
                return len(base.shape) if base.shape is not None else UNKNOWN
            return UNKNOWN
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
        i = self.i
        if isinstance(obj, ModelV):
            return self.model_method(bm, args, kwargs, node, arg_nodes, scope)
        if isinstance(obj, ArrayV):
            return self.array_method(obj, name, args, kwargs)
        if isinstance(obj, (ListV, DictV)):
            new, ret = container_method(i, obj, name, args, kwargs)
            if new is not obj:
                i.mutate(obj, new, scope)
            return ret
        return UNKNOWN

    def model_method(self, bm, args, kwargs, node, arg_nodes, scope):
        i = self.i
        m: ModelV = bm.obj
        name = bm.name
        if name == "add" and m.kind == "sequential":
            if not args:
                return None
            an = arg_nodes.get(0)
            new = self.seq_add(m, args[0], an.value if an is not None else None)
            if bm.receiver:
                scope.assign(bm.receiver, new)
            self.note_model(new)
            return None
        if name == "pop" and m.kind == "sequential" and bm.receiver:
            scope.assign(bm.receiver, UNKNOWN)
            return UNKNOWN
        if name == "build" and m.kind == "sequential":
            shp = arrays.shape_arg(args[0]) if args else None
            if shp is not None and m.seq_out is None and bm.receiver:
                new = self.build_sequential(m, tuple(None if d is None else d for d in shp), node)
                scope.assign(bm.receiver, new)
                self.note_model(new)
            return None
        if name == "compile":
            loss = kwargs.get("loss", args[1] if len(args) > 1 else None)
            if bm.receiver:
                new = m.evolve(loss=_loss_kind(loss))
                scope.assign(bm.receiver, new)
                self.note_model(new)
            return None
        if name in ("fit", "evaluate", "train_on_batch", "test_on_batch"):
            x = args[0] if args else kwargs.get("x")
            y = args[1] if len(args) > 1 else kwargs.get("y")
            xn = arg_nodes.get(0) or arg_nodes.get("x")
            yn = arg_nodes.get(1) or arg_nodes.get("y")
            m2 = self.maybe_build_from_data(m, x, bm, scope, node)
            self.check_data(m2, x, y, xn, yn, name)
            vd = kwargs.get("validation_data")
            if isinstance(vd, tuple) and len(vd) >= 2:
                self.check_data(m2, vd[0], vd[1], None, None, "fit")
            return UNKNOWN
        if name in ("predict", "predict_on_batch", "__call__"):
            x = args[0] if args else kwargs.get("x")
            xn = arg_nodes.get(0) or arg_nodes.get("x")
            m2 = self.maybe_build_from_data(m, x, bm, scope, node)
            self.check_data(m2, x, None, xn, None, name)
            outs = model_outputs(m2)
            if outs is None or not isinstance(x, ArrayV) or x.shape is None:
                return UNKNOWN
            n = x.shape[0]
            res = [ArrayV((n,) + tuple(s[1:]) if s is not None else None, "float") for s in outs]
            val = res[0] if len(res) == 1 else ListV(tuple(res))
            if isinstance(val, ArrayV):
                i.symbol(node, val)
            return val
        if name == "summary":
            return None
        if name == "get_layer":
            return UNKNOWN
        return UNKNOWN

    def maybe_build_from_data(self, m: ModelV, x, bm, scope, node) -> ModelV:
        """A Sequential without an input shape is built by Keras from the first data it sees."""
        if m.kind != "sequential" or m.seq_out is not None or m.seq_broken or not m.layers:
            return m
        if not isinstance(x, ArrayV) or x.shape is None or len(x.shape) < 2:
            return m
        new = self.build_sequential(m, (None,) + tuple(x.shape[1:]), node)
        if bm.receiver:
            scope.assign(bm.receiver, new)
        self.note_model(new)
        return new

    def check_data(self, m: ModelV, x, y, xn, yn, method):
        i = self.i
        ins = model_inputs(m)
        outs = model_outputs(m)
        if m.seq_broken:
            return
        if isinstance(x, ArrayV) and x.shape is not None and ins is not None and len(ins) == 1 and ins[0] is not None:
            self.check_x(m, x, ins[0], xn, method)
        if (isinstance(x, ArrayV) and isinstance(y, ArrayV) and x.shape and y.shape and known(x.shape[0])
                and known(y.shape[0]) and x.shape[0] != y.shape[0]):
            i.diag(i.loc(yn) if yn is not None else i.loc(xn) if xn is not None else None, "SL202",
                   f"x has {x.shape[0]:,} samples {fmt(x.shape)} but y has {y.shape[0]:,} {fmt(y.shape)}; Keras raises "
                   f"'Data cardinality is ambiguous'. Give both the same number of samples.")
            return
        if isinstance(y, ArrayV) and y.shape is not None and outs is not None and len(outs) == 1 and outs[0] is not None:
            self.check_y(m, y, outs[0], yn)

    def check_x(self, m, x: ArrayV, want: tuple, xn, method):
        i = self.i
        have = tuple(x.shape)
        loc = i.vloc(xn.value) if xn is not None else None
        if loc is None:
            return
        code = i.code(xn.value)
        if len(have) == len(want):
            bad = [k for k in range(1, len(want)) if known(have[k]) and known(want[k]) and have[k] != want[k]]
            if not bad:
                return
            if m.kind == "sequential":
                first = m.layers[0] if m.layers else None
                weighted = first is not None and isinstance(first, LayerV) and first.rule.name in (
                    "Dense", "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Conv1D", "Conv2D", "TimeDistributed", "RNN",
                    "ConvLSTM1D", "ConvLSTM2D")
                if not (weighted and len(want) - 1 in bad):
                    return  # Sequential does not check other axes; Keras runs
            fix = self.reshape_fix(x, want, loc, code)
            i.diag(loc, "SL201", f"{method}() gets data of shape {fmt(have)} but the model expects {fmt(want)}; "
                   f"axis {bad[0]} is {have[bad[0]]}, not {want[bad[0]]}. "
                   + ("Reshape the data to (samples, " + ", ".join(str(d) for d in want[1:]) + ")." if fix else
                      "Make the data's shape match the model's input (or the input the data)."),
                   fixes=[fix] if fix else [])
            return
        # Keras 3 adds or drops a trailing axis of size 1 itself
        if len(have) + 1 == len(want) and want[-1] == 1:
            return
        if len(have) == len(want) + 1 and have[-1] == 1:
            return
        if any(d is None for d in have[1:]) and len(have) < len(want):
            return
        fix = self.reshape_fix(x, want, loc, code)
        what = "timesteps, features" if len(want) == 3 else ", ".join(str(d) for d in want[1:])
        i.diag(loc, "SL201", f"{method}() gets {len(have)}-D data {fmt(have)} but the model expects {len(want)}-D input "
               f"{fmt(want)}; reshape it to (samples, {what})"
               + (f", e.g. {code}.reshape({_tuple_text((-1,) + tuple(want[1:]))})." if fix else "."),
               fixes=[fix] if fix else [])

    def reshape_fix(self, x: ArrayV, want, loc, code):
        have_size = arrays._size(x.shape[1:])
        want_size = arrays._size(want[1:])
        if have_size is None or want_size is None or have_size != want_size:
            return None
        new = f"{code}.reshape({_tuple_text((-1,) + tuple(want[1:]))})"
        return self.fix(f"Reshape the data: {new}", [(loc, new)], True)

    def check_y(self, m, y: ArrayV, out: tuple, yn):
        i = self.i
        loss = m.loss
        loc = i.vloc(yn.value) if yn is not None else None
        if loc is None or loss is None:
            return
        ys = tuple(y.shape)
        if loss == "scce":
            if len(ys) == len(out) and known(ys[-1]) and ys[-1] > 1 and known(out[-1]) and ys[-1] == out[-1]:
                i.diag(loc, "SL203", f"sparse_categorical_crossentropy wants integer class labels of shape {fmt(ys[:-1])} "
                       f"(or with a trailing 1), but the targets {fmt(ys)} look one-hot; use loss='categorical_crossentropy' "
                       f"or pass the labels before to_categorical (e.g. y.argmax(axis=-1)).")
            return
        if loss == "cce":
            if known(out[-1]) and out[-1] > 1 and (len(ys) == len(out) - 1 or (len(ys) == len(out) and ys[-1] == 1)):
                i.diag(loc, "SL203", f"categorical_crossentropy wants one-hot targets of shape {fmt(ys[:1] + tuple(out[1:]))}, "
                       f"but the targets {fmt(ys)} hold integer labels; use loss='sparse_categorical_crossentropy' or "
                       f"one-hot encode them with keras.utils.to_categorical(y, {out[-1]}).")
                return
            if len(ys) == len(out) and any(known(a) and known(b) and a != b for a, b in zip(ys[1:], out[1:])):
                i.diag(loc, "SL204", f"targets {fmt(ys)} do not match the model's output {fmt(out)} under "
                       f"categorical_crossentropy; Keras raises on the shape difference.")
            return
        if loss == "bce":
            if len(ys) == len(out) and any(known(a) and known(b) and a != b for a, b in zip(ys[1:], out[1:])):
                i.diag(loc, "SL204", f"targets {fmt(ys)} do not match the model's output {fmt(out)} under "
                       f"binary_crossentropy; Keras raises on the shape difference.")
            return
        if loss in ("mse", "mae"):
            if len(ys) == len(out):
                pairs = list(zip(ys[1:], out[1:]))
                if any(known(a) and known(b) and a != b and a != 1 and b != 1 for a, b in pairs):
                    i.diag(loc, "SL204", f"targets {fmt(ys)} cannot be broadcast against the model's output {fmt(out)}; "
                           f"make the model's last layer produce {fmt((None,) + ys[1:])}.")
                    return
                if any(known(a) and known(b) and a == 1 and b > 1 for a, b in pairs):
                    i.diag(loc, "SL205", _broadcast_msg(ys, out), severity="warning")
                return
            if len(ys) == 2 and ys[-1] == 1 and len(out) == 3 and (out[-1] == 1 or known(out[-1])):
                i.diag(loc, "SL205", _broadcast_msg(ys, out), severity="warning")

    def array_method(self, obj: ArrayV, name, args, kwargs):
        if name == "reshape":
            dims = arrays.shape_arg(args[0]) if len(args) == 1 else arrays.shape_arg(tuple(args))
            if dims is None and "newshape" in kwargs:
                dims = arrays.shape_arg(kwargs["newshape"])
            return ArrayV(arrays.reshape(obj, dims), obj.dtype)
        if name == "astype":
            return ArrayV(obj.shape, arrays.dtype_of(args[0]) if args else obj.dtype, obj.one_hot)
        if name in ("copy", "clip", "round", "__abs__"):
            return ArrayV(obj.shape, obj.dtype, obj.one_hot)
        if name in ("flatten", "ravel"):
            s = arrays._size(obj.shape) if obj.shape is not None else None
            return ArrayV((s,) if s is not None else None, obj.dtype)
        if name == "squeeze":
            if obj.shape is None:
                return ArrayV(None)
            ax = args[0] if args else kwargs.get("axis")
            if ax is None:
                return ArrayV(tuple(d for d in obj.shape if d != 1), obj.dtype)
            if is_int(ax):
                ax = ax % len(obj.shape)
                return ArrayV(tuple(d for k, d in enumerate(obj.shape) if k != ax), obj.dtype)
            return ArrayV(None)
        if name == "transpose" and not args:
            return ArrayV(tuple(reversed(obj.shape)) if obj.shape is not None else None, obj.dtype)
        if name in ("mean", "sum", "max", "min", "std", "argmax", "argmin", "var", "prod"):
            ax = args[0] if args else kwargs.get("axis")
            dt = "int" if name in ("argmax", "argmin") else obj.dtype
            if obj.shape is None:
                return ArrayV(None) if ax is not None else UNKNOWN
            if ax is None:
                return UNKNOWN
            if is_int(ax):
                ax = ax % len(obj.shape)
                keep = kwargs.get("keepdims") is True
                shape = tuple((1 if keep else None) if k == ax else d for k, d in enumerate(obj.shape))
                return ArrayV(tuple(d for k, d in enumerate(shape) if not (k == ax and not keep)), dt)
            return ArrayV(None)
        return UNKNOWN

    # -- numpy / tensorflow --------------------------------------------------------------------
    def array_fn(self, path, args, kwargs, node):
        name = path.split(".", 1)[1]
        i = self.i
        dt = arrays.dtype_of(kwargs.get("dtype")) if "dtype" in kwargs else None
        if name in ("zeros", "ones", "empty", "full", "random.normal", "random.uniform") and path.startswith("tensorflow."):
            shp = arrays.shape_arg(args[0] if args else kwargs.get("shape"))
            return ArrayV(shp, dt or "float")
        if name in ("zeros", "ones", "empty", "full"):
            shp = arrays.shape_arg(args[0] if args else kwargs.get("shape"))
            return ArrayV(shp, dt or ("float" if name != "full" else None))
        if name in ("zeros_like", "ones_like", "empty_like", "full_like"):
            a = args[0] if args else None
            return ArrayV(a.shape, dt or a.dtype) if isinstance(a, ArrayV) else UNKNOWN
        if name in ("random.rand", "random.randn"):
            if not args:
                return UNKNOWN
            dims = arrays.shape_arg(tuple(args))
            return ArrayV(dims, "float")
        if name in ("random.random", "random.random_sample", "random.sample", "random.ranf"):
            size = args[0] if args else kwargs.get("size")
            return ArrayV(arrays.shape_arg(size), "float") if size is not None else UNKNOWN
        if name in ("random.normal", "random.uniform", "random.standard_normal", "random.randint", "random.integers",
                    "random.binomial", "random.poisson", "random.choice", "random.exponential"):
            pos = {"random.normal": 2, "random.uniform": 2, "random.standard_normal": 0, "random.randint": 2,
                   "random.integers": 2, "random.binomial": 2, "random.poisson": 1, "random.choice": 1,
                   "random.exponential": 1}[name]
            size = args[pos] if len(args) > pos else kwargs.get("size")
            if size is None:
                return UNKNOWN
            is_int_dt = name in ("random.randint", "random.integers", "random.binomial", "random.poisson")
            return ArrayV(arrays.shape_arg(size), dt or ("int" if is_int_dt else "float"))
        if name in ("random.default_rng", "random.RandomState", "random.Generator"):
            return ModuleV("numpy.random")
        if name in ("random.seed", "random.set_seed", "random.shuffle"):
            return None
        if name in ("array", "asarray", "constant", "convert_to_tensor", "float32"):
            if not args:
                return UNKNOWN
            a = args[0]
            if isinstance(a, ArrayV):
                return ArrayV(a.shape, dt or a.dtype, a.one_hot)
            ns = arrays.nested_shape(a)
            if ns is None:
                return UNKNOWN
            return ArrayV(ns[0], dt or ns[1])
        if name == "arange":
            vals = [a for a in args if is_int(a)]
            if len(vals) == len(args) and 1 <= len(args) <= 3:
                return ArrayV((len(range(*args)),), "int")
            return UNKNOWN
        if name == "linspace":
            num = args[2] if len(args) > 2 else kwargs.get("num", 50)
            return ArrayV((num,), "float") if is_int(num) else UNKNOWN
        if name in ("eye", "identity"):
            n = args[0] if args else None
            if not is_int(n):
                return UNKNOWN
            mcols = args[1] if len(args) > 1 and is_int(args[1]) else n
            a = ArrayV((n, mcols), dt or "float")
            a.eye = True
            return a
        if name in ("expand_dims",):
            a = args[0] if args else None
            ax = args[1] if len(args) > 1 else kwargs.get("axis")
            if isinstance(a, ArrayV) and a.shape is not None and is_int(ax):
                shape = list(a.shape)
                pos = ax if ax >= 0 else len(shape) + 1 + ax
                if 0 <= pos <= len(shape):
                    shape.insert(pos, 1)
                    return ArrayV(tuple(shape), a.dtype)
            return ArrayV(None) if isinstance(a, ArrayV) else UNKNOWN
        if name == "reshape":
            a = args[0] if args else None
            dims = arrays.shape_arg(args[1] if len(args) > 1 else kwargs.get("newshape", kwargs.get("shape")))
            return ArrayV(arrays.reshape(a, dims), a.dtype) if isinstance(a, ArrayV) else UNKNOWN
        if name in ("squeeze", "transpose", "ravel", "flatten"):
            a = args[0] if args else None
            if isinstance(a, ArrayV):
                return self.array_method(a, name, args[1:], kwargs)
            return UNKNOWN
        if name in ("concatenate", "concat", "stack", "vstack", "hstack"):
            seq = args[0] if args else None
            items = seq.items if isinstance(seq, ListV) else seq if isinstance(seq, tuple) else None
            if not items or not all(isinstance(a, ArrayV) and a.shape is not None for a in items):
                return UNKNOWN
            ax = args[1] if len(args) > 1 else kwargs.get("axis", 0)
            if name == "vstack":
                ax = 0
            if name == "hstack":
                ax = 1 if len(items[0].shape) > 1 else 0
            if not is_int(ax):
                return UNKNOWN
            if name == "stack":
                shape = list(items[0].shape)
                pos = ax if ax >= 0 else len(shape) + 1 + ax
                shape.insert(pos, len(items))
                return ArrayV(tuple(shape), items[0].dtype)
            rank = len(items[0].shape)
            if any(len(a.shape) != rank for a in items):
                return UNKNOWN
            ax %= rank
            total = 0
            for a in items:
                d = a.shape[ax]
                if not known(d):
                    total = None
                    break
                total += d
            shape = list(items[0].shape)
            shape[ax] = total
            return ArrayV(tuple(shape), items[0].dtype)
        if name == "one_hot":
            a = args[0] if args else None
            depth = args[1] if len(args) > 1 else kwargs.get("depth")
            if isinstance(a, ArrayV) and a.shape is not None and is_int(depth):
                return ArrayV(tuple(a.shape) + (depth,), "float", one_hot=True)
            return UNKNOWN
        if name.startswith("keras."):
            return UNKNOWN
        if name in ("float32", "int32", "int64", "float64"):
            return ModuleV(path)
        return UNKNOWN

    def to_categorical(self, args, kwargs):
        y = args[0] if args else kwargs.get("y", kwargs.get("x"))
        n = args[1] if len(args) > 1 else kwargs.get("num_classes")
        if not isinstance(y, ArrayV) or y.shape is None:
            return UNKNOWN
        shape = tuple(y.shape)
        if shape and shape[-1] == 1 and len(shape) > 1:
            shape = shape[:-1]
        return ArrayV(shape + ((n if is_int(n) else None),), "float", one_hot=True)

    def ops_fn(self, name, args, kwargs):
        tensors = [a for a in args if isinstance(a, Tensor)]
        if not tensors:
            return UNKNOWN
        srcs = arrays._union_sources(tensors)
        t = tensors[0]
        if name == "expand_dims" and t.shape is not None:
            ax = args[1] if len(args) > 1 else kwargs.get("axis")
            if is_int(ax):
                shape = list(t.shape)
                pos = ax if ax >= 0 else len(shape) + 1 + ax
                if 0 <= pos <= len(shape):
                    shape.insert(pos, 1)
                    return Tensor(tuple(shape), srcs, parents=tuple(tensors))
        if name == "squeeze" and t.shape is not None:
            ax = args[1] if len(args) > 1 else kwargs.get("axis")
            if is_int(ax) and -len(t.shape) <= ax < len(t.shape) and t.shape[ax] == 1:
                ax %= len(t.shape)
                return Tensor(tuple(d for k, d in enumerate(t.shape) if k != ax), srcs, parents=tuple(tensors))
        if name in ("mean", "sum", "max", "min") and t.shape is not None:
            ax = args[1] if len(args) > 1 else kwargs.get("axis")
            if is_int(ax) and -len(t.shape) <= ax < len(t.shape):
                ax %= len(t.shape)
                if kwargs.get("keepdims") is True:
                    return Tensor(tuple(1 if k == ax else d for k, d in enumerate(t.shape)), srcs, parents=tuple(tensors))
                return Tensor(tuple(d for k, d in enumerate(t.shape) if k != ax), srcs, parents=tuple(tensors))
        return Tensor(None, srcs, parents=tuple(tensors))


def container_method(i, obj, name, args, kwargs):
    """``lst.method(...)`` / ``d.method(...)``: (the container afterwards, the call's value).
    What cannot be followed exactly leaves the container Unknown."""
    from .interpreter import _decided, _dict_set, _dict_update, _hashable

    if isinstance(obj, ListV):
        items = obj.items
        if name == "append" and len(args) == 1:
            return ListV(items + (args[0],)), None
        if name == "extend" and len(args) == 1:
            more = i.iterate(args[0])
            return (ListV(items + tuple(more)) if more is not None else UNKNOWN), None
        if name == "insert" and len(args) == 2 and is_int(args[0]):
            lst = list(items)
            lst.insert(args[0], args[1])
            return ListV(tuple(lst)), None
        if name == "pop" and len(args) <= 1:
            k = args[0] if args else -1
            if is_int(k) and -len(items) <= k < len(items):
                lst = list(items)
                v = lst.pop(k)
                return ListV(tuple(lst)), v
            return UNKNOWN, UNKNOWN
        if name == "remove" and len(args) == 1 and _decided(args[0]):
            for k, v in enumerate(items):
                if not _decided(v):
                    break
                if v == args[0]:
                    return ListV(items[:k] + items[k + 1:]), None
            return UNKNOWN, None
        if name == "clear":
            return ListV(()), None
        if name == "reverse":
            return ListV(tuple(reversed(items))), None
        if name == "copy":
            return obj, ListV(items)
        if name in ("index", "count"):
            return obj, UNKNOWN
        return UNKNOWN, UNKNOWN  # sort and anything else: not followed
    # a dict
    if args and not _decided(args[0]):
        return (obj if name in ("get", "keys", "values", "items", "copy") else UNKNOWN), UNKNOWN
    if name == "get" and args:
        v = obj.get(args[0], MISSING)
        return obj, (v if v is not MISSING else (args[1] if len(args) > 1 else None))
    if name == "keys":
        return obj, ListV(tuple(obj.keys()))
    if name == "values":
        return obj, ListV(tuple(obj.values()))
    if name == "items":
        return obj, ListV(tuple(obj.items))
    if name == "copy":
        return obj, DictV(obj.items)
    if name == "update" and len(args) <= 1:
        d = _dict_update(obj, args[0]) if args else obj
        if isinstance(d, DictV):
            for k, v in kwargs.items():
                d = _dict_set(d, k, v)
        return d, None
    if name == "setdefault" and 1 <= len(args) <= 2 and _hashable(args[0]):
        v = obj.get(args[0], MISSING)
        if v is not MISSING:
            return obj, v
        dflt = args[1] if len(args) > 1 else None
        return _dict_set(obj, args[0], dflt), dflt
    if name == "pop" and 1 <= len(args) <= 2 and _hashable(args[0]):
        v = obj.get(args[0], MISSING)
        if v is MISSING:
            return obj, (args[1] if len(args) > 1 else UNKNOWN)
        return DictV(tuple((k, x) for k, x in obj.items if k != args[0])), v
    if name == "clear":
        return DictV(()), None
    return UNKNOWN, UNKNOWN


class _CustomLayer(LayerV):
    """An instance of a user-defined Layer subclass: calls give unknown tensors."""

    def __init__(self, name):
        super().__init__(None, {}, None, name)

    @property
    def class_name(self):
        return self.name


class InputRow:
    """An InputLayer row in a functional model's table."""

    def __init__(self, name):
        self.name = name
        self.class_name = "InputLayer"
        self.loc = None
        self.params = 0


def _input_sig(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None, name=None,
               tensor=None, optional=False):
    ...


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
    total = 0
    for row in m.rows:
        p = row[2]
        if p is None:
            return None
        total += p
    return total


def _loss_kind(loss):
    if isinstance(loss, str):
        return LOSS_ALIASES.get(loss)
    if isinstance(loss, ModuleV):
        return LOSS_ALIASES.get(loss.path.rsplit(".", 1)[-1])
    return None


def _broadcast_msg(ys, out):
    return (f"targets {fmt(ys)} are silently broadcast against the model's output {fmt(out)} by the loss: Keras "
            f"trains without an error, but every output unit is fitted to the same target. Usually the last recurrent "
            f"layer still has return_sequences=True or the last Dense has the wrong units; make the output "
            f"{fmt((None,) + tuple(ys[1:]))}.")


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
                return (f"give the input a time axis: shape=(timesteps, features), e.g. shape=({shape[1]}, 1) for one "
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
    if rule.name in ("Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D",
                     "UpSampling1D", "ZeroPadding1D", "Cropping1D", "SpatialDropout1D"):
        if r == 2:
            return (f"{rule.name} slides over a sequence, so give it (batch, steps, channels), e.g. "
                    f"keras.layers.Reshape(({shape[1]}, 1)) before it or an input of shape ({shape[1]}, 1).")
        return "reshape it to (batch, steps, channels)."
    if rule.name == "TimeDistributed":
        return "TimeDistributed applies a layer to every time step, so its input needs a time axis: (batch, timesteps, ...)."
    if rule.name in ("ConvLSTM2D", "ConvLSTM1D"):
        return "ConvLSTM layers read sequences of images; reshape the input to " + (rule.expects or "the expected rank") + "."
    return "reshape the tensor to the rank the layer expects."


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


def _plain(v):
    """Constructor arguments as rules see them: lists become tuples."""
    if isinstance(v, ListV):
        return tuple(_plain(x) for x in v.items)
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v
