"""A Sequential grown with ``.add`` through an attribute (``self.body.add(...)`` in a subclass's
``__init__``, the keras-io CCT tokenizer and dragen1860's ResNet/Inception blocks).  The numbers
are what Keras 3.15.1 computes for this program: Stack gives (None, 5) with 47 weights, Grown
(None, 6) with 66.

The ``add`` of a model reached through an attribute or a list item used to be dropped (only a
plain name was rebound), which showed Keras' first Dense only for Stack, (None, 3) with 27
weights: a wrong shape.  ``add``/``pop``/``build``/``compile`` now change every reference to the
model (engine/keras/training.py ``_changed``), and on a path that may not run it is Unknown."""

import textwrap

import pytest
from shapelens import analyze

PROGRAM = """
    import keras
    from keras import layers


    class Stack(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.body = keras.Sequential([layers.Dense(3)])
            self.body.add(layers.Dense(5))

        def call(self, x):
            return self.body(x)


    class Grown(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.body = keras.Sequential()
            for units in (4, 6):
                self.body.add(layers.Dense(units))

        def call(self, x):
            return self.body(x)


    inp = keras.Input((8,))
    a = Stack()(inp)
    b = Grown()(inp)
"""


def _top(a, cls):
    return [(f.output_shape, f.params) for f in a.layers if f.layer == cls]


def test_add_through_an_attribute_is_kept():
    a = analyze(textwrap.dedent(PROGRAM))
    assert _top(a, "Stack") == [((None, 5), 47)]
    assert _top(a, "Grown") == [((None, 6), 66)]


def _model(a, name):
    (m,) = [m for m in a.models if m.name == name]
    return m.outputs, m.params


def test_add_through_a_list_item():
    """``models[0].add(...)`` changes the one model: Keras 3.15.1 gives models[0] (None, 7) with
    31 weights."""
    a = analyze(textwrap.dedent("""
        import keras
        from keras import layers

        models = [keras.Sequential([keras.Input((4,)), layers.Dense(2)])]
        models[0].add(layers.Dense(7))
        m0 = models[0]
    """))
    assert _model(a, "m0") == (((None, 7),), 31)


def test_add_on_a_path_that_may_not_run_is_unknown_and_silent():
    a = analyze(textwrap.dedent("""
        import sys
        import keras
        from keras import layers

        class Maybe(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.body = keras.Sequential([layers.Dense(3)])
                if len(sys.argv) > 1:
                    self.body.add(layers.Dense(5))

            def call(self, x):
                return self.body(x)

        out = Maybe()(keras.Input((8,)))
        y = layers.Dense(4)(out)
    """))
    assert _top(a, "Maybe") == [(None, None)]  # (Keras: (None, 3) or (None, 5), by the command line)
    assert not [d for d in a.diagnostics if d.severity in ("error", "warning")]
