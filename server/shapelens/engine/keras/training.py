"""Training: ``compile`` (the loss), ``fit``/``evaluate``/``predict`` and their data and target
checks against the model (a Sequential without an input shape is built from the data)."""

from __future__ import annotations

import logging

import libcst as cst

from ...catalog.base import fmt, known
from ..libraries import arrays
from ..libraries.tfdata import fit_data
from ..values import (
    UNKNOWN,
    ArrayV,
    LayerV,
    ListV,
    ModelV,
    ModuleV,
)
from .context import _tuple_text
from .data_checks import DataChecks
from . import losses
from .legacy import Legacy
from .legacy_imports import LEGACY_METHODS
from .silent import Silent, StateListCheck
from .targets import TargetChecks
from .graph import model_inputs, model_outputs

log = logging.getLogger("shapelens.engine")


def _loss_kind(loss, loc=None, code=None, items=None):
    """The loss compile was given, as the engine judges it: a ``losses.LossSpec`` (a string, a
    ``keras.losses`` function or an instance made by ``keras.losses.<Class>(...)``), a
    ``LossList``/``LossDict`` for several outputs, or None when it is not known (a user
    function, a value the engine did not follow)."""
    return losses.spec_of(loss, loc, code, items)


class _ItemArg:
    """An element of a tuple literal argument, shaped like the argument node the checks read."""

    def __init__(self, value):
        self.value = value


def _item_arg(arg, k):
    """The k-th element of a tuple literal given as ``arg`` (validation_data=(x, y)), or None."""
    v = getattr(arg, "value", None)
    if isinstance(v, (cst.Tuple, cst.List)) and k < len(v.elements):
        return _ItemArg(v.elements[k].value)
    return None


def _arg_loc(i, arg):
    """Where an argument is: a call's argument node, or an element of validation_data=(x, y)."""
    return i.vloc(arg.value) if isinstance(arg, _ItemArg) else i.loc(arg)


def _batch_size(v):
    """``batch_size=`` as fit/evaluate take it (None: 32), or None when not known."""
    if v is None:
        return 32
    return v if known(v) and v > 0 else None


class Training(TargetChecks, Legacy, Silent, StateListCheck, DataChecks):
    """KerasOps' part for a model's methods."""

    def _changed(self, bm, m, new, scope) -> None:
        """``m.add(...)``, ``m.pop()``, ``m.build(...)``, ``m.compile(...)`` change the model in
        place: the name it was called through holds the new one; called through an attribute or
        an item (``self.body.add(...)``, ``models[0].add``), every holder of the model does (a
        search of every global: done for each call through a name, it made a 10,000-line file of
        models take 50 % longer)."""
        if bm.receiver:
            scope.assign(bm.receiver, new)
        else:
            self.i.mutate(m, new, scope)

    def model_method(self, bm, args, kwargs, node, arg_nodes, scope):
        i = self.i
        m: ModelV = bm.obj
        name = bm.name
        if name == "add" and m.kind == "sequential":
            if not args:
                return None
            an = arg_nodes.get(0)
            new = self.seq_add(m, args[0], an.value if an is not None else None)
            self._changed(bm, m, new, scope)
            self.note_model(new)
            return None
        if name == "pop" and m.kind == "sequential":
            self._changed(bm, m, UNKNOWN, scope)
            return UNKNOWN
        if name == "build" and m.kind == "sequential":
            given = args[0] if args else kwargs.get("input_shape")  # Sequential.build(input_shape=None)
            shp = arrays.shape_arg(given) if given is not None else None
            if shp is not None and m.seq_out is None:
                new = self.build_sequential(m, tuple(None if d is None else d for d in shp), node)
                self._changed(bm, m, new, scope)
                self.note_model(new)
            return None
        if name == "compile":
            loss = kwargs.get("loss", args[1] if len(args) > 1 else None)
            ln = arg_nodes.get("loss") or arg_nodes.get(1)
            spec = _loss_kind(loss, i.vloc(ln.value) if ln is not None else None, i.code(ln.value) if ln is not None else None,
                              self.element_places(ln))
            self.loss_name_error(spec, "compile")
            new = m.evolve(loss=spec)
            self._changed(bm, m, new, scope)
            self.note_model(new)
            return None
        if name in LEGACY_METHODS:  # fit_generator, predict_classes, ...: Keras 3 removed them
            return self.legacy_model_method(bm, args, kwargs, node, arg_nodes, scope)
        if name in ("fit", "evaluate", "train_on_batch", "test_on_batch"):
            self.legacy_fit_kwargs(name, kwargs, arg_nodes, node)
            if isinstance(m.loss, losses.LossSpec):
                self.loss_name_error(m.loss, "fit")
            x = args[0] if args else kwargs.get("x")
            y = args[1] if len(args) > 1 else kwargs.get("y")
            xn = arg_nodes.get(0) or arg_nodes.get("x")
            yn = arg_nodes.get(1) or arg_nodes.get("y")
            x, y, yn = fit_data(self, x, y, xn, yn, model_inputs(m))  # a tf.data dataset or generator: one batch
            m2 = self.maybe_build_from_data(m, x, bm, scope, node)
            bs = _batch_size(kwargs.get("batch_size")) if name in ("fit", "evaluate") else "all"
            self.check_data(m2, x, y, xn, yn, name, batch_size=bs)
            vd = kwargs.get("validation_data")
            vn = arg_nodes.get("validation_data")
            vbs = _batch_size(kwargs.get("validation_batch_size", kwargs.get("batch_size")))
            vx, vy, vyn = fit_data(self, vd, None, vn, None, model_inputs(m2))
            if vx is not vd:
                self.check_data(m2, vx, vy, vn, vyn, "fit", batch_size=vbs)
            elif isinstance(vd, tuple) and len(vd) >= 2:
                self.check_data(m2, vd[0], vd[1], _item_arg(vn, 0), _item_arg(vn, 1), "fit", batch_size=vbs)
            return UNKNOWN
        if name in ("predict", "predict_on_batch", "__call__"):
            x = args[0] if args else kwargs.get("x")
            xn = arg_nodes.get(0) or arg_nodes.get("x")
            x = fit_data(self, x, None, xn, None, model_inputs(m))[0]  # a dataset or generator: one batch
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
            if name == "predict" and m2.kind in ("sequential", "functional"):
                self.state_list_used_as_array(m2, node, val)  # a warning (SL305)
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
        if not isinstance(x, ArrayV) or x.shape is None or not x.shape:
            return m
        if len(x.shape) == 1:
            # a batch of scalars, (None,): Keras builds with it when the first layer takes rank 1
            # (TextVectorization, StringLookup, Hashing, ... fed strings); otherwise not followed
            first = m.layers[0]
            if not isinstance(first, LayerV) or first.rule.check_rank((None,)):
                return m
        new = self.build_sequential(m, (None,) + tuple(x.shape[1:]), node)
        if bm.receiver:
            scope.assign(bm.receiver, new)
        self.note_model(new)
        return new

    def check_data(self, m: ModelV, x, y, xn, yn, method, batch_size=32):
        i = self.i
        ins = model_inputs(m)
        outs = model_outputs(m)
        if m.seq_broken:
            return
        if isinstance(x, ArrayV) and x.shape is not None and ins is not None and len(ins) == 1 and ins[0] is not None:
            self.check_x(m, x, ins[0], xn, method)
        if (isinstance(x, ArrayV) and isinstance(y, ArrayV) and x.shape and y.shape and known(x.shape[0])
                and known(y.shape[0]) and x.shape[0] != y.shape[0]):
            i.diag(_arg_loc(i, yn) if yn is not None else _arg_loc(i, xn) if xn is not None else None, "SL202",
                   f"x has {x.shape[0]:,} samples {fmt(x.shape)} but y has {y.shape[0]:,} {fmt(y.shape)}; Keras raises "
                   f"'Data cardinality is ambiguous'. Give both the same number of samples.")
            return
        if y is not None and outs is not None:
            n = x.shape[0] if isinstance(x, ArrayV) and x.shape else None
            self.check_targets(m, y, outs, yn, n, batch_size)

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
                    if not self.sequential_other_size(m, x, have, want, loc, method):  # a later layer raises
                        self.sequential_timesteps(m, have, want, bad, loc, method)  # a warning (SL306)
                    return  # Sequential does not check other axes; Keras runs
            fix = self.reshape_fix(x, want, loc, code)
            advice, resize = self.resize_advice(x, have, want)  # images resized by a generator / dataset
            i.diag(loc, "SL201", f"{method}() gets data of shape {fmt(have)} but the model expects {fmt(want)}; "
                   f"axis {bad[0]} is {have[bad[0]]}, not {want[bad[0]]}. "
                   + ("Reshape the data to (samples, " + ", ".join(str(d) for d in want[1:]) + ")." if fix else
                      advice.strip() or "Make the data's shape match the model's input (or the input the data)."),
                   fixes=[f for f in (fix, resize) if f])
            return
        # Keras 3 adds or drops a trailing axis of size 1 itself (and a size not known may be that 1)
        if len(have) + 1 == len(want) and (want[-1] == 1 or isinstance(want[-1], str)):
            return
        if len(have) == len(want) + 1 and not (known(have[-1]) and have[-1] != 1):
            return
        if any(d is None for d in have[1:]) and len(have) < len(want):
            return
        if self.one_sample(x, have, want, xn, loc, code, method):
            return
        fix = self.reshape_fix(x, want, loc, code)
        what = "timesteps, features" if len(want) == 3 else ", ".join(str(d) for d in want[1:])
        i.diag(loc, "SL201", f"{method}() gets {len(have)}-D data {fmt(have)} but the model expects {len(want)}-D input "
               f"{fmt(want)}; reshape it to (samples, {what})"
               + (f", e.g. {code}.reshape({_tuple_text((-1,) + tuple(want[1:]))})." if fix else "."),
               fixes=[fix] if fix else [])

    def reshape_fix(self, x: ArrayV, want, loc, code):
        if getattr(x, "batch_of", False):
            return None  # a batch of a dataset: there is no array in the code to reshape
        have_size = arrays._size(x.shape[1:])
        want_size = arrays._size(want[1:])
        if have_size is None or want_size is None or have_size != want_size:
            return None
        new = f"{code}.reshape({_tuple_text((-1,) + tuple(want[1:]))})"
        return self.fix(f"Reshape the data: {new}", [(loc, new)], True)
