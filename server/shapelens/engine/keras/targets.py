"""Targets against the model's outputs and the loss, as Keras 3 pairs them in ``fit``/``evaluate``:
one output or several (targets and losses in lists or dicts), each pair judged by
``losses.judge`` (Keras' own squeeze/expand of a trailing 1, then the loss family's rule), and
the loss strings Keras 3 no longer knows.  A mixin of KerasOps (through Training)."""

from __future__ import annotations

import logging

import libcst as cst

from ...catalog.base import fmt, known
from ..records import MISSING
from ..values import UNKNOWN, ArrayV, DictV, ListV, ModelV, Tensor, TensorList
from . import losses
from .losses import B, LossDict, LossList, LossSpec

log = logging.getLogger("shapelens.engine")

LOSS_NAME_CODE = "SL220"


def _shape_text(shape) -> str:
    return fmt(tuple("batch" if d == B else d for d in shape))


def _sub(shape, n):
    """A shape whose batch axis stands for ``n`` samples, for messages."""
    return tuple(n if d == B else d for d in shape)


def _quoted(code: str, text: str) -> str:
    """``text`` as a string literal in the quotes ``code`` (a string literal) uses."""
    q = "'" if code[:1] == "'" else '"'
    return f"{q}{text}{q}"


def _is_literal(code) -> bool:
    return isinstance(code, str) and len(code) >= 2 and code[0] in "'\"" and code[-1] == code[0] and code.count(code[0]) == 2


def _elements(node):
    """The element nodes of a list/tuple/dict literal given as an argument, or None."""
    v = node.value if node is not None else None
    if isinstance(v, (cst.List, cst.Tuple)):
        return [e.value for e in v.elements]
    if isinstance(v, cst.Dict):
        out = {}
        for e in v.elements:
            if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString):
                out[e.key.evaluated_value] = e.value
        return out
    return None


class TargetChecks:
    """KerasOps' part for the targets given to fit/evaluate."""

    # -- loss names Keras 3 does not know -------------------------------------------------------
    def loss_name_error(self, spec, when: str) -> None:
        """A loss string Keras 2 knew and Keras 3 does not ("logcosh"): Keras raises 'Could not
        interpret loss identifier' where the table says (the first fit)."""
        items = [spec] if isinstance(spec, LossSpec) else list(spec.items) if isinstance(spec, LossList) else \
            [v for _k, v in spec.items] if isinstance(spec, LossDict) else []
        i = self.i
        for s in items:
            if not isinstance(s, LossSpec) or not s.error or s.when != when or s.loc is None:
                continue
            loc, code = s.loc
            key = f"\0lossname:{id(loc)}"
            if i.g.lookup(key) is not MISSING:
                continue  # said once, at the first fit
            i.g.assign(key, True)
            fixes = []
            if s.suggestion and _is_literal(code):
                new = _quoted(code, s.suggestion)
                fixes.append(self.fix(f"Use the Keras 3 name: loss={new}", [(loc, new)], True))
            hint = (f"Keras 3 calls it {s.suggestion!r}" if s.suggestion else
                    "write one of the keras.losses names (e.g. 'mse', 'categorical_crossentropy')")
            i.diag(loc, LOSS_NAME_CODE,
                   f"Keras 3 does not know the loss {s.written!r} and raises {s.error.split(': ', 1)[-1]!r} when "
                   f"{'the model is compiled' if when == 'compile' else 'fit starts'}; {hint}.",
                   fixes=[f for f in fixes if f])

    def element_places(self, arg):
        """(Loc, source text) of each element of a list or dict literal given as ``arg``: a list,
        a dict by key, or None."""
        els = _elements(arg)
        i = self.i
        if isinstance(els, list):
            return [(i.vloc(e), i.code(e)) for e in els]
        if isinstance(els, dict):
            return {k: (i.vloc(e), i.code(e)) for k, e in els.items()}
        return None

    # -- pairing targets with outputs ----------------------------------------------------------
    def check_targets(self, m: ModelV, y, outs, yn, n, batch_size) -> None:
        spec = m.loss
        if spec is None or not outs:
            return
        try:
            pairs = self._pairs(m, y, outs, spec, yn)
        except Exception:  # noqa: BLE001 - a structure the engine does not follow: silent
            from .. import debug

            if debug.STRICT:
                raise
            log.debug("target pairing failed", exc_info=True)
            return
        for label, ya, out, s, out_t, node in pairs:
            if not isinstance(ya, ArrayV) or ya.shape is None or out is None or not isinstance(s, LossSpec):
                continue
            if not s.name or s.family is None:
                continue
            loc = self.i.vloc(node) if node is not None else None
            if loc is None:
                continue
            samples = n if known(n) else (ya.shape[0] if ya.shape else None)
            if batch_size == "all":
                batches = {samples} if known(samples) else None
            else:
                batches = losses.batch_sizes(samples, batch_size)
            self.check_pair(s, ya, tuple(out), out_t, batches, loc, label, samples)

    def _pairs(self, m: ModelV, y, outs, spec, yn):
        """(label, targets, output shape, LossSpec, output tensor, node of the targets) for every
        output whose targets and loss are certain; [] when the structure is not followed."""
        tensors = self._output_tensors(m)
        # the output names only where targets or losses are keyed by them (reading an auto name
        # makes the statement run again whenever earlier statements renumber the layers)
        keyed = len(outs) > 1 or isinstance(y, DictV) or isinstance(spec, LossDict)
        names = self._output_names(tensors, len(outs)) if keyed else None
        if len(outs) == 1:
            ya = y
            if isinstance(y, (ListV, tuple)):
                items = y.items if isinstance(y, ListV) else y
                if len(items) != 1:
                    return []
                ya = items[0]
                els = _elements(yn)
                node = els[0] if isinstance(els, list) and els else None
            else:
                node = yn.value if yn is not None else None
            s = self._loss_for(spec, 0, names, 1)
            return [("", ya, outs[0], s, tensors[0] if tensors else None, node)]
        els = _elements(yn)
        out = []
        if isinstance(y, (ListV, tuple)):
            items = y.items if isinstance(y, ListV) else y
            if len(items) != len(outs):
                return []
            for k, ya in enumerate(items):
                name = names[k] if names else None
                s = self._loss_for(spec, k, names, len(outs))
                node = els[k] if isinstance(els, list) and k < len(els) else None
                out.append((f"{k}" + (f" ({name})" if name else ""), ya, outs[k], s, tensors[k] if tensors else None, node))
            return out
        if isinstance(y, DictV) and names:
            keys = [k for k, _v in y.items]
            if not all(isinstance(k, str) for k in keys) or set(keys) != set(names):
                return []
            d = dict(y.items)
            for k, name in enumerate(names):
                s = self._loss_for(spec, k, names, len(outs))
                node = els.get(name) if isinstance(els, dict) else None
                out.append((name, d[name], outs[k], s, tensors[k] if tensors else None, node))
            return out
        return []

    def _loss_for(self, spec, k, names, count):
        """The loss of output ``k``: one loss for all, a list by position, a dict by output name
        (when its keys are the output names); None when not certain."""
        if isinstance(spec, LossSpec):
            return spec
        if isinstance(spec, LossList):
            return spec.items[k] if len(spec.items) == count else None
        if isinstance(spec, LossDict):
            d = dict(spec.items)
            return d.get(names[k]) if names and set(d) == set(names) else None
        return None

    def _output_tensors(self, m: ModelV):
        o = m.seq_out if m.kind == "sequential" else m.outputs
        if isinstance(o, Tensor):
            return [o]
        if isinstance(o, (TensorList, ListV, tuple)):
            items = o.items if isinstance(o, (TensorList, ListV)) else o
            return list(items) if all(isinstance(t, Tensor) for t in items) else None
        return None

    def _output_names(self, tensors, count):
        """The output names Keras keys targets and losses by: the names of the layers that make
        the outputs (when every one is known and they differ)."""
        if not tensors or len(tensors) != count:
            return None
        names = []
        for t in tensors:
            layer = t.layer
            if layer is None or getattr(layer, "rule", None) is None or not isinstance(t, Tensor) or t.index:
                return None
            names.append(self.name_now(layer.name))
        if len(set(names)) != len(names):
            return None
        return names

    # -- one output ----------------------------------------------------------------------------
    def check_pair(self, s: LossSpec, y: ArrayV, out: tuple, out_t, batches, loc, label, samples) -> None:
        i = self.i
        ys = tuple(y.shape)
        v = losses.judge(s.name, ys, out, batches)
        where = f" (output {label})" if label else ""
        if v.kind == "error":
            self._target_error(s, y, ys, out, v, loc, where, batches, samples)
            return
        if v.kind in ("broadcast", "depends"):
            i.diag(loc, "SL205", self._broadcast_text(s, ys, out, v, where, samples), severity="warning")
            return
        if v.kind == "fine":
            classes = getattr(y, "label_classes", None)  # every label 0 .. classes-1 occurs (keras.datasets)
            if (s.family == "sparse" and known(classes) and known(out[-1]) and classes > out[-1]):
                i.diag(loc, "SL204",
                       f"the labels{where} run from 0 to {classes - 1}, but the output has {out[-1]} classes "
                       f"{fmt(out)}: {s.written} needs every label below {out[-1]}, and TensorFlow raises "
                       f"'Received a label value of {classes - 1} which is outside the valid range of [0, {out[-1]})' "
                       f"(on a GPU the loss silently turns to NaN). Give the last layer {classes} units.")
                return
            self.silent_loss_checks(s, y, ys, out, out_t, loc, where)

    def _target_error(self, s: LossSpec, y, ys, out, v, loc, where, batches, samples):
        i = self.i
        keras = v.keras
        n = ys[0]
        code_text = s.loc[1] if s.loc is not None else None
        if s.family == "sparse" and len(ys) == len(out) and known(ys[-1]) and ys[-1] > 1 and ys[-1] == out[-1]:
            fix = self._loss_fix(s, "categorical_crossentropy", ys, out, batches)
            i.diag(loc, "SL203",
                   f"the targets {fmt(ys)}{where} look one-hot, but {s.written} wants integer class labels of shape "
                   f"{fmt(ys[:-1])}: Keras raises '{keras}'. Use loss='categorical_crossentropy', or pass the labels "
                   f"before to_categorical (y.argmax(axis=-1)).", fixes=[fix] if fix else [])
            return
        if (s.name in losses.CATEGORICAL and known(out[-1]) and out[-1] > 1
                and (len(ys) == len(out) - 1 or (len(ys) == len(out) and ys[-1] == 1))
                and losses.judge("sparse_categorical_crossentropy", ys, out, batches).kind == "fine"):
            fix = self._loss_fix(s, "sparse_categorical_crossentropy", ys, out, batches)
            i.diag(loc, "SL203",
                   f"the targets {fmt(ys)}{where} hold integer class labels, but {s.written} wants one-hot targets of "
                   f"shape {fmt((n,) + tuple(out[1:]))}: Keras raises '{keras}'. Use "
                   f"loss='sparse_categorical_crossentropy', or one-hot encode them with "
                   f"keras.utils.to_categorical(y, {out[-1]}).", fixes=[fix] if fix else [])
            return
        why = self._why_error(v, out)
        i.diag(loc, "SL204",
               f"the targets {fmt(ys)}{where} do not fit the model's output {fmt(out)} under {s.written}: Keras raises "
               f"'{keras}'{why}. Make the last layer produce {fmt(_out_for(ys))}, or give targets of shape "
               f"{fmt((n,) + tuple(out[1:]))}.")
        del code_text

    def _why_error(self, v, out) -> str:
        if v.batch is None or v.kind != "error":
            if v.y_seen and v.out_seen and len(v.y_seen) != len(v.out_seen):
                return f" (it compares {_shape_text(v.y_seen)} with {_shape_text(v.out_seen)})"
            return ""
        ys, ps = v.y_seen, v.out_seen
        if len(ys) != len(ps):
            return (f" in the first batch of {v.batch} samples: aligned from the right, the targets' sample axis meets an axis of "
                    f"the output of another size ({_shape_text(ys)} against {_shape_text(ps)})")
        return f" ({_shape_text(ys)} against {_shape_text(ps)})"

    def _loss_fix(self, s: LossSpec, new_name, ys, out, batches):
        if s.loc is None or not _is_literal(s.loc[1]):
            return None
        if losses.judge(new_name, ys, out, batches).kind != "fine":
            return None
        loc, code = s.loc
        new = _quoted(code, new_name)
        return self.fix(f"Use loss={new}", [(loc, new)], True)

    def _broadcast_text(self, s: LossSpec, ys, out, v, where, samples) -> str:
        yseen, pseen = v.y_seen, v.out_seen
        head = f"under {s.written}, Keras"
        squeezed = tuple(yseen) != _with_b(ys) or tuple(pseen) != _with_b(out)
        if v.kind == "depends":
            d = _lined_up(yseen, pseen)
            return (f"the targets {fmt(ys)}{where} against the model's output {fmt(out)}: {head} aligns the shapes from "
                    f"the right, so the targets' sample axis meets the output's axis of size {d}; it raises unless every "
                    f"batch holds exactly {d} (or 1) samples, and then silently compares each output with the targets "
                    f"of other samples. Give targets of shape {fmt((ys[0],) + tuple(out[1:]))}, or make the last layer "
                    f"produce {fmt(_out_for(ys))}.")
        comb = v.combined
        what = []
        if len(yseen) != len(pseen) or sum(1 for d in comb if d == B) > 1:
            what.append("the sample axis of one lines up with another axis of the other, so each output is compared "
                        "with the targets of other samples")
        else:
            for k, (a, b) in enumerate(zip(yseen, pseen)):
                if a == 1 and b != 1:
                    what.append(f"each sample's single target{' per step' if k < len(pseen) - 1 else ''} is compared with "
                                f"all {b} {'steps' if k < len(pseen) - 1 and len(pseen) > 2 else 'outputs'} of axis {k}")
                elif b == 1 and a != 1:
                    what.append(f"the model's single output at axis {k} is compared with all {a} targets there")
        cause = ""
        if len(out) == 3 and len(ys) == 2 and ys[-1] == out[-1] or (len(out) == 3 and len(ys) == 2 and out[-1] == 1):
            cause = " Usually the last recurrent layer still has return_sequences=True."
        elif len(out) == len(ys) == 2 and ys[-1] == 1 and known(out[-1]) and out[-1] > 1:
            cause = f" The last layer has {out[-1]} units where the targets have 1."
        elif len(out) == len(ys) == 2 and out[-1] == 1 and known(ys[-1]) and ys[-1] > 1:
            cause = f" The last layer has 1 unit where the targets have {ys[-1]}."
        return (f"the targets {fmt(ys)}{where} are silently broadcast against the model's output {fmt(out)}: {head}"
                f"{' squeezes/expands a trailing axis of 1 and' if squeezed else ''} combines "
                f"{_shape_text(yseen)} with {_shape_text(pseen)} into {_shape_text(comb)}, so "
                + ("; ".join(what) if what else "targets and outputs are paired wrongly")
                + f". It trains without an error, but not on what the targets say.{cause} Make the output "
                f"{fmt(_out_for(ys))} or the targets {fmt((ys[0],) + tuple(out[1:]))}.")


def _out_for(ys) -> tuple:
    """The output shape that would fit targets of shape ys."""
    return (None,) + (tuple(ys[1:]) if len(ys) > 1 else (1,))


def _with_b(shape) -> tuple:
    return (B,) + tuple(shape[1:])


def _lined_up(ys, ps):
    """The size of the axis the lower-rank shape's sample axis meets."""
    n = max(len(ys), len(ps))
    yy = (None,) * (n - len(ys)) + tuple(ys)
    pp = (None,) * (n - len(ps)) + tuple(ps)
    for a, b in zip(yy, pp):
        if a == B and b not in (B, None):
            return b
        if b == B and a not in (B, None):
            return a
    return "?"


__all__ = ["TargetChecks", "LOSS_NAME_CODE", "UNKNOWN"]
