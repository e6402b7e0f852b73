"""Issue #16's corpus measure (scripts/realworld_corpus.py): which Layer/Model subclasses count
as applied to known shapes, and which layer calls inside them are counted.  The program below
runs in Keras 3.15.1: y is (None, 2) (Net has 90 weights: its spare Dense is never built), the
Keras Attention gives (None, 3, 6), the second Twice (None, 5)."""

import importlib.util
import os
import textwrap
from pathlib import Path

import pytest
from shapelens import analyze

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():
    saved = dict(os.environ)  # the script sets SHAPELENS_STRICT for its own runs: not for the tests'
    try:
        spec = importlib.util.spec_from_file_location("realworld_corpus", ROOT / "scripts" / "realworld_corpus.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return mod


PROGRAM = """\
import keras
from keras import layers
from keras.layers import Layer as Base


class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(self.dense(x))


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.block = Block(8)
        self.out = layers.Dense(2)
        self.spare = layers.Dense(7)

    def call(self, x):
        return self.out(self.block(x))

    def head(self):
        return layers.Dense(3)


class Unused(Base):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x)


class Attention(layers.Layer):
    def __init__(self):
        super().__init__()
        self.score = layers.Dense(1)

    def call(self, x):
        return self.score(x)


class Twice(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(4)

    def call(self, x):
        return self.dense(x)


class Twice(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(5)

    def call(self, x):
        return self.dense(x)


inp = keras.Input((6,))
net = Net()
y = net(inp)
seq = keras.Input((3, 6))
att = layers.Attention()([seq, seq])
t = Twice()(inp)
"""


def _figures(corpus, src):
    import ast

    text = textwrap.dedent(src)
    tree = ast.parse(text)
    res = analyze(text)
    sites = corpus.layer_sites(text, tree, with_class=True)
    known = {f.span.line for f in res.layers if corpus.concrete(f.output_shape)}
    return corpus.subclass_figures(tree, sites, res, known)


def test_applied_subclasses_and_their_layer_calls(corpus):
    classes, called = _figures(corpus, PROGRAM)
    got = [(c["name"], c["line"], c["applied"], c["sites"], c["concrete"]) for c in classes]
    assert got == [
        ("Block", 6, True, [9, 10], [9, 10]),  # applied inside Net's call
        ("Net", 16, True, [20, 21], [20]),  # the spare Dense is never called; head() is not counted
        ("Unused", 30, False, [33], []),  # a subclass of Layer imported under another name
        ("Attention", 39, False, [42], []),  # keras.layers.Attention applied: not this class
        ("Twice", 48, False, [51], []),  # redefined: the definition in force is the second
        ("Twice", 57, True, [60], [60]),
    ]
    assert "Dense" in called and "Block" not in called


def test_a_model_built_or_fitted_on_known_shapes_counts(corpus):
    src = """
        import numpy as np
        import keras
        from keras import layers


        class Built(keras.Model):
            def __init__(self):
                super().__init__()
                self.dense = layers.Dense(3)

            def call(self, x):
                return self.dense(x)


        class Fitted(keras.Model):
            def __init__(self):
                super().__init__()
                self.dense = layers.Dense(1)

            def call(self, x):
                return self.dense(x)


        a = Built()
        a.build((None, 4))
        b = Fitted()
        b.compile(loss="mse")
        b.fit(np.zeros((10, 4)), np.zeros((10, 1)))
    """
    classes, _called = _figures(corpus, src)
    assert [(c["name"], c["applied"], len(c["sites"])) for c in classes] == [("Built", True, 1), ("Fitted", True, 1)]


def test_an_unknown_input_is_not_an_application(corpus):
    src = """
        import keras
        from keras import layers


        class Block(layers.Layer):
            def __init__(self):
                super().__init__()
                self.dense = layers.Dense(3)

            def call(self, x):
                return self.dense(x)


        y = Block()(load_features())
    """
    classes, _called = _figures(corpus, src)
    assert [(c["name"], c["applied"]) for c in classes] == [("Block", False)]
