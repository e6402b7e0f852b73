"""Record how Keras 3 pairs the targets given to ``fit`` with a model's output for every built-in
loss (a development script: it imports Keras; the product only reads the JSON file it writes).

    .venv/bin/python scripts/record_loss_table.py           # everything (~25 min on one core)
    .venv/bin/python scripts/record_loss_table.py --quick   # a few cases per loss (a smoke run)
    .venv/bin/python scripts/record_loss_table.py --only dice tversky   # re-record these losses (merged)

It writes ``server/shapelens/engine/keras/loss_table.json``:

* ``spellings``: every way a loss is written that we know of -- the strings ``compile`` takes
  (``"mse"``, ``"kld"``, ``"Huber"``, ...), the Keras 2 strings Keras 3 no longer knows
  (``"logcosh"``, ...), the functions ``keras.losses.<fn>`` and the classes
  ``keras.losses.<Class>()`` -- mapped to the loss function Keras 3 runs (its ``__name__``), or,
  for a string Keras 3 rejects, the error it raises and whether ``compile`` or ``fit`` raises it;
* ``cases``: ``[loss, output, targets, batch, result]`` rows, one per real ``model.fit`` run:
  a model whose output has the shape ``output`` (``null`` = the batch axis) is compiled with
  the loss and fitted for one epoch on zeros of shape ``targets`` (the first axis is the number
  of samples, ``batch`` per batch).  ``result`` is ``["raise", "ValueError: ..."]`` or
  ``["ok", y_seen, out_seen]``: the shapes the loss function received after Keras' own
  squeeze/expand of a trailing axis of 1 (``losses.loss.squeeze_or_expand_to_same_rank``);
  when they differ, the loss combined broadcast copies of the targets (or of the output).

``tests/engine/test_losses.py`` checks ``engine/keras/losses.py`` against every row.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["CUDA_VISIBLE_DEVICES"] = ""
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402
from keras.src.losses import losses as losses_src  # noqa: E402
from keras.src.losses.loss import squeeze_or_expand_to_same_rank  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "server" / "shapelens" / "engine" / "keras" / "loss_table.json"

# Strings people write that Keras 2 (or tf.keras) knew and Keras 3 may not.
KERAS2_STRINGS = [
    "logcosh", "kullback_leibler_divergence", "cosine_proximity", "huber_loss", "KLDivergence",
    "crossentropy", "ce", "sparse_categorical_crossentropy_with_logits", "mean_squared_error",
    "categorical_hinge", "squared_hinge", "hinge", "poisson", "log_cosh", "huber", "cosine",
    "cosine_similarity", "binary_focal_crossentropy", "categorical_focal_crossentropy", "kl_divergence",
    "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "Huber", "LogCosh",
    "categorical_generalized_cross_entropy", "CategoricalGeneralizedCrossEntropy", "ctc", "CTC",
    "dice", "Dice", "tversky", "Tversky", "circle", "Circle", "sparse_categorical_crossentropy",
    "binary_crossentropy", "categorical_crossentropy", "SparseCategoricalCrossentropy",
]

# The output shapes (without the batch axis) of the models the table is recorded on.
OUTPUTS = [(1,), (3,), (4, 1), (4, 3), (2, 2, 3)]
BATCH = 7  # differs from every size in OUTPUTS, so a batch axis never lines up by chance


def target_shapes(out):
    """Target shapes (without the sample axis) tried against an output: every shape of up to
    one axis more than the output whose sizes are 1, one of the output's sizes, or 5."""
    sizes = sorted({1, 5} | set(out)) if len(out) < 3 else sorted({1} | set(out))
    shapes = [()]
    for rank in range(1, len(out) + 2):
        for dims in itertools.product(sizes, repeat=rank):
            if rank == len(out) + 1 and len(out) >= 2 and dims[-1] != 1:
                continue  # a rank above the output's: only with a trailing 1 (the rest are alike)
            shapes.append(dims)
    return shapes


SEEN: list = []


def _install_seen_hook():
    original = losses_src.LossFunctionWrapper.call

    def call(self, y_true, y_pred):
        yt, yp = squeeze_or_expand_to_same_rank(y_true, y_pred)
        SEEN.append(([None if d is None else int(d) for d in yt.shape], [None if d is None else int(d) for d in yp.shape]))
        return original(self, y_true, y_pred)

    losses_src.LossFunctionWrapper.call = call


def _err(exc) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:240] if text else ''}"


def spellings() -> dict:
    out = {}
    names = sorted(set(KERAS2_STRINGS) | {k for k in keras.src.losses.ALL_OBJECTS_DICT} - {"Loss", "LossFunctionWrapper"})
    model = keras.Sequential([keras.Input((2,)), layers.Dense(3)])
    for s in names:
        try:
            obj = keras.losses.get(s)
        except Exception as exc:  # noqa: BLE001
            # where does Keras raise: compile or fit?
            when = "fit"
            try:
                model.compile(optimizer="sgd", loss=s)
            except Exception:  # noqa: BLE001
                when = "compile"
            else:
                try:
                    model.fit(np.zeros((4, 2)), np.zeros((4, 3)), verbose=0)
                    when = "none"
                except Exception:  # noqa: BLE001
                    pass
            out["str:" + s] = {"error": _err(exc), "when": when}
            continue
        fn = getattr(obj, "fn", obj)
        if getattr(fn, "__name__", None) is None:
            continue  # the base classes ("Loss", "LossFunctionWrapper")
        out["str:" + s] = {"canonical": fn.__name__}
    for name in dir(keras.losses):
        obj = getattr(keras.losses, name)
        if name.startswith("_") or name in ("Loss", "get", "serialize", "deserialize"):
            continue
        if isinstance(obj, type):
            try:
                inst = obj()
                out["cls:" + name] = {"canonical": inst.fn.__name__}
            except Exception as exc:  # noqa: BLE001
                out["cls:" + name] = {"error": _err(exc)}
        elif callable(obj):
            required = [p for p in inspect.signature(obj).parameters.values()
                        if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
            if len(required) > 2:  # categorical_generalized_cross_entropy(y_true, y_pred, q)
                out["fn:" + name] = {"error": f"TypeError: {name}() missing 1 required positional argument: "
                                              f"'{required[2].name}'", "when": "fit"}
            else:
                out["fn:" + name] = {"canonical": obj.__name__}
    return out


def canonical_losses(sp) -> list:
    return sorted({v["canonical"] for v in sp.values() if "canonical" in v})


def loss_object(name, sp):
    """The loss as compile gets it: the function, or (when the function needs more than the
    targets and the output) an instance of its class with the class's defaults."""
    if ("fn:" + name) in sp and "canonical" in sp["fn:" + name]:
        return getattr(keras.losses, name)
    for key, v in sp.items():
        if key.startswith("cls:") and v.get("canonical") == name:
            return getattr(keras.losses, key[4:])()
    raise KeyError(name)


_models: dict = {}


def model_for(out):
    if out not in _models:
        n = int(np.prod(out))
        stack = [keras.Input((2,)), layers.Dense(n)]
        if len(out) > 1:
            stack.append(layers.Reshape(out))
        _models[out] = keras.Sequential(stack)
    return _models[out]


def run_case(loss, out, y, batch):
    model = model_for(out)
    SEEN.clear()
    try:
        model.compile(optimizer="sgd", loss=loss)
        model.fit(np.zeros((batch, 2), "float32"), np.zeros((batch,) + tuple(y), "float32"),
                  batch_size=batch, epochs=1, verbose=0, shuffle=False)
    except Exception as exc:  # noqa: BLE001
        return ["raise", _err(exc)]
    if not SEEN:
        return ["ok", None, None]
    ys, ps = SEEN[0]
    return ["ok", ys, ps]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--only", nargs="*", help="re-record these losses only (merged into the file)")
    args = ap.parse_args()
    _install_seen_hook()
    t0 = time.time()
    sp = spellings()
    losses = canonical_losses(sp)
    cases = []
    kept = []
    if args.only:
        old = json.loads(Path(args.out).read_text())
        kept = [c for c in old["cases"] if c[0] not in args.only]
    for loss in (args.only or losses):
        obj = loss_object(loss, sp)
        for out in OUTPUTS:
            shapes = target_shapes(out)
            if args.quick:
                shapes = shapes[:6]
            for y in shapes:
                res = run_case(obj, out, y, BATCH)
                cases.append([loss, [None, *out], [BATCH, *y], BATCH, res])
                # targets of another rank than the output's line the sample axis of one up with
                # another axis of the other: try batches of those sizes too (and of one sample)
                if len(y) != len(out):
                    for b in sorted({1} | {d for d in out + tuple(y) if d > 1} - {BATCH}):
                        r = run_case(obj, out, y, b)
                        cases.append([loss, [None, *out], [b, *y], b, r])
        print(f"{loss}: {len(cases)} cases, {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    cases = sorted(kept + cases, key=lambda c: (losses.index(c[0]) if c[0] in losses else 99,))
    data = {"keras": keras.__version__, "outputs": [[None, *o] for o in OUTPUTS], "spellings": sp,
            "losses": losses, "cases": cases}
    Path(args.out).write_text(json.dumps(data, indent=None, separators=(",", ":")).replace('],["', '],\n["') + "\n")
    print(f"wrote {args.out}: {len(cases)} cases in {time.time() - t0:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
