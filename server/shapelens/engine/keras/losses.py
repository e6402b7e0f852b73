"""Losses: how a loss is written (a string, ``keras.losses.<fn>``, ``keras.losses.<Class>(...)``)
resolved to the loss function Keras 3 runs, and what that function does with targets of a
given shape against the model's output.

Both halves come from Keras 3.15.1 itself, recorded by ``scripts/record_loss_table.py`` into
``loss_table.json``: ``spellings`` (which function each spelling names, or the error Keras 3
raises for it) is read as data; ``cases`` (real ``fit`` runs on a grid of target and output
shapes) is what ``judge`` is checked against, row by row, in ``tests/engine/test_losses.py``.

``judge`` repeats what Keras does before a loss combines the two tensors:
``LossFunctionWrapper.call`` squeezes or expands a trailing axis of 1 when the ranks differ by
one (``losses.loss.squeeze_or_expand_to_same_rank``), then

* ``elementwise`` losses (mse, mae, huber, hinge, kld, poisson, cosine_similarity, dice, ...)
  combine the two by NumPy broadcasting: sizes must be equal or 1, right-aligned -- so targets
  of lower rank line their sample axis up with one of the output's axes, and whether that
  raises depends on how many samples the batch holds;
* ``same`` losses (binary/categorical cross-entropy, binary focal) raise unless the ranks and
  every known size are equal;
* ``sparse`` (sparse categorical cross-entropy) drops a trailing 1 of the targets and raises
  unless they are the output's shape without its class axis;
* ``sparse_onehot`` (categorical generalized cross-entropy) one-hot encodes the targets to the
  output's class count, then broadcasts like ``elementwise``.

Where a size it needs is unknown, the answer is unknown (nothing is reported).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

TABLE_FILE = Path(__file__).with_name("loss_table.json")

FAMILY = {
    "mean_squared_error": "elementwise", "mean_absolute_error": "elementwise",
    "mean_absolute_percentage_error": "elementwise", "mean_squared_logarithmic_error": "elementwise",
    "huber": "elementwise", "log_cosh": "elementwise", "hinge": "elementwise", "squared_hinge": "elementwise",
    "categorical_hinge": "elementwise", "kl_divergence": "elementwise", "poisson": "elementwise",
    "cosine_similarity": "elementwise", "categorical_focal_crossentropy": "elementwise",
    "dice": "elementwise", "tversky": "elementwise",
    "binary_crossentropy": "same", "binary_focal_crossentropy": "same", "categorical_crossentropy": "same",
    "sparse_categorical_crossentropy": "sparse",
    "categorical_generalized_cross_entropy": "sparse_onehot",
    # ctc and circle: their own rules (label sequences, metric learning), not judged here
}

# How a loss is usually written in messages.
SHORT = {
    "mean_squared_error": "mse", "mean_absolute_error": "mae", "mean_absolute_percentage_error": "mape",
    "mean_squared_logarithmic_error": "msle", "kl_divergence": "kld",
}

# The Keras 2 strings Keras 3 does not know, and the Keras 3 spelling of the same loss.
KERAS2_STRINGS = {
    "logcosh": "log_cosh", "kullback_leibler_divergence": "kl_divergence", "huber_loss": "huber",
    "cosine_proximity": "cosine_similarity", "cosine": "cosine_similarity",
}

CATEGORICAL = ("categorical_crossentropy", "categorical_focal_crossentropy")
SPARSE = ("sparse_categorical_crossentropy",)
BINARY = ("binary_crossentropy", "binary_focal_crossentropy")
CROSSENTROPY = CATEGORICAL + SPARSE + BINARY


@lru_cache(maxsize=1)
def table() -> dict:
    try:
        return json.loads(TABLE_FILE.read_text())
    except (OSError, ValueError):
        return {"spellings": {}, "cases": []}


def spelling(kind: str, name: str) -> Optional[dict]:
    """What Keras 3 makes of a loss written as ``kind`` ("str", "fn", "cls") ``name``: the
    table's entry (``{"canonical": ...}`` or ``{"error": ..., "when": ...}``), or None."""
    return table()["spellings"].get(f"{kind}:{name}")


@dataclass(frozen=True)
class LossSpec:
    """One loss as compile got it."""

    name: str  # the Keras function it runs ("mean_squared_error"); "" when Keras 3 rejects it
    written: str  # as the user wrote it, for messages ("mse", "SparseCategoricalCrossentropy(...)")
    from_logits: object = False  # True / False / None (not known)
    error: str = ""  # what Keras 3 raises for it (a string it does not know)
    when: str = ""  # where Keras raises that: "compile" or "fit"
    suggestion: str = ""  # the Keras 3 spelling of a Keras 2 string
    loc: object = field(default=None, compare=False)  # (Loc, source text) of where it is written, or None

    @property
    def family(self) -> Optional[str]:
        return FAMILY.get(self.name)

    @property
    def short(self) -> str:
        return SHORT.get(self.name, self.name)


@dataclass(frozen=True)
class LossList:
    """``loss=[...]``: one entry (LossSpec or None) per output, in order."""

    items: tuple


@dataclass(frozen=True)
class LossDict:
    """``loss={name: ...}``: entries by output name."""

    items: tuple  # ((name, LossSpec | None), ...)


def from_string(s: str, loc=None) -> Optional[LossSpec]:
    entry = spelling("str", s)
    if entry is None:
        return None  # not recorded: not judged
    if "canonical" in entry:
        return LossSpec(entry["canonical"], s, loc=loc)
    if entry.get("when") in ("fit", "compile"):
        return LossSpec("", s, error=entry["error"], when=entry["when"], suggestion=KERAS2_STRINGS.get(s, ""), loc=loc)
    return None  # "crossentropy"/"ce": chosen by the shapes (compile_utils.get_loss): not judged


def from_function(fn_name: str, loc=None) -> Optional[LossSpec]:
    entry = spelling("fn", fn_name)
    if entry is None or "canonical" not in entry:
        return None
    return LossSpec(entry["canonical"], fn_name, loc=loc)


def from_class(cls_name: str, kwargs: dict, written: str, loc=None) -> Optional[LossSpec]:
    entry = spelling("cls", cls_name)
    if entry is None or "canonical" not in entry:
        return None
    logits = kwargs.get("from_logits", False)
    if not isinstance(logits, bool):
        logits = None
    if cls_name == "SparseCategoricalCrossentropy" and kwargs.get("ignore_class") not in (None,):
        return None  # a masked class: the targets' values decide
    if "axis" in kwargs and kwargs["axis"] != -1:
        return None  # another class axis: not judged
    return LossSpec(entry["canonical"], written, from_logits=logits, loc=loc)


# -- the shape rules ------------------------------------------------------------------------------

B = "\0B"  # the batch axis (its size is the batch's number of samples)


@dataclass(frozen=True)
class Verdict:
    """``kind``: "fine" (Keras pairs each target with its output), "error" (Keras raises),
    "broadcast" (Keras runs and silently pairs targets with outputs they do not belong to),
    "depends" (raises unless each batch holds a number of samples the engine cannot know, and
    broadcasts when it does), or "unknown"."""

    kind: str
    y_seen: tuple = ()  # the targets' shape as the loss function gets them (B = batch)
    out_seen: tuple = ()
    combined: tuple = ()  # the shape the loss combines them to (elementwise losses)
    keras: str = ""  # what Keras says when it raises
    batch: object = None  # the batch size that raises (an int), when it depends on it


UNKNOWN_VERDICT = Verdict("unknown")


def _known(d) -> bool:
    return isinstance(d, int) and not isinstance(d, bool)


def squeeze_or_expand(y: tuple, p: tuple):
    """``losses.loss.squeeze_or_expand_to_same_rank(y_true, y_pred)``; None when it depends on
    a size that is not known."""
    ry, rp = len(y), len(p)
    if ry == rp:
        return y, p
    if ry == rp + 1:
        last = y[-1]
        if last is None or (isinstance(last, str) and last != B):
            return None
        if last == 1:
            if rp == 1:
                p = p + (1,)
            else:
                y = y[:-1]
    if rp == ry + 1:
        last = p[-1]
        if last is None or (isinstance(last, str) and last != B):
            return None
        if last == 1:
            if ry == 1:
                y = y + (1,)
            else:
                p = p[:-1]
    return y, p


def _pair(a, b, batch):
    """Can sizes a and b broadcast? True / False / None (unknown); ``batch`` is the batch size
    (an int) or None."""
    if a == B:
        a = batch if batch is not None else B
    if b == B:
        b = batch if batch is not None else B
    if a == b and (a is not None):
        return True
    if a == 1 or b == 1:
        return True
    if _known(a) and _known(b):
        return a == b
    return None


def broadcast(y: tuple, p: tuple, batch):
    """NumPy broadcasting of the two shapes: (ok, combined shape) or None when unknown."""
    n = max(len(y), len(p))
    yy = (1,) * (n - len(y)) + tuple(y)
    pp = (1,) * (n - len(p)) + tuple(p)
    out = []
    for a, b in zip(yy, pp):
        ok = _pair(a, b, batch)
        if ok is None:
            return None
        if not ok:
            return False, ()
        out.append(b if a == 1 else a)
    return True, tuple(out)


def _norm(shape) -> tuple:
    """Sizes as judge reads them: ints, symbols (a str: an int whose number is not known) and
    None (unknown); the catalog's "?" is unknown."""
    return tuple(d if (isinstance(d, int) and not isinstance(d, bool)) or (isinstance(d, str) and d != "?") else None
                 for d in shape)


def _certainly_differ(a, b, batch) -> Optional[bool]:
    """Are two sizes certainly different (True), certainly equal (False), or not known (None)?"""
    if a == B:
        a = batch if batch is not None else B
    if b == B:
        b = batch if batch is not None else B
    if a is None or b is None:
        return None
    if a == b:
        return False
    if _known(a) and _known(b):
        return True
    return None


def _kind_of(ys, ps, batch) -> Optional[str]:
    """Shapes that broadcast: "fine" when they are certainly the same, "broadcast" when they
    certainly differ (another rank, or a size), None when that is not known."""
    if len(ys) != len(ps):
        return "broadcast"
    diffs = [_certainly_differ(a, b, batch) for a, b in zip(ys, ps)]
    if any(d is True for d in diffs):
        return "broadcast"
    if all(d is False for d in diffs):
        return "fine"
    return None


def _with_batch(shape: tuple) -> tuple:
    return (B,) + tuple(shape[1:])


def _eq(a, b) -> Optional[bool]:
    """Keras' static same-size check: None sizes are skipped; symbols compare by name."""
    if a is None or b is None:
        return None
    if a == b:
        return True
    if _known(a) and _known(b):
        return False
    return None


def judge(name: str, y_shape: tuple, out_shape: tuple, batches=None) -> Verdict:
    """What Keras does with targets of ``y_shape`` (sample axis first) against an output of
    ``out_shape`` (batch axis first) under the loss function ``name``.  ``batches``: the sizes
    the batches of ``fit`` take (e.g. ``{32, 4}`` for 68 samples in batches of 32), or None
    when not known."""
    family = FAMILY.get(name)
    if family is None or y_shape is None or out_shape is None or len(out_shape) < 1 or len(y_shape) < 1:
        return UNKNOWN_VERDICT
    y, p = _with_batch(_norm(y_shape)), _with_batch(_norm(out_shape))
    se = squeeze_or_expand(y, p)
    if se is None:
        return UNKNOWN_VERDICT
    ys, ps = se
    if family == "same":
        if len(ys) != len(ps):
            return Verdict("error", ys, ps, keras="Arguments `target` and `output` must have the same rank (ndim)")
        checks = [_eq(a, b) for a, b in zip(ys, ps)]
        if any(c is False for c in checks):
            return Verdict("error", ys, ps, keras="Arguments `target` and `output` must have the same shape")
        if any(c is None for c in checks):
            return UNKNOWN_VERDICT
        return Verdict("fine", ys, ps, combined=ps)
    if family == "sparse":
        yt = ys
        if len(yt) == len(ps) and yt[-1] == 1:
            yt = yt[:-1]
        elif len(yt) == len(ps) and not _known(yt[-1]):
            return UNKNOWN_VERDICT
        if len(yt) != len(ps) - 1:
            return Verdict("error", ys, ps, keras="Argument `output` must have rank (ndim) `target.ndim - 1`")
        checks = [_eq(a, b) for a, b in zip(yt, ps[:-1])]
        if any(c is False for c in checks):
            return Verdict("error", ys, ps, keras="Arguments `target` and `output` must have the same shape up "
                                                  "until the last dimension")
        if any(c is None for c in checks):
            return UNKNOWN_VERDICT
        return Verdict("fine", yt, ps, combined=ps)
    if family == "sparse_onehot":
        if not _known(ps[-1]):
            return UNKNOWN_VERDICT
        ys = ys + (ps[-1],)
    # elementwise: broadcasting, per batch size
    sizes = sorted(batches, reverse=True) if batches else [None]  # the first batch first
    results = []
    for b in sizes:
        r = broadcast(ys, ps, b)
        if r is None:
            if b is None:
                return _depends(ys, ps)
            return UNKNOWN_VERDICT
        results.append((b, r))
    for b, (ok, _comb) in results:
        if not ok:
            return Verdict("error", ys, ps, keras="Dimensions must be equal (the loss cannot broadcast them)", batch=b)
    comb = results[0][1][1]
    kinds = {_kind_of(ys, ps, b) for b, _r in results}
    if len(kinds) != 1 or None in kinds:
        return UNKNOWN_VERDICT
    kind = kinds.pop()
    return Verdict(kind, ys[:-1] if family == "sparse_onehot" else ys, ps, combined=comb)


def _depends(ys, ps) -> Verdict:
    """The batch size is not known and decides whether the shapes broadcast: a "depends" verdict
    when every other pair of sizes is decided (and the shapes differ: it is never fine)."""
    n = max(len(ys), len(ps))
    yy = (1,) * (n - len(ys)) + tuple(ys)
    pp = (1,) * (n - len(ps)) + tuple(ps)
    for a, b in zip(yy, pp):
        if a == B and b == B:
            continue
        if a == B or b == B:
            other = b if a == B else a
            if other == 1 or _known(other):
                continue
            return UNKNOWN_VERDICT
        ok = _pair(a, b, None)
        if ok is None:
            return UNKNOWN_VERDICT
        if not ok:
            return Verdict("error", ys, ps, keras="Dimensions must be equal (the loss cannot broadcast them)")
    return Verdict("depends", ys, ps)


def batch_sizes(n, batch_size) -> Optional[set]:
    """The sizes of the batches ``fit`` cuts ``n`` samples into (``batch_size`` each, the last
    one smaller), or None when not known."""
    if not _known(n) or not _known(batch_size) or n <= 0 or batch_size <= 0:
        return None
    first = min(n, batch_size)
    out = {first}
    if n > batch_size and n % batch_size:
        out.add(n % batch_size)
    return out


# -- the engine's values --------------------------------------------------------------------------

def spec_of(loss, loc=None, code=None, items=None):
    """A loss value of the engine (what ``compile(loss=...)`` got) as a LossSpec, LossList,
    LossDict, or None when it is not known.  ``items``: for a list or dict literal, the (Loc,
    source text) of each element (a list, or a dict by key)."""
    from ..values import DictV, ListV, ModuleV

    where = (loc, code) if loc is not None and code else None
    if isinstance(loss, LossSpec):
        return loss
    if isinstance(loss, str):
        return from_string(loss, where)
    if isinstance(loss, ModuleV) and loss.path.startswith("keras.losses.") and loss.path.count(".") == 2:
        return from_function(loss.path.rsplit(".", 1)[-1], where)
    def at(key):
        try:
            w = items[key] if items is not None else None
        except (KeyError, IndexError, TypeError):
            w = None
        return w if w is not None else (None, None)

    if isinstance(loss, (ListV, tuple)):
        elems = loss.items if isinstance(loss, ListV) else loss
        return LossList(tuple(None if x is None else (spec_of(x, *at(k)) or UNJUDGED) for k, x in enumerate(elems)))
    if isinstance(loss, DictV):
        out = []
        for k, v in loss.items:
            if not isinstance(k, str):
                return None
            out.append((k, None if v is None else (spec_of(v, *at(k)) or UNJUDGED)))
        return LossDict(tuple(out))
    return None


# A loss the engine does not judge (a user function, ...), in a list or dict of losses.
UNJUDGED = LossSpec("", "")
