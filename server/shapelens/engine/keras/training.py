"""Training: ``compile`` (the loss), ``fit``/``evaluate``/``predict`` and their data and target
checks against the model (a Sequential without an input shape is built from the data)."""

from __future__ import annotations

import logging

from ...catalog.base import fmt, known
from ..libraries import arrays
from ..values import (
    UNKNOWN,
    ArrayV,
    LayerV,
    ListV,
    ModelV,
    ModuleV,
)
from .context import _tuple_text
from .graph import model_inputs, model_outputs

log = logging.getLogger("shapelens.engine")


LOSS_ALIASES = {
    "mse": "mse", "mean_squared_error": "mse", "MeanSquaredError": "mse",
    "mae": "mae", "mean_absolute_error": "mae", "MeanAbsoluteError": "mae",
    "huber": "mse", "Huber": "mse", "huber_loss": "mse", "msle": "mse", "mean_squared_logarithmic_error": "mse",
    "categorical_crossentropy": "cce", "CategoricalCrossentropy": "cce",
    "sparse_categorical_crossentropy": "scce", "SparseCategoricalCrossentropy": "scce",
    "binary_crossentropy": "bce", "BinaryCrossentropy": "bce",
}


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


class Training:
    """KerasOps' part for a model's methods."""

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
