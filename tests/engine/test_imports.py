"""Imports of the user's other files: names from another file have the values its analysis gives
them, functions of another file are followed where they are called, what is placed in the other
file is never reported in this one, and cycles, missing or unreadable modules are Unknown and
silent (engine/modules.py, engine/python/imports.py, shapelens/workspace.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from shapelens.analysis import Analyzer, analyze, module_loader
from shapelens.engine.modules import Found
from shapelens.workspace import FileSource, normalize


def write(root: Path, files: dict) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def run(root: Path, name: str, loader=None, roots=()):
    loader = loader or module_loader(FileSource(roots))
    path = normalize(str(root / name))
    return Analyzer(path, loader).analyze((root / name).read_text(encoding="utf-8"))


def loud(a) -> list:
    return [(d.span.line + 1, d.code) for d in a.diagnostics if d.severity in ("error", "warning")]


def shapes(a) -> dict:
    return {s.text: s.shape for s in a.symbols}


BLOCKS = """
    import keras
    from keras import layers

    UNITS = 32

    def build_model(timesteps, features):
        inputs = keras.Input(shape=(timesteps, features))
        x = layers.LSTM(UNITS)(inputs)
        outputs = layers.Dense(1)(x)
        return keras.Model(inputs, outputs)

    HEAD = [layers.Dense(16, activation="relu"), layers.Dense(1)]

    def head(x):
        for layer in HEAD:
            x = layer(x)
        return x

    def encoder(x):
        return layers.LSTM(8)(x)
"""


def test_builder_function_from_another_file(tmp_path):
    write(tmp_path, {"blocks.py": BLOCKS, "train.py": """
        import numpy as np
        from blocks import build_model

        model = build_model(10, 3)
        model.compile(loss="mse")
        X = np.zeros((100, 10, 4))
        model.fit(X, np.zeros((100, 1)))
    """})
    a = run(tmp_path, "train.py")
    # the data error is train.py's, computed through blocks.py's builder
    assert loud(a) == [(7, "SL201")]
    assert "(None, 10, 3)" in a.diagnostics[0].message
    (m,) = a.models
    assert m.name == "model" and m.span.line == 3  # placed at the call in train.py
    assert m.inputs == ((None, 10, 3),) and m.outputs == ((None, 1),)
    assert [(r.layer, r.output_shape) for r in m.rows] == [("InputLayer", (None, 10, 3)), ("LSTM", (None, 32)),
                                                           ("Dense", (None, 1))]
    assert m.params == 4 * (3 * 32 + 32 * 32 + 32) + 33
    assert all(r.span is None for r in m.rows)  # (its layers are made in blocks.py)


def test_auto_names_count_the_imported_modules_layers(tmp_path):
    """Keras numbers layer names per process: blocks.py's two module-level Dense layers came first."""
    write(tmp_path, {"blocks.py": BLOCKS, "train.py": """
        from blocks import build_model
        model = build_model(10, 3)
    """})
    (m,) = run(tmp_path, "train.py").models
    assert [r.name for r in m.rows] == ["input_layer", "lstm", "dense_2"]


def test_a_module_imported_twice_names_its_layers_once(tmp_path):
    write(tmp_path, {"shared.py": "import keras\nS = keras.layers.Dense(2)\n",
                     "other.py": "import keras\nfrom shared import S\nO = keras.layers.Dense(3)\n",
                     "train.py": """
        import keras
        import shared
        import other
        m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5)])
    """})
    (m,) = run(tmp_path, "train.py").models
    assert [r.name for r in m.rows] == ["dense_2"]  # shared's dense, other's dense_1, then this one


def test_layers_and_functions_used_here_have_facts_here(tmp_path):
    write(tmp_path, {"blocks.py": BLOCKS, "train.py": """
        import keras
        from blocks import HEAD, head
        import blocks as B

        inp = keras.Input((8,))
        out = head(inp)
        h = HEAD[0](inp)
        width = B.UNITS
        x = keras.Input((width,))
    """})
    a = run(tmp_path, "train.py")
    assert loud(a) == []
    s = shapes(a)
    assert s["out"] == (None, 1) and s["h"] == (None, 16) and s["x"] == (None, 32)
    # the layer of blocks.py called here has its fact at this call (and only here)
    dense = [f for f in a.layers if f.layer == "Dense"]
    assert [(f.span.line, f.output_shape) for f in dense] == [(6, (None, 16))]
    assert all(f.span.line <= 8 for f in a.layers)


def test_errors_inside_the_other_file_are_not_reported_here(tmp_path):
    write(tmp_path, {"blocks.py": BLOCKS + """
    broken = layers.LSTM(4)(keras.Input((5,)))  # an error of blocks.py itself

    def bad(x):
        return layers.LSTM(4)(x)  # an error only for 2-D inputs
    """, "train.py": """
        import keras
        from blocks import bad, encoder
        x = keras.Input((5,))
        y = bad(x)
        h = encoder(keras.Input((7, 3)))
        z = keras.layers.LSTM(2)(h)
    """})
    lines = (tmp_path / "blocks.py").read_text().splitlines()
    line_of = {key: next(k + 1 for k, t in enumerate(lines) if key in t) for key in ("broken =", "(4)(x)", "LSTM(8)")}
    blocks = run(tmp_path, "blocks.py")
    assert [line for line, _code in loud(blocks)] == [line_of["broken ="]]  # blocks.py's own error, in blocks.py
    a = run(tmp_path, "train.py")
    # not bad()'s LSTM (its error is in blocks.py); the LSTM in train.py gets 2-D input from
    # blocks.py's encoder: reported here, naming the other file's line
    assert [line for line, _code in loud(a)] == [6]
    msg = a.diagnostics[0].message
    assert f"line {line_of['LSTM(8)']} of blocks.py" in msg and "@L" not in msg, msg


def test_module_attribute_and_import_as(tmp_path):
    write(tmp_path, {"config.py": """
        UNITS = 64
        SHAPE = (12, 3)
        class Hyper:
            HEADS = 4
    """, "train.py": """
        import keras
        import config as C
        from config import SHAPE, Hyper
        inp = keras.Input(SHAPE)
        x = keras.layers.Dense(C.UNITS)(inp)
        h = keras.Input((Hyper.HEADS,))
    """})
    s = shapes(run(tmp_path, "train.py"))
    assert s["inp"] == (None, 12, 3) and s["x"] == (None, 12, 64) and s["h"] == (None, 4)


def test_setting_a_module_attribute_is_seen_by_its_functions(tmp_path):
    write(tmp_path, {"config.py": """
        import keras
        UNITS = 64
        def layer():
            return keras.layers.Dense(UNITS)
    """, "train.py": """
        import keras
        import config
        config.UNITS = 8
        y = config.layer()(keras.Input((3,)))
        w = keras.Input((config.UNITS,))
    """})
    s = shapes(run(tmp_path, "train.py"))
    assert s["y"] == (None, 8) and s["w"] == (None, 8)


def test_a_list_shared_between_files(tmp_path):
    write(tmp_path, {"registry.py": """
        ITEMS = []
        def register(x):
            ITEMS.append(x)
        def count():
            return len(ITEMS)
    """, "train.py": """
        import keras
        from registry import ITEMS, register, count
        register(1)
        ITEMS.append(2)
        a = keras.Input((len(ITEMS),))
        b = keras.Input((count(),))
    """})
    s = shapes(run(tmp_path, "train.py"))
    assert s["a"] == (None, 2) and s["b"] == (None, 2)


def test_main_block_of_an_imported_module_does_not_run(tmp_path):
    write(tmp_path, {"lib.py": """
        N = 3
        if __name__ == "__main__":
            N = 5
    """, "train.py": """
        import keras
        from lib import N
        x = keras.Input((N,))
    """})
    assert shapes(run(tmp_path, "train.py"))["x"] == (None, 3)


def test_packages_relative_and_absolute(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[project]\nname = 'p'\n",
        "mypkg/__init__.py": "from .layers import WIDTH\n",
        "mypkg/layers.py": """
            import keras
            WIDTH = 6
            def block(x):
                return keras.layers.Dense(WIDTH)(x)
        """,
        "mypkg/nets/__init__.py": "",
        "mypkg/nets/model.py": """
            import keras
            from ..layers import block
            from .. import layers as L
            from . import helpers
            x = block(keras.Input((2,)))
            y = L.block(keras.Input((3,)))
            z = keras.Input((helpers.K,))
        """,
        "mypkg/nets/helpers.py": "K = 9\n",
        "scripts/train.py": """
            import keras
            import mypkg.layers as L
            import mypkg.nets.helpers
            from mypkg import WIDTH
            a = L.block(keras.Input((4,)))
            b = keras.Input((WIDTH, mypkg.nets.helpers.K))
        """,
    })
    s = shapes(run(tmp_path, "mypkg/nets/model.py"))
    assert s["x"] == (None, 6) and s["y"] == (None, 6) and s["z"] == (None, 9)
    s = shapes(run(tmp_path, "scripts/train.py"))  # found from the project's root
    assert s["a"] == (None, 6) and s["b"] == (None, 6, 9)


def test_re_exports_under_aliases_are_not_analysed_but_used_names_are(tmp_path):
    """A package's ``__init__.py`` that re-exports names (several aliases of one name, as
    generated API files do) uses none of them: nothing is analysed.  A name used in the file
    is followed, even when another import statement mentions it too."""
    write(tmp_path, {
        "pyproject.toml": "[project]\nname = 'p'\n",
        "pkg/__init__.py": """
            from pkg.blocks import build_model as build_model
            from pkg.blocks import build_model as make_model
            from pkg.other import (
                thing as thing,
            )
            # from pkg.blocks import build_model  (a comment mentions it: still unused)
        """,
        "pkg/blocks.py": BLOCKS,
        "pkg/other.py": "thing = 3\n",
        "use.py": """
            from pkg.blocks import build_model as make
            from pkg.blocks import build_model
            model = make(10, 3)
        """,
    })
    loader = module_loader(FileSource())
    run(tmp_path, "pkg/__init__.py", loader)
    assert loader.analysed == 0
    a = run(tmp_path, "use.py", loader)
    assert loader.analysed >= 1
    assert [m.outputs for m in a.models] == [((None, 1),)]


def test_src_layout_and_given_roots(tmp_path):
    write(tmp_path, {
        "setup.cfg": "",
        "src/shapes/dims.py": "D = 5\n",
        "train.py": "import keras\nfrom shapes.dims import D\nx = keras.Input((D,))\n",
    })
    assert shapes(run(tmp_path, "train.py"))["x"] == (None, 5)
    write(tmp_path / "other", {"lib/dims.py": "D = 7\n", "app/run.py": "import keras\nfrom lib.dims import D\nx = keras.Input((D,))\n"})
    # no project marker above app/: lib is found only from a given root (the CLI's folder, the editor's workspace)
    assert shapes(run(tmp_path / "other", "app/run.py"))["x"] is None
    got = shapes(run(tmp_path / "other", "app/run.py", roots=[str(tmp_path / "other")]))
    assert got["x"] == (None, 7)


def test_star_import(tmp_path):
    write(tmp_path, {"consts.py": "__all__ = ['A']\nA = 2\nB = 3\n", "more.py": "C = 4\n_D = 5\n", "train.py": """
        import keras
        B = 1
        from consts import *
        from more import *
        x = keras.Input((A, B, C))
    """})
    assert shapes(run(tmp_path, "train.py"))["x"] == (None, 2, 1, 4)


# ----------------------------------------------------------------------------- silence


def test_missing_modules_are_unknown_and_silent(tmp_path):
    write(tmp_path, {"train.py": """
        import keras
        from nothere import UNITS
        from .alsonot import WIDTH
        import missing_pkg.sub as M
        x = keras.layers.Dense(UNITS)(keras.Input((3,)))
        y = keras.Input(shape=WIDTH)
        z = keras.Input(shape=M.N)
    """})
    a = run(tmp_path, "train.py")
    assert loud(a) == []
    assert shapes(a) == {"x": (None, "?"), "y": None, "z": None}


def test_cycles_are_unknown_and_do_not_depend_on_order(tmp_path):
    write(tmp_path, {"a.py": """
        import keras
        from b import N
        M = 4
        x = keras.Input((N,))
    """, "b.py": """
        import keras
        from a import M
        N = 3
        y = keras.layers.Dense(2)(keras.Input(shape=(M,)))
    """})
    one = module_loader(FileSource())
    ra, rb = run(tmp_path, "a.py", one), run(tmp_path, "b.py", one)
    two = module_loader(FileSource())
    rb2, ra2 = run(tmp_path, "b.py", two), run(tmp_path, "a.py", two)
    assert loud(ra) == loud(rb) == [] and loud(ra2) == loud(rb2) == []
    assert shapes(ra) == shapes(ra2) and shapes(rb) == shapes(rb2)
    assert shapes(ra)["x"] == (None, 3)  # b.py's N does not rest on the cut import of a.py


def test_self_import_and_deep_chains_terminate(tmp_path):
    files = {"self_.py": "import keras\nfrom self_ import X\nX = 1\nx = keras.Input((X,))\n"}
    for k in range(20):
        files[f"m{k}.py"] = f"from m{k + 1} import V\n" if k < 19 else "V = 2\n"
    files["top.py"] = "import keras\nfrom m0 import V\nx = keras.Input((V,))\n"
    write(tmp_path, files)
    assert loud(run(tmp_path, "self_.py")) == []
    assert shapes(run(tmp_path, "self_.py"))["x"] == (None, 1)
    a = run(tmp_path, "top.py")  # deeper than the bound: Unknown, silent
    assert loud(a) == [] and shapes(a)["x"] is None
    assert shapes(run(tmp_path, "m15.py"))  == {}  # (nothing to show there)
    files["top4.py"] = "import keras\nfrom m16 import V\nx = keras.Input((V,))\n"  # 4 deep: followed
    write(tmp_path, {"top4.py": files["top4.py"]})
    assert shapes(run(tmp_path, "top4.py"))["x"] == (None, 2)


def test_syntax_error_or_too_big_module_is_unknown(tmp_path):
    write(tmp_path, {"broken.py": "UNITS = 4\ndef f(:\n", "train.py": """
        import keras
        from broken import UNITS
        from huge import SIZE
        x = keras.layers.Dense(2)(keras.Input(shape=UNITS))
        y = keras.Input(shape=SIZE)
    """})
    (tmp_path / "huge.py").write_text("SIZE = 3\n" + "# padding\n" * 200_000)
    a = run(tmp_path, "train.py")
    assert loud(a) == []
    # an int given as a shape is an error Keras raises: here it is not known to be one
    assert not any(d.code == "SL115" for d in a.diagnostics)


def test_without_a_loader_imports_stay_unknown(tmp_path):
    write(tmp_path, {"blocks.py": BLOCKS, "train.py": "from blocks import UNITS\nimport keras\nx = keras.Input((UNITS,))\n"})
    a = analyze((tmp_path / "train.py").read_text())
    assert shapes(a)["x"] is None


def test_library_names_are_not_looked_for_among_the_files(tmp_path):
    write(tmp_path, {"json.py": "X = 1\n", "keras.py": "X = 1\n", "train.py": """
        import keras
        import json
        x = keras.Input((4,))
        y = keras.layers.Dense(3)(x)
    """})
    a = run(tmp_path, "train.py")
    assert shapes(a)["y"] == (None, 3)


# ----------------------------------------------------------------------------- incremental


class DictSource:
    """A ModuleSource over texts in memory (as the language server's open documents are)."""

    def __init__(self, files: dict):
        self.files = files
        self.calls = 0

    def __call__(self, importer, dotted, level):
        self.calls += 1
        path = f"/ws/{dotted.replace('.', '/')}.py"
        return Found(path, self.files[path]) if path in self.files else None


def test_an_edit_of_the_imported_file_reaches_the_importer():
    files = {"/ws/blocks.py": "import keras\nW = 4\ndef f(x):\n    return keras.layers.Dense(W)(x)\n"}
    src = DictSource(files)
    loader = module_loader(src)
    an = Analyzer("/ws/train.py", loader)
    text = "import keras\nfrom blocks import f\nn = 1\ny = f(keras.Input((3,)))\nz = keras.Input((n,))\n"
    assert shapes(an.analyze(text))["y"] == (None, 4)
    assert an.imported == frozenset({"/ws/blocks.py"})
    runs = loader.analysed
    # nothing changed: blocks.py is not analysed again and train.py's statements are replayed
    executed = an._session.executed_total
    assert shapes(an.analyze(text))["y"] == (None, 4)
    assert loader.analysed == runs and an._session.executed_total == executed
    # blocks.py edited (in the editor): the import and what uses it run again, nothing else
    files["/ws/blocks.py"] = files["/ws/blocks.py"].replace("W = 4", "W = 6")
    a = an.analyze(text)
    assert shapes(a)["y"] == (None, 6) and shapes(a)["z"] == (None, 1)
    assert an._session.executed_total - executed == 2  # the import and y (not n, not z)
    # blocks.py deleted: Unknown, silent
    del files["/ws/blocks.py"]
    a = an.analyze(text)
    assert shapes(a).get("y") != (None, 6) and loud(a) == []


def test_an_edit_two_imports_away_reaches_the_importer():
    files = {"/ws/dims.py": "D = 2\n", "/ws/blocks.py": "import keras\nfrom dims import D\ndef f(x):\n    return keras.layers.Dense(D)(x)\n"}
    loader = module_loader(DictSource(files))
    an = Analyzer("/ws/train.py", loader)
    text = "import keras\nfrom blocks import f\ny = f(keras.Input((3,)))\n"
    assert shapes(an.analyze(text))["y"] == (None, 2)
    files["/ws/dims.py"] = "D = 5\n"
    assert shapes(an.analyze(text))["y"] == (None, 5)
    assert an.imported == frozenset({"/ws/blocks.py", "/ws/dims.py"})


def test_a_function_local_import_of_another_files_function(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/dims.py": "D = 3\n", "pkg/blocks.py": """
        import keras
        def f(x):
            from .dims import D
            return keras.layers.Dense(D)(x)
    """, "train.py": "import keras\nfrom pkg.blocks import f\ny = f(keras.Input((2,)))\n"})
    assert shapes(run(tmp_path, "train.py"))["y"] == (None, 3)


def test_a_notebook_imports_files_of_its_folder(tmp_path):
    from shapelens.notebook import NotebookAnalyzer, read_notebook
    import json

    write(tmp_path, {"blocks.py": BLOCKS})
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["from blocks import build_model\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["model = build_model(5, 2)\n"]}]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    a, _nb = NotebookAnalyzer(normalize(str(path)), module_loader(FileSource())).analyze(read_notebook(path.read_text()))
    (m,) = a.models
    assert m.inputs == ((None, 5, 2),) and m.outputs == ((None, 1),)


def test_unchanged_imports_are_not_analysed_again_on_each_edit(tmp_path):
    lines = ["import keras", "from keras import layers"]
    for k in range(300):
        lines.append(f"def block{k}(x):\n    return layers.Dense({k + 1})(x)")
    write(tmp_path, {"big.py": "\n".join(lines) + "\n", "train.py": """
        import keras
        from big import block7
        y = block7(keras.Input((3,)))
    """})
    loader = module_loader(FileSource())
    path = normalize(str(tmp_path / "train.py"))
    an = Analyzer(path, loader)
    text = (tmp_path / "train.py").read_text()
    assert shapes(an.analyze(text))["y"] == (None, 8)
    runs = loader.analysed
    (state,) = loader.states[normalize(str(tmp_path / "big.py"))]
    big_statements = state.session.executed_total
    for k in range(10):  # keystrokes in train.py (a comment typed, removed)
        a = an.analyze(text + f"\n# edit {k}\n")
        assert shapes(a)["y"] == (None, 8)
        an.analyze(text)
    # big.py was neither analysed again nor had a statement of it run again
    assert loader.analysed == runs and state.session.executed_total == big_statements


def test_imports_not_analysed_in_time_are_unknown_until_the_next_run(tmp_path):
    from shapelens.engine.modules import RunContext

    write(tmp_path, {"blocks.py": BLOCKS, "train.py": """
        import numpy as np
        n = 10
        from blocks import build_model
        model = build_model(n, 3)
        model.compile(loss="mse")
        model.fit(np.zeros((8, n, 4)), np.zeros((8, 1)))
    """})
    loader = module_loader(FileSource())
    an = Analyzer(normalize(str(tmp_path / "train.py")), loader)
    text = (tmp_path / "train.py").read_text()
    given = loader.begin
    loader.begin = lambda budget: RunContext(0.0)  # no time at all for the imports of a run
    a = an.analyze(text)
    assert a.complete is False and a.imports_cut
    assert a.covered_to == 2  # the lines above the import are final
    assert loud(a) == [] and a.models == [] and any("time budget" in n for n in a.notices)
    loader.begin = given  # the next run has time: the same text, now through blocks.py
    a = an.analyze(text)
    assert a.complete is True and not a.imports_cut
    assert loud(a) == [(6, "SL201")]
    (m,) = a.models
    assert m.inputs == ((None, 10, 3),)
