"""Unknown is a value: on correct programs whose values the engine cannot all follow, it
reports no error and no warning, and the shapes it can still know come out right
(tests/engine/soundness_cases.py; the same programs are built in Keras by
tests/oracle/test_soundness_in_keras.py)."""

import sys
from pathlib import Path

import pytest

from shapelens import analyze

sys.path.insert(0, str(Path(__file__).parent))
from soundness_cases import CASES, KNOWN  # noqa: E402


def _loud(a):
    return [d for d in a.diagnostics if d.severity in ("error", "warning")]


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_error_or_warning(name):
    a = analyze(CASES[name])
    loud = _loud(a)
    assert not loud, "\n".join(f"{d.code} line {d.span.line + 1}: {d.message}" for d in loud)


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_knowable_shapes_are_known(name):
    a = analyze(CASES[name])
    got = {}
    for f in a.layers:
        got.setdefault(f.name, []).append(f.output_shape)
    for layer, shape in KNOWN[name]:
        assert shape in got.get(layer, []), f"{layer}: expected {shape}, shapelens has {got.get(layer)}"


def test_parameter_is_not_taken_for_an_int():
    """keras.Input(shape=<a parameter>) is an error only when the value is known to be an int."""
    a = analyze("import keras\ndef f(n):\n    return keras.Input(shape=n)\nx = f(10)\ny = f((10,))\n")
    codes = [(d.code, d.span.line + 1) for d in a.diagnostics]
    assert codes == [("SL115", 3)]  # the call with 10 (an int), at the line Keras raises


def test_known_int_symbol_still_an_error():
    a = analyze("import keras\nimport numpy as np\nX = np.load('x.npy')\nx = keras.Input(shape=X.shape[1])\n")
    d = [d for d in a.diagnostics if d.code == "SL115"]
    assert d and "X.shape[1] is an int" in d[0].message


def test_pooling_padding_is_not_lowercased():
    """MaxPooling2D does not lower-case its padding: Keras raises on 'SAME' when it is called."""
    a = analyze("import keras\nx = keras.Input((8, 8, 3))\ny = keras.layers.MaxPooling2D(padding='SAME')(x)\n")
    assert [(d.code, d.span.line) for d in a.diagnostics] == [("SL114", 2)]


def test_conv_padding_checked_after_lowercasing():
    a = analyze("import keras\nx = keras.Input((8, 8, 3))\ny = keras.layers.Conv2D(4, 3, padding='Causal')(x)\n")
    assert [d.code for d in a.diagnostics] == ["SL114"]  # 'causal' is only for Conv1D


def test_definition_time_run_changes_nothing_outside():
    """A function analysed where it is defined (not called) must not change module values."""
    a = analyze("import keras\nN = 4\nblocks = []\n"
                "def grow():\n    global N\n    N = 99\n    blocks.append(keras.layers.Dense(7))\n"
                "x = keras.Input((2,))\ny = keras.layers.Dense(N)(x)\n"
                "m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)] + blocks)\n")
    shapes = {f.name: f.output_shape for f in a.layers}
    assert shapes["dense"] == (None, 4)
    assert [m.params for m in a.models if m.name == "m"] == [3]  # blocks is still empty
