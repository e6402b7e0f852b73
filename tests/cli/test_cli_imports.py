"""``shapelens check`` and ``summary`` on a project whose files import each other: each file's
shapes and errors computed through the files it imports, each error reported in the file it is
in (once), the same output whatever the number of workers, cycles and missing modules silent."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BLOCKS = textwrap.dedent("""\
    import keras
    from keras import layers

    def build_model(timesteps, features):
        inputs = keras.Input(shape=(timesteps, features))
        x = layers.LSTM(16)(inputs)
        x = layers.Dense(8)(x)
        return keras.Model(inputs, layers.Dense(1)(x))

    def encoder(x):
        return layers.LSTM(8)(x)

    wrong = layers.LSTM(4)(keras.Input((5,)))
    """)

TRAIN = textwrap.dedent("""\
    import numpy as np
    import keras
    from blocks import build_model, encoder
    from utils.data import WINDOW

    model = build_model(WINDOW, 3)
    model.compile(loss="mse")
    model.fit(np.zeros((32, WINDOW, 5)), np.zeros((32, 1)))
    h = encoder(keras.Input((WINDOW, 3)))
    """)


def cli(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shapelens", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "blocks.py").write_text(BLOCKS)
    (tmp_path / "utils").mkdir()
    (tmp_path / "utils" / "__init__.py").write_text("")
    (tmp_path / "utils" / "data.py").write_text("WINDOW = 12\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "train.py").write_text(TRAIN)
    (tmp_path / "scripts" / "a.py").write_text("from scripts.b import B\nA = 1\n")  # a cycle
    (tmp_path / "scripts" / "b.py").write_text("from scripts.a import A\nB = A\n")
    (tmp_path / "scripts" / "lost.py").write_text("import keras\nfrom nowhere import N\nx = keras.Input(shape=N)\n")
    return tmp_path


def test_check_follows_imports_and_reports_each_error_in_its_file(project: Path):
    r = cli("check", ".", "--format", "json", "--jobs", "1", cwd=project)
    files = {Path(f["path"]).as_posix(): f for f in json.loads(r.stdout)["files"]}
    train = files["scripts/train.py"]
    assert [(d["line"], d["code"]) for d in train["diagnostics"]] == [(8, "SL201")]
    assert "(None, 12, 3)" in train["diagnostics"][0]["message"]
    (m,) = train["models"]
    assert m["name"] == "model" and m["line"] == 6 and m["inputs"] == [[None, 12, 3]] and m["outputs"] == [[None, 1]]
    assert m["params"] == 4 * (3 * 16 + 16 * 16 + 16) + (16 * 8 + 8) + 9
    # blocks.py's own error is reported in blocks.py, and only there
    assert [(d["line"], d["code"]) for d in files["blocks.py"]["diagnostics"]] == [(13, "SL101")]
    for name in ("scripts/a.py", "scripts/b.py", "scripts/lost.py", "utils/data.py"):
        assert files[name]["diagnostics"] == [], name
    assert r.returncode == 1


def test_the_output_does_not_depend_on_the_workers(project: Path):
    one = cli("check", ".", "--format", "json", "--jobs", "1", cwd=project)
    many = cli("check", ".", "--format", "json", "--jobs", "3", cwd=project)
    assert one.stdout == many.stdout


def test_summary_of_a_model_built_in_another_file(project: Path):
    r = cli("summary", "scripts/train.py", cwd=project)
    out = r.stdout
    assert 'Model: "model" (functional, line 6)' in out
    assert "(LSTM)" in out and "(None, 16)" in out and "(None, 8)" in out and "1,425" in out
    assert "Input: (None, 12, 3)" in out
    assert "scripts/train.py:8:" in out and "SL201" in out


def test_a_file_given_alone_finds_its_imports(project: Path):
    r = cli("check", "scripts/train.py", "--format", "concise", cwd=project)
    assert r.stdout.count("SL201") == 1 and "blocks.py" not in r.stdout
