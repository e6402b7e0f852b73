"""What fit/evaluate/predict do with data that does not fit the model, beyond the input check
of training.py (issue 17, data): one sample given without its batch axis, images a Sequential
runs through its first layers until a layer whose weights were built for another size raises,
and what to change where the images were resized (``target_size=`` of an
``ImageDataGenerator`` iterator, ``image_size=`` of ``image_dataset_from_directory``).

Each error is one Keras 3.15.1 raises (tests/engine/test_lib_tfdata.py and
test_lib_keras_data.py run every reported program in Keras).  A mixin of KerasOps (through
Training); every check is silent when a value it rests on is not known.
"""

from __future__ import annotations

import libcst as cst

from ...catalog.base import fmt, known
from ..values import LayerV
from .context import _line_ref

# Layers whose weights are sized by their input: given another size than the one they were
# built for, Keras raises (Dense and the convolutions through their InputSpec, 'Input 0 of layer
# ... is incompatible with the layer'; the recurrent layers in their kernel's matmul).
_SIZED_BY_INPUT = ("Dense", "Conv1D", "Conv2D", "Conv3D", "LSTM", "GRU", "SimpleRNN")


class DataChecks:
    def one_sample(self, x, have, want, xn, loc, code, method) -> bool:
        """One sample without its batch axis (an image (32, 32, 3) for a model expecting (None, 32,
        32, 3)): Keras takes the first axis as the batch and raises 'Invalid input shape' (checked in
        Keras 3.15.1, Sequential and functional).  The fix adds the axis: ``x[None]``."""
        if getattr(x, "batch_of", False) or len(have) + 1 != len(want) or not have:
            return False
        if not all(known(a) and known(b) and a == b for a, b in zip(have, want[1:])):
            return False
        atom = isinstance(xn.value, (cst.Name, cst.Attribute, cst.Subscript, cst.Call))
        new = f"{code}[None]" if atom else None
        fix = self.fix(f"Add the batch axis: {new}", [(loc, new)], True) if new else None
        self.i.diag(loc, "SL201", f"{method}() gets one sample of shape {fmt(have)} without a batch axis, but the model "
                    f"expects a batch {fmt(want)}; Keras takes the first axis as the batch and raises ('Invalid input "
                    f"shape' for a NumPy array). Add the batch axis: {new or f'np.expand_dims({code}, 0)'} has shape "
                    f"{fmt((1,) + tuple(have))}.", fixes=[fix] if fix else [])
        return True

    # -- images resized by the data pipeline ------------------------------------------------------

    def resize_advice(self, x, have, want):
        """(text, fix) naming where the data's images were resized and the size the model wants,
        or ("", None).  Only for images of the model's rank and channels whose height and width
        differ."""
        made = getattr(x, "resized", None)
        if made is None or len(have) != 4 or len(want) != 4:
            return "", None
        fn, param, size, loc, given = made
        for lo in (1, 2):  # channels last, or first
            if tuple(have[lo:lo + 2]) == tuple(size):
                break
        else:
            return "", None
        other = 3 if lo == 1 else 1
        target = tuple(want[lo:lo + 2])
        if not all(known(d) for d in target) or have[other] != want[other] or target == tuple(size):
            return "", None
        how = f"{param}={fmt(size)}" if given else f"no {param}, so the default {fmt(size)}"
        text = (f" {fn}() resizes every image to {size[0]}x{size[1]} ({how}); pass {param}={fmt(target)} "
                f"to match the model's input.")
        edit = fmt(target) if given else f", {param}={fmt(target)}"
        fix = self.fix(f"Resize the images to {target[0]}x{target[1]}: {param}={fmt(target)}", [(loc, edit)],
                       True) if loc is not None else None
        return text, fix

    # -- a Sequential runs on data of another size until a weighted layer --------------------------

    def sequential_other_size(self, m, x, have, want, loc, method) -> bool:
        """A Sequential does not check its data against its Input: images of another size go
        through the convolutions, and the first layer whose weights depend on the size (the Dense
        after Flatten) raises 'Input 0 of layer "dense" is incompatible with the layer' (checked in
        Keras 3.15.1).  The layers are followed on the data's shape with their rules alone (no
        fact, no diagnostic); any layer not followed ends the check, silently."""
        shape_new, shape_old = (None,) + tuple(have[1:]), (None,) + tuple(want[1:])
        params = {id(row[0]): row[2] for row in m.rows if row and row[0] is not None}
        for layer in m.layers:
            if not isinstance(layer, LayerV) or layer.rule is None:
                return False
            new = self._rule_step(layer, shape_new)
            old = self._rule_step(layer, shape_old)
            if new is None or old is None:
                return False
            (out_new, p_new), (out_old, p_old) = new, old
            if not known(p_old) or p_old != params.get(id(layer)):
                return False  # the rule alone does not give what the model has: not followed
            if p_new != p_old:
                if layer.rule.name not in _SIZED_BY_INPUT or not known(p_new):
                    return False
                text, fix = self.resize_advice(x, have, want)
                raised = ("'Dimensions must be equal' in its kernel's matmul" if layer.rule.recurrent else
                          f"'Input 0 of layer \"{layer.name}\" is incompatible with the layer'")
                self.i.diag(loc, "SL201",
                            f"{method}() gets data of shape {fmt(have)} but the Sequential model was built for "
                            f"{fmt(want)}. A Sequential runs its layers on whatever it gets, so the first layers take "
                            f"it, but the {layer.rule.name} on line {_line_ref(0)} was built for input "
                            f"{fmt(shape_old)} and gets {fmt(shape_new)}; Keras raises {raised}."
                            + (text or f" Give the data the shape {fmt(want)}."),
                            refs=(layer.loc,), fixes=[fix] if fix else [])
                return True
            shape_new, shape_old = out_new, out_old
        return False

    def _rule_step(self, layer, shape):
        """(output shape, params) of one layer on ``shape`` by its rule alone, or None."""
        rule = layer.rule
        if (shape is None or getattr(rule, "accepts_any", False) or rule.multi_input
                or getattr(layer, "inner_model", None) is not None or rule.check_rank(shape)):
            return None
        cfg = dict(self.layer_cfg(layer), _call={"args": [], "kwargs": {}})
        if cfg.get("stateful") is True:
            return None
        try:
            out = rule.output(cfg, shape, layer)
            params = rule.params(cfg, shape, layer)
        except Exception:  # noqa: BLE001  (LayerError, Unsure, anything: not followed)
            return None
        if not isinstance(out, tuple) or not known(params):
            return None
        return out, params
