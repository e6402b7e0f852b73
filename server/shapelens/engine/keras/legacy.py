"""Keras 1/2 spellings Keras 3 removed or renamed (``catalog/legacy.py`` holds the table): an
error that says what Keras 3 raises, the Keras 3 spelling as a quick fix, and the shapes followed
as if that spelling had been written, so the shape bug behind an old spelling is still found.
A mixin of KerasOps (through Training); its entries are three hooks: ``legacy_layer_args``
(where a layer constructor is read, engine/keras/layers.py), ``legacy_path_call`` (a call on a
Keras name, engine/keras/dispatch.py) and the model methods (training.py).

The mixin is in three modules: this one (the arguments of a call, for edits; layer constructors;
calls on Keras names), legacy_imports.py (imports of removed modules, and the version guards and
the report every entry shares) and legacy_model.py (the model methods)."""

from __future__ import annotations

import inspect
import logging

import libcst as cst

from ...catalog import BASE_KWARGS, FUNCTIONAL_MERGES, RULES
from ...catalog import legacy as table
from ..records import MISSING
from ..values import UNKNOWN, Loc
from . import losses
from .legacy_imports import LegacyImports
from .legacy_model import LegacyModelMethods

log = logging.getLogger("shapelens.engine")

STRIDES_CODE = "SL308"


def _span(a: Loc, b: Loc) -> Loc:
    return Loc(a.chunk, a.line, a.col, b.end_line, b.end_col)


def _value_text(v):
    """A plain value as Python source (for the fixed keyword), or None."""
    if isinstance(v, bool) or v is None or isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, tuple) and all(isinstance(x, int) and not isinstance(x, bool) for x in v):
        return "(" + ", ".join(str(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return None


class Legacy(LegacyModelMethods, LegacyImports):
    """KerasOps' part for Keras 1/2 spellings."""

    # -- arguments of a call, for edits ----------------------------------------------------------
    def _arg_spans(self, node):
        """For each argument of a call: key (position or keyword) -> (span of the whole argument,
        span of its value, span of the previous argument's value or None)."""
        i = self.i
        out = {}
        prev = None
        pos = 0
        for a in node.args:
            vloc = i.vloc(a.value)
            whole = i.loc(a)
            if a.keyword is not None:
                key = a.keyword.value
            elif a.star:
                key = None
            else:
                key = pos
                pos += 1
            if key is not None and vloc is not None and whole is not None:
                out[key] = (_span(whole, vloc), vloc, prev)
            prev = vloc
        return out

    def _remove_arg(self, spans, key, node):
        """The edit that removes an argument with its comma."""
        whole, vloc, prev = spans[key]
        if prev is not None:
            return (Loc(prev.chunk, prev.end_line, prev.end_col, vloc.end_line, vloc.end_col), "")
        # the first argument: up to the start of the next one
        later = [s for k, s in spans.items() if s[2] is vloc]
        if later:
            nxt = later[0][0]
            return (Loc(whole.chunk, whole.line, whole.col, nxt.line, nxt.col), "")
        return (whole, "")

    # -- layer constructors --------------------------------------------------------------------
    def legacy_layer_args(self, rule, args, kwargs, node, arg_nodes, rename=None):
        """A layer constructor written with Keras 1/2 arguments: report what Keras 3 raises (one
        error, one fix for all of them) and return the arguments as Keras 3 spells them, so the
        layer is built as if the fix had been written.  ``rename``: (Loc, new class text) when the
        class itself was removed (CuDNNLSTM)."""
        try:
            return self._legacy_layer_args(rule, args, kwargs, node, arg_nodes, rename)
        except Exception:  # noqa: BLE001 - never let a spelling check break the analysis
            from .. import debug

            if debug.STRICT:
                raise
            log.debug("legacy args failed", exc_info=True)
            return args, kwargs, arg_nodes

    def _legacy_layer_args(self, rule, args, kwargs, node, arg_nodes, rename):
        i = self.i
        params = rule.sig().parameters
        takes_var_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())

        def accepts(name):
            return name in params or name in BASE_KWARGS

        changes = []  # (old keyword, new keyword or None, new value)
        for k, v in kwargs.items():
            if accepts(k):
                continue
            t = table.translate_kwarg(k, v, accepts)
            if t is None:
                if takes_var_kw and k not in table.RENAMED_KWARGS and k not in table.DROPPED_KWARGS:
                    continue
                if k in table.RENAMED_KWARGS or k in table.DROPPED_KWARGS:
                    return args, kwargs, arg_nodes  # an old keyword without a certain translation: as before
                continue
            changes.append((k,) + (t if t else (None, None)))
        # Keras 1 recurrent layers: input_dim + input_length -> input_shape=(length, dim)
        if "input_length" in kwargs and not accepts("input_length") and "input_dim" in kwargs and rule.recurrent:
            changes.append(("input_length", "input_shape", (kwargs["input_length"], kwargs["input_dim"])))
            changes.append(("input_dim", None, None))
        kernel = table.kernel_from_positionals(rule.name, list(args))
        raises_anyway = rule.name in ("Conv3D",) and kernel is not None  # Conv3D(8, 3, 3, 3): padding=3 raises
        if not changes and not rename and not raises_anyway:
            if kernel is not None:
                self._positional_strides(rule, args, node, kernel)
            return args, kwargs, arg_nodes
        if any(new is not None and new in kwargs and new != old for old, new, _v in changes):
            return args, kwargs, arg_nodes  # both spellings given: Keras 3 raises on the old one anyway
        # the arguments as Keras 3 spells them
        new_kwargs = dict(kwargs)
        new_nodes = dict(arg_nodes)
        new_args = list(args)
        for old, new, value in changes:
            new_kwargs.pop(old, None)
            nd = new_nodes.pop(old, None)
            if new is not None:
                new_kwargs[new] = value
                if nd is not None and old != "input_length":
                    new_nodes[new] = nd
        if kernel is not None:
            new_args = [args[0], kernel]
            new_nodes = {k: v for k, v in new_nodes.items() if not (isinstance(k, int) and k >= 2)}
        # the message and the fix
        spans = self._arg_spans(node)
        edits = []
        fixable = True
        if rename is not None:
            if rename[0] is not None:
                edits.append((rename[0], rename[1]))
            else:
                fixable = False  # a bare name: its import needs the change too
        for old, new, value in changes:
            if old not in spans or old not in arg_nodes:
                fixable = False
                continue
            if new is None:
                edits.append(self._remove_arg(spans, old, node))
                continue
            text = _value_text(value) if (old in table.VALUE_MAPS or old == "input_length") else i.code(arg_nodes[old].value)
            if text is None:
                fixable = False
                continue
            edits.append((spans[old][0], f"{new}={text}"))
        if kernel is not None:
            if 1 in spans and len(args) - 1 in spans:
                first, last = spans[1][1], spans[len(args) - 1][1]
                edits.append((_span(first, last), "(" + ", ".join(str(d) for d in kernel) + ")"))
            else:
                fixable = False
        names = [old for old, _n, _v in changes]
        said = []
        short = []  # the Keras 3 spelling, for the fix's title
        for old, new, value in changes:
            if new is None and old == "input_dim":
                continue  # said with input_length=
            if new is None:
                said.append(f"{old}= is gone (drop it)")
                short.append(f"no {old}=")
            elif old == "input_length":
                said.append(f"input_length= and input_dim= are input_shape={_value_text(value)}")
                short.append(f"input_shape={_value_text(value)}")
            else:
                vt = _value_text(value) if old in table.VALUE_MAPS else None
                said.append(f"{old}= is {new}=" + (vt or ""))
                short.append(f"{new}=" + (vt or ""))
        if kernel is not None:
            said.append(f"the kernel is kernel_size={tuple(kernel)} (the positional ints after the filters are "
                        f"strides and padding in Keras 3)")
            short.append(f"kernel_size={tuple(kernel)}")
        func = i.code(node.func).rsplit(".", 1)[-1]
        missing = [p.name for p in params.values() if p.default is inspect.Parameter.empty
                   and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY)
                   and list(params).index(p.name) >= len(args) and p.name not in kwargs]
        if missing:
            what = (f"TypeError: {rule.name}.__init__() missing {len(missing)} required positional argument"
                    f"{'s' if len(missing) > 1 else ''}: {', '.join(repr(m) for m in missing)}")
        elif names:
            what = f"ValueError: Unrecognized keyword arguments passed to {rule.name}"
        else:
            what = "AttributeError: 'int' object has no attribute 'lower' (its fourth positional argument is padding)"
        if rename is not None:
            head = (f"Keras 3 has no layer {rename[2]} (AttributeError: module 'keras.layers' has no attribute "
                    f"'{rename[2]}'; ImportError when imported by name); it is {rule.name}")
            short.insert(0, rule.name)
        else:
            head = f"{func}() is written with Keras 1/2 arguments; Keras 3 raises {what}"
        fix_title = "Use " + ", ".join(short)
        fixes = [self.fix(fix_title, [e[:2] for e in edits], True)] if fixable and edits else []
        self._legacy_diag(node, i.loc(node),
               f"{head}{': ' + '; '.join(said) if said else ''}. The shapes below follow the Keras 3 spelling.",
               fixes=[f for f in fixes if f])
        return new_args, new_kwargs, new_nodes

    def _positional_strides(self, rule, args, node, kernel):
        """``Convolution2D(32, 3, 3)``: legal Keras 3 (strides=3), but in Keras 1, whose name it is,
        it meant a 3x3 kernel -- the output is three times smaller on each axis than intended."""
        i = self.i
        func = i.code(node.func)
        if rule.name not in ("Conv2D", "SeparableConv2D", "Conv2DTranspose") or len(args) != 3:
            return
        if func.rsplit(".", 1)[-1] not in ("Convolution2D", "SeparableConvolution2D"):
            # Conv2D(64, 5, 3) is Keras 2's own spelling of a stride (keras-io writes
            # Conv2D(filters, kernel_size, strides)): only Keras 1's name says a kernel was meant
            return
        spans = self._arg_spans(node)
        fixes = []
        if 1 in spans and 2 in spans:
            edit = (_span(spans[1][1], spans[2][1]), f"({args[1]}, {args[2]})")
            fixes.append(self.fix(f"Use kernel_size=({args[1]}, {args[2]}) (stride 1)", [edit], False))
        i.diag(i.loc(node), STRIDES_CODE,
               f"{func}({args[0]}, {args[1]}, {args[2]}): in Keras 3 the third positional argument is strides, so this "
               f"is a {args[1]}x{args[1]} kernel moving {args[2]} pixels at a time, which divides each spatial size by "
               f"{args[2]}. Keras 1's Convolution2D({args[0]}, {args[1]}, {args[2]}) meant a {args[1]}x{args[2]} kernel: "
               f"write kernel_size=({args[1]}, {args[2]}) (or strides={args[2]} by name if the stride is intended).",
               fixes=[f for f in fixes if f], severity="warning")


    # -- calls on Keras names ------------------------------------------------------------------
    def legacy_path_call(self, path, args, kwargs, node, arg_nodes):
        """A call on a Keras name Keras 3 removed (keras.layers.CuDNNLSTM, keras.layers.merge,
        keras.optimizers.legacy.Adam), an optimizer given ``lr=``, or a loss instance
        (keras.losses.<Class>(...)); MISSING for everything else."""
        if not path.startswith(("keras.layers.", "keras.optimizers.", "keras.losses.")):
            return MISSING
        try:
            return self._legacy_path_call(path, args, kwargs, node, arg_nodes)
        except Exception:  # noqa: BLE001
            from .. import debug

            if debug.STRICT:
                raise
            log.debug("legacy path call failed", exc_info=True)
            return MISSING

    def _func_rename(self, node, old_last, new_last):
        """An edit renaming the called name's last part, when it is written with a dot
        (``layers.CuDNNLSTM``); None for a bare name (its import would need the change too)."""
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == old_last:
            loc = self.i.loc(func.attr)
            return (loc, new_last) if loc is not None else None
        return None

    def _legacy_path_call(self, path, args, kwargs, node, arg_nodes):
        i = self.i
        parts = path.split(".")
        last = parts[-1]
        if path.startswith("keras.losses.") and len(parts) == 3 and last[:1].isupper():
            code = i.code(node)
            spec = losses.from_class(last, kwargs, code, (i.loc(node), code) if i.loc(node) is not None else None)
            return spec if spec is not None else UNKNOWN
        if path.startswith("keras.optimizers.legacy.") and len(parts) == 4:
            fixes = []
            func = node.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Attribute) and func.value.attr.value == "legacy":
                loc = i.loc(func)
                fixes.append(self.fix(f"Use {i.code(func.value.value)}.{last}", [(loc, f"{i.code(func.value.value)}.{last}")],
                                      True))
            self._legacy_diag(node, i.loc(node),
                   f"keras.optimizers.legacy is gone in Keras 3 (ImportError: `keras.optimizers.legacy` is not supported "
                   f"in Keras 3); use keras.optimizers.{last}.", fixes=[f for f in fixes if f])
            return UNKNOWN
        if path.startswith("keras.optimizers.") and len(parts) == 3 and last in table.OPTIMIZERS:
            old = [k for k in kwargs if k in table.RENAMED_OPTIMIZER_KWARGS]
            if not old or any(table.RENAMED_OPTIMIZER_KWARGS[k] in kwargs for k in old):
                return MISSING
            spans = self._arg_spans(node)
            edits = [(spans[k][0], f"{table.RENAMED_OPTIMIZER_KWARGS[k]}={i.code(arg_nodes[k].value)}")
                     for k in old if k in spans and k in arg_nodes]
            fixes = [self.fix("Use " + ", ".join(f"{table.RENAMED_OPTIMIZER_KWARGS[k]}=" for k in old), edits, True)] \
                if len(edits) == len(old) else []
            shown = ", ".join(f"{k!r}: {i.code(arg_nodes[k].value)}" for k in old if k in arg_nodes)
            self._legacy_diag(node, i.loc(node),
                   f"{last}() takes learning_rate= in Keras 3, not {', '.join(k + '=' for k in old)}; Keras 3 raises "
                   f"'ValueError: Argument(s) not recognized: {{{shown}}}'.", fixes=[f for f in fixes if f])
            return UNKNOWN
        if len(parts) != 3 or parts[1] != "layers":
            return MISSING
        if last == "merge":
            return self._legacy_merge(args, kwargs, node, arg_nodes)
        if last not in table.REMOVED_LAYERS:
            return MISSING
        new = table.REMOVED_LAYERS[last]
        if new is None or new not in RULES:
            self._legacy_diag(node, i.loc(node),
                   f"Keras 3 has no layer {last} (AttributeError: module 'keras.layers' has no attribute '{last}'; "
                   f"ImportError when imported by name)." + _REPLACEMENT_HINT.get(last, ""))
            return UNKNOWN
        rename = self._func_rename(node, last, new)
        rule = RULES[new]
        args2, kwargs2, nodes2 = self.legacy_layer_args(rule, args, kwargs, node, arg_nodes,
                                                        rename=(rename[0] if rename else None, new, last))
        return self.construct(rule, args2, kwargs2, node, nodes2, legacy_done=True)

    def _legacy_merge(self, args, kwargs, node, arg_nodes):
        """``keras.layers.merge([a, b], mode='concat', concat_axis=-1)`` (Keras 1) -> the Keras 3
        function of that mode (``concatenate([a, b], axis=-1)``)."""
        i = self.i
        mode = kwargs.get("mode", "sum")
        fn = table.MERGE_MODES.get(mode) if isinstance(mode, str) else None
        extra = [k for k in kwargs if k not in ("mode", "concat_axis", "name", "dot_axes")]
        msg = ("Keras 3 has no keras.layers.merge (AttributeError; ImportError when imported by name): "
               + (f"mode={mode!r} is {fn}(...)" if fn else "use concatenate/add/multiply/average/maximum/dot") + ".")
        fixes = []
        new_kwargs = {}
        if fn is not None and not extra:
            if "concat_axis" in kwargs:
                new_kwargs["axis"] = kwargs["concat_axis"]
            if "dot_axes" in kwargs:
                new_kwargs["axes"] = kwargs["dot_axes"]
            if "name" in kwargs:
                new_kwargs["name"] = kwargs["name"]
            rename = self._func_rename(node, "merge", fn)
            spans = self._arg_spans(node)
            if rename is not None and "mode" in spans or (rename is not None and "mode" not in kwargs):
                edits = [rename]
                if "mode" in spans:
                    edits.append(self._remove_arg(spans, "mode", node))
                if "concat_axis" in spans:
                    edits.append((spans["concat_axis"][0], f"axis={i.code(arg_nodes['concat_axis'].value)}"))
                if "dot_axes" in spans:
                    edits.append((spans["dot_axes"][0], f"axes={i.code(arg_nodes['dot_axes'].value)}"))
                fixes.append(self.fix(f"Use {fn}(...)", edits, True))
        self._legacy_diag(node, i.loc(node), msg, fixes=[f for f in fixes if f])
        if fn is None or extra or not args:
            return UNKNOWN
        rule = RULES.get(FUNCTIONAL_MERGES.get(fn, ""))
        if rule is None:
            return UNKNOWN
        nodes = {k: v for k, v in arg_nodes.items() if k in ("name",)}
        return self.functional_merge(rule, [args[0]], new_kwargs, node, nodes)



_REPLACEMENT_HINT = {
    "Merge": " In a Sequential, build a functional model instead and join the branches with "
             "keras.layers.concatenate/add/multiply.",
    "Highway": " Build it from Dense layers, or keep Keras 2 (tf_keras).",
    "MaxoutDense": " Use Dense(units * k) followed by a reshape and a max over k.",
    "TimeDistributedDense": " Use TimeDistributed(Dense(units)) or Dense(units) on the 3-D tensor.",
    "LocallyConnected1D": " Keras 3 has no locally connected layers; keep Keras 2 (tf_keras) for them.",
    "LocallyConnected2D": " Keras 3 has no locally connected layers; keep Keras 2 (tf_keras) for them.",
    "ThresholdedReLU": " Use keras.layers.ReLU(threshold=theta).",
}
