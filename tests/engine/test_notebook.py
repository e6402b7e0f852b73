"""Notebooks as one program: code cells in order, magics masked without shifting lines, facts
mapped back to (cell, line, column); the CLI's notebook output contract (JSON, text, SARIF)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shapelens.notebook import NotebookError, analyze_notebook, python_of, read_notebook, source_positions

IMPORTS = ["import keras\n", "from keras import layers\n"]


def notebook(*cells, nbformat=4) -> str:
    """An .ipynb text; each cell is ("code" | "markdown", source lines)."""
    if nbformat == 3:
        ws = [{"cells": [{"cell_type": k, ("input" if k == "code" else "source"): src} for k, src in cells]}]
        return json.dumps({"nbformat": 3, "worksheets": ws}, indent=1)
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": k, "metadata": {}, "source": src} for k, src in cells]}, indent=1)


# A stacked-LSTM bug split over two cells (the first LSTM returns only its last step).
SPLIT = notebook(
    ("markdown", ["# Forecasting\n"]),
    ("code", ["%matplotlib inline\n"] + IMPORTS),
    ("code", ["inputs = keras.Input(shape=(10, 3))\n", "x = layers.LSTM(16)(inputs)\n"]),
    ("markdown", ["The second layer:\n"]),
    ("code", ["!nvidia-smi\n", "y = layers.LSTM(8)(x)\n", "model = keras.Model(inputs, y)\n"]),
)


def test_names_flow_from_cell_to_cell_and_facts_come_back_to_cells():
    a, nb = analyze_notebook(SPLIT)
    [d] = a.diagnostics
    cell, span = nb.cell_span(d.span)
    assert (d.code, cell, span.line, span.col) == ("SL102", 4, 1, 4)
    assert "line 2 of cell 3" in d.message  # the LSTM two cells up, named as editors number cells (from 1)
    [fix] = [f for f in d.fixes if "return_sequences" in f.title]
    assert [nb.cell_span(e.span) for e in fix.edits][0][0] == 2  # the edit lies in the earlier cell
    shapes = {(nb.cell_span(f.span)[0], f.layer): f.output_shape for f in a.layers}
    assert shapes[(2, "InputLayer")] == (None, 10, 3) and shapes[(2, "LSTM")] == (None, 16)


def test_magics_are_masked_without_moving_a_line():
    src = "%load_ext autoreload\nfiles = !ls\nx = 1  # a comment?\nhelp?\n!pip install keras \\\n   numpy\ny = (1,\n%not_a_magic)\n"
    text, indent = python_of(src)
    assert text.count("\n") == src.count("\n") and indent == ""
    assert text.split("\n")[:6] == ["pass", "files = get_ipython()", "x = 1  # a comment?", "pass", "pass", "pass"]
    assert text.split("\n")[7] == "%not_a_magic)"  # inside brackets: not a statement start
    assert python_of("%%bash\necho hi\n")[0] == "pass\npass\n"
    assert python_of("%%time\nx = 1\n")[0] == "pass\nx = 1\n"


def test_an_indented_cell_keeps_its_columns():
    nb_text = notebook(("code", IMPORTS), ("code", ["    x = keras.Input(shape=10)\n"]))
    a, nb = analyze_notebook(nb_text)
    [d] = a.diagnostics
    assert d.code == "SL115" and nb.cell_span(d.span)[1].col == 8  # IPython strips the indent; we give it back


def test_nbformat_3_and_malformed_notebooks():
    old = notebook(("code", IMPORTS + ["x = keras.Input(shape=(4,))\n"]), ("markdown", ["hi"]), nbformat=3)
    a, nb = analyze_notebook(old)
    assert [f.output_shape for f in a.layers] == [(None, 4)]
    for bad in ("{", "[1, 2]", '{"cells": 3}', '{"cells": [1]}'):
        with pytest.raises(NotebookError):
            read_notebook(bad)


def test_source_positions_point_into_the_file():
    text = SPLIT
    pos = source_positions(text)
    lines = text.split("\n")
    line, col = pos[(4, 1)]
    assert lines[line - 1][col - 1:].startswith("y = layers.LSTM(8)(x)")


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "shapelens", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_cli_notebook_contract(tmp_path: Path):
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "split.ipynb").write_text(SPLIT)
    (tmp_path / "nb" / "broken.ipynb").write_text("{not json")
    r = _cli("check", "--format", "json", "nb", cwd=tmp_path)
    files = {Path(f["path"]).name: f for f in json.loads(r.stdout)["files"]}
    assert set(files) == {"split.ipynb", "broken.ipynb"}  # a folder check reads notebooks
    [d] = files["split.ipynb"]["diagnostics"]
    assert (d["cell"], d["line"], d["column"], d["code"]) == (4, 2, 5, "SL102")
    edit = d["fixes"][0]["edits"][0]
    assert (edit["cell"], edit["line"]) == (2, 2)
    assert all("cell" in f for f in files["split.ipynb"]["layers"])
    assert all("cell" in m for m in files["split.ipynb"]["models"])
    assert files["broken.ipynb"]["diagnostics"][0]["code"] == "SL000"  # one clear error, the run goes on
    text = _cli("check", "nb/split.ipynb", cwd=tmp_path).stdout
    assert "split.ipynb:cell 5:2:5: SL102" in text  # cells counted from 1 in text, like ruff
    sarif = json.loads(_cli("check", "--format", "sarif", "nb/split.ipynb", cwd=tmp_path).stdout)
    [res] = sarif["runs"][0]["results"]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert SPLIT.split("\n")[region["startLine"] - 1].strip().startswith('"y = layers.LSTM(8)(x)')
    assert res["properties"] == {"cell": 4, "cellLine": 2, "cellColumn": 5}
    summary = _cli("summary", "nb/split.ipynb", cwd=tmp_path).stdout
    assert "cell 5, line 3" in summary
