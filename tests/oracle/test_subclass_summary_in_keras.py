"""``shapelens summary`` for subclassed models against what Keras computes per sublayer call.

Keras' own ``summary()`` of a subclassed model shows "?" for a sublayer whose shapes no symbolic
call recorded (a model called on arrays, fit on data, or only built) and one shape for a sublayer
called several times (Keras 2 printed "multiple").  shapelens' table shows, for every row, the
output shape of each distinct call of that sublayer inside the model's ``call()``; here each row of
the CLI's table is compared with the calls Keras itself made inside ``call()`` (the worker's
``inner_calls``), and the params of each row and the total with Keras' counts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROGRAMS = {
    # one sublayer applied to two inputs of different lengths: Keras shows one shape and a "?"
    "siamese": """
        import keras
        from keras import layers

        class PairScorer(keras.Model):
            def __init__(self):
                super().__init__()
                self.tower = layers.Dense(12, activation="relu")
                self.pool = layers.GlobalMaxPooling1D()
                self.head = layers.Dense(1, activation="sigmoid")

            def call(self, pair):
                a, b = pair
                a = self.pool(self.tower(a))
                b = self.pool(self.tower(b))
                return self.head(keras.ops.concatenate([a, b], axis=-1))

        model = PairScorer()
        score = model([keras.Input(shape=(6, 4)), keras.Input(shape=(9, 4))])
    """,
    # called on arrays: no symbolic node, Keras shows "?" everywhere
    "eager_states": """
        import numpy as np
        import keras
        from keras import layers

        class StateEncoder(keras.Model):
            def __init__(self):
                super().__init__()
                self.embed = layers.Embedding(300, 16)
                self.rnn = layers.GRU(20, return_state=True)
                self.proj = layers.Dense(8)

            def call(self, ids):
                seq, state = self.rnn(self.embed(ids))
                return self.proj(state)

        model = StateEncoder()
        codes = model(np.zeros((5, 7), dtype="int32"))
    """,
    # shapes from the training data (fit runs the model on two samples in the worker)
    "fit_loop": """
        import numpy as np
        import keras
        from keras import layers

        class Tower(keras.Model):
            def __init__(self, widths=(16, 8)):
                super().__init__()
                self.hidden = [layers.Dense(w, activation="relu") for w in widths]
                self.norm = layers.BatchNormalization()
                self.out = layers.Dense(3, activation="softmax")

            def call(self, x, training=False):
                for layer in self.hidden:
                    x = layer(x)
                x = self.norm(x, training=training)
                return self.out(x)

        model = Tower()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(np.zeros((32, 10)), np.zeros((32,)), epochs=1)
    """,
}


def _summary_rows(text: str) -> dict:
    """name -> (class, [shape text per call], params) from the CLI's table."""
    lines = text.splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.startswith("Layer (type)"))
    col = lines[head].index("Output Shape")
    rows = {}
    for ln in lines[head + 2:]:
        if ln.startswith("─"):
            break
        left, rest = ln[:col].strip(), ln[col:].rstrip()
        name, cls = left.split(" (", 1)
        shapes, params = rest.rsplit(None, 1)
        rows[name] = (cls.rstrip(")"), [s.strip() for s in shapes.strip().split(" / ")], params)
    total = next(ln for ln in lines if ln.startswith(" Total params:")).split(":", 1)[1].strip()
    return {"rows": rows, "total": total}


def _fmt(shape) -> str:
    """A shape in the worker's JSON form, as the summary prints it."""
    from shapelens.results import format_shape

    if isinstance(shape, list) and shape and all(isinstance(s, list) for s in shape):
        return format_shape([tuple(s) for s in shape])
    return format_shape(tuple(shape))


def _unbatched(shape):
    if isinstance(shape, list) and shape and all(isinstance(s, list) for s in shape):
        return [_unbatched(s) for s in shape]
    return [None] + shape[1:]


@pytest.fixture(scope="module")
def keras_runs(keras_oracle):
    sources = {k: textwrap.dedent(v) for k, v in PROGRAMS.items()}
    runs = keras_oracle.run([{"id": k, "source": s, "mode": "script"} for k, s in sources.items()])
    return dict(zip(sources, runs)), sources


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_summary_shows_the_shapes_keras_computes_per_call(keras_runs, name, tmp_path):
    runs, sources = keras_runs
    keras = runs[name]
    assert keras["ok"], keras["error"]
    path = tmp_path / f"{name}.py"
    path.write_text(sources[name])
    env = dict(os.environ, PYTHONPATH=str(ROOT / "server"))
    out = subprocess.run([sys.executable, "-m", "shapelens", "summary", str(path)], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    table = _summary_rows(out.stdout)
    (model,) = [m for m in keras["models"] if m["var"] == "model"]
    assert model["kind"] == "subclassed"
    unshown = 0
    for row in model["layers"]:
        calls = []
        for c in keras["inner_calls"]:
            if c["name"] == row["name"] and c["within"] == model["name"]:
                shape = c["output_shape"] if c["phase"] == "build" else _unbatched(c["output_shape"])
                if _fmt(shape) not in calls:
                    calls.append(_fmt(shape))
        assert calls, f"Keras made no call of {row['name']} inside call()"
        cls, shown, params = table["rows"][row["name"]]
        assert cls == row["layer"]
        assert shown == calls, f"{row['name']}: shapelens shows {shown}, Keras' calls gave {calls}"
        assert params.replace(",", "") == str(row["params"])
        if row["output_shape"] is None or len(calls) > 1:
            unshown += 1  # Keras' summary prints "?" or only one of the shapes here
    assert unshown, "every row is one Keras' own summary shows: this program tests nothing new"
    assert table["total"].replace(",", "") == str(model["params"])
    assert "Shapes from" in out.stdout
