"""``shapelens summary`` of transfer-learning programs built on keras.applications, against the
table Keras' own ``model.summary()`` prints for the same program.

Each program is written as a user would write it (pretrained ``weights="imagenet"``, the backbone
frozen, a new classifier on top).  Keras runs it with ``weights=None`` (the only change: no
download; the weights do not change shapes or counts) in the oracle worker, which stubs the
training calls, and writes ``model.summary()``'s table to a file; the CLI's table for ``model``
must have the same rows (name, class, output shape, weights) and the same total.  (Keras' table
also lists the operations applied to symbolic tensors, ``x * 255.0`` or the arithmetic of a
preprocess_input in the graph; shapelens lists the layers, as ``model.layers`` does: those rows
are left out of the comparison, in the one program that has them.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROGRAMS = {
    # a frozen EfficientNetB0 (its preprocess_input passes the images through: the model
    # rescales them itself), augmentation in front, then fine-tuning the whole network
    "efficientnet_flowers": """
        import numpy as np
        import keras
        from keras import layers

        IMAGE = (224, 224, 3)
        N_CLASSES = 5

        augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1),
                                    layers.RandomZoom(0.1)], name="augment")
        backbone = keras.applications.EfficientNetB0(include_top=False, weights="imagenet", input_shape=IMAGE)
        backbone.trainable = False

        inputs = keras.Input(shape=IMAGE)
        x = augment(inputs)
        x = keras.applications.efficientnet.preprocess_input(x)
        x = backbone(x, training=False)
        x = layers.GlobalAveragePooling2D(name="pool")(x)
        x = layers.BatchNormalization()(x)
        x = layers.Dropout(0.25)(x)
        outputs = layers.Dense(N_CLASSES, activation="softmax", name="species")(x)
        model = keras.Model(inputs, outputs, name="flowers")

        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        images = np.zeros((16, 224, 224, 3), dtype="float32")
        labels = np.zeros((16,), dtype="int64")
        model.fit(images, labels, epochs=1, batch_size=8)

        backbone.trainable = True
        model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy")
        model.fit(images, labels, epochs=1, batch_size=8)
    """,
    # a ResNet50 on smaller images, the images preprocessed as arrays before training, two
    # dense layers on the pooled features
    "resnet50_xrays": """
        import numpy as np
        import keras
        from keras import layers
        from keras.applications import ResNet50
        from keras.applications.resnet50 import preprocess_input

        base = ResNet50(include_top=False, weights="imagenet", input_shape=(160, 160, 3), pooling="avg")
        base.trainable = False

        scans = preprocess_input(np.zeros((12, 160, 160, 3), dtype="float32"))
        targets = np.zeros((12, 1), dtype="float32")

        inputs = keras.Input((160, 160, 3), name="scan")
        features = base(inputs, training=False)
        hidden = layers.Dense(256, activation="relu")(features)
        hidden = layers.Dropout(0.5)(hidden)
        outputs = layers.Dense(1, activation="sigmoid", name="finding")(hidden)
        model = keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(scans, targets, epochs=1)
    """,
    # MobileNetV2 at alpha 0.5 on 128x128 images, features kept spatial, a convolution on top
    "mobilenetv2_spatial": """
        import keras
        from keras import layers

        base = keras.applications.MobileNetV2(input_shape=(128, 128, 3), alpha=0.5, include_top=False,
                                              weights="imagenet")
        base.trainable = False
        inputs = keras.Input((128, 128, 3))
        x = keras.applications.mobilenet_v2.preprocess_input(inputs * 255.0)
        x = base(x, training=False)
        x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
        x = layers.GlobalMaxPooling2D()(x)
        model = keras.Model(inputs, layers.Dense(3)(x))
    """,
}

# the programs whose summary in Keras also has rows for operations (not layers)
WITH_OPERATIONS = {"mobilenetv2_spatial"}

# the Keras run: weights=None, then the table model.summary() prints, written to a file
_KERAS_TAIL = """
import os as _os
from keras.src.utils import summary_utils as _su
_lines, _cols = [], _os.environ.get("COLUMNS")
_os.environ["COLUMNS"] = "300"  # rich's console width: no row cut or wrapped
try:
    _su.print_summary(model, line_length=250, print_fn=lambda line, **k: _lines.append(line))
finally:
    _os.environ.pop("COLUMNS") if _cols is None else _os.environ.__setitem__("COLUMNS", _cols)
_ops = [op.name for op in model.operations if not isinstance(op, keras.layers.Layer)]
open({path!r}, "w").write("\\n".join(_lines) + "\\nOPERATIONS " + " ".join(_ops))
"""


def _keras_table(text: str) -> dict:
    """Keras' rich summary table: rows (name, class, shape, params) and the total."""
    rows = []
    for ln in text.splitlines():
        if not ln.startswith("│"):
            continue
        cells = [c.strip() for c in ln.strip("│").split("│")]
        name, cls = cells[0].rsplit(" (", 1)
        rows.append((name, cls.rstrip(")"), cells[1], cells[2]))
    total = next(ln for ln in text.splitlines() if ln.strip().startswith("Total params:"))
    ops = next(ln for ln in text.splitlines() if ln.startswith("OPERATIONS")).split()[1:]
    return {"rows": rows, "total": total.split(":", 1)[1].split("(")[0].strip(), "operations": ops}


def _shapelens_table(text: str, var: str) -> dict:
    """The CLI's table of the model bound to ``var``."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f'Model: "{var}"'))
    head = next(i for i in range(start, len(lines)) if lines[i].startswith("Layer (type)"))
    col = lines[head].index("Output Shape")
    rows = []
    for ln in lines[head + 2:]:
        if ln.startswith("─"):
            break
        left, rest = ln[:col].strip(), ln[col:].rstrip()
        name, cls = left.rsplit(" (", 1)
        shape, params = rest.rsplit(None, 1)
        rows.append((name, cls.rstrip(")"), shape.strip(), params))
    total = next(ln for ln in lines[head:] if ln.startswith(" Total params:"))
    return {"rows": rows, "total": total.split(":", 1)[1].strip()}


@pytest.fixture(scope="module")
def keras_tables(keras_oracle, tmp_path_factory):
    out = tmp_path_factory.mktemp("keras_summaries")
    cases, paths = [], {}
    for name, src in PROGRAMS.items():
        src = textwrap.dedent(src)
        assert src.count('weights="imagenet"') == 1
        paths[name] = out / f"{name}.txt"
        keras_src = src.replace('weights="imagenet"', "weights=None") + _KERAS_TAIL.format(path=str(paths[name]))
        cases.append({"id": name, "source": keras_src, "mode": "script", "timeout": 120})
    runs = {r["id"]: r for r in keras_oracle.run(cases)}
    tables = {}
    for name in PROGRAMS:
        assert runs[name]["ok"], runs[name]["error"]
        tables[name] = _keras_table(paths[name].read_text())
    return tables


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_summary_is_keras_summary(keras_tables, name, tmp_path):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(PROGRAMS[name]))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "server"))
    out = subprocess.run([sys.executable, "-m", "shapelens", "summary", str(path)], check=False, capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    mine = _shapelens_table(out.stdout, "model")
    keras = keras_tables[name]
    assert any(cls == "Functional" for _n, cls, _s, _p in keras["rows"])  # the backbone: one row
    # Keras' summary lists the operations on symbolic tensors too (``inputs * 255.0``,
    # preprocess_input's arithmetic): shapelens' table, like ``model.layers``, has the layers only
    layers = [row for row in keras["rows"] if row[0] not in keras["operations"]]
    assert (len(layers) < len(keras["rows"])) == (name in WITH_OPERATIONS)
    assert mine["rows"] == layers, json.dumps({"shapelens": mine["rows"], "keras": keras["rows"]}, indent=1)
    assert mine["total"] == keras["total"]
    check = subprocess.run([sys.executable, "-m", "shapelens", "check", str(path)], check=False, capture_output=True,
                           text=True, env=env, timeout=120)
    assert "SL" not in check.stdout, check.stdout  # nothing reported on this correct program
