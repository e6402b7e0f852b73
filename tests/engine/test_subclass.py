"""Subclassed layers and models (issue 16, items 1-3).  Every number here is what Keras 3.15.1
computes for the same program (checked when the test was written; the oracle's Subclass families
and the corpus' subclass_* scripts compare such programs with Keras on every run)."""

import textwrap

from shapelens import analyze
from shapelens.summary import render_text


def _run(src):
    return analyze(textwrap.dedent(src))


def _inner(a, cls=None):
    """(layer, output shape, params, the context) of the facts made inside a call()."""
    out = []
    for f in a.layers:
        ctx = [w for w in f.why if w.startswith("in ") and ".call on " in w]
        if ctx and (cls is None or f.layer == cls):
            out.append((f.layer, f.output_shape, f.params, ctx[0]))
    return out


def _top(a, cls):
    return [(f.output_shape, f.params) for f in a.layers if f.layer == cls]


def _errors(a):
    return [d for d in a.diagnostics if d.severity == "error"]


WEIGHTS_LOOPS_SUPER = """
    import keras
    from keras import layers


    class Scale(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units))
            self.bias = self.add_weight(shape=(self.units,), initializer="zeros")

        def call(self, x):
            return keras.ops.matmul(x, self.kernel) + self.bias


    class Gate(layers.Layer):
        def __init__(self, use_gate, **kwargs):
            super().__init__(**kwargs)
            self.use_gate = use_gate
            self.blocks = [layers.Dense(6), layers.Dense(6)]
            self.gate = layers.Dense(6, activation="sigmoid")

        def call(self, x, training=None):
            for block in self.blocks:
                x = block(x)
            if self.use_gate:
                x = x * self.gate(x)
            return x


    class Outer(Gate):
        def __init__(self, **kwargs):
            super().__init__(True, **kwargs)
            self.tail = layers.Dense(2)

        def call(self, x, training=None):
            return self.tail(super().call(x, training=training))


    inp = keras.Input(shape=(5,))
    a = Scale(3)(inp)
    b = Gate(False)(inp)
    c = Outer()(inp)
    seq = keras.Input(shape=(7, 5))
    d = Gate(True)(seq)
    model = keras.Model(inp, [a, b, c])
"""


def test_add_weight_loops_conditionals_and_super_call():
    a = _run(WEIGHTS_LOOPS_SUPER)
    assert _errors(a) == []
    assert _top(a, "Scale") == [((None, 3), 18)]  # 5·3 + 3
    # the gate Dense is never called when use_gate is False: unbuilt, no weights (36 + 42)
    assert _top(a, "Gate") == [((None, 6), 78), ((None, 7, 6), 120)]
    assert _top(a, "Outer") == [((None, 2), 134)]  # 36 + 42 + 42 + 14
    (m,) = a.models
    assert m.params == 230 and m.outputs == ((None, 3), (None, 6), (None, 2))
    # one fact per call of a sublayer, per context the class ran in
    gates = _inner(a, "Dense")
    assert ("Dense", (None, 7, 6), 42, "in Gate.call on (None, 7, 5)") in gates
    assert ("Dense", (None, 2), 14, "in Outer.call on (None, 5)") in gates
    assert sum(1 for g in gates if g[3] == "in Gate.call on (None, 5)") == 2  # the gate did not run


def test_two_contexts_give_two_facts_for_one_sublayer_call():
    a = _run("""
        import keras
        from keras import layers

        class Head(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.proj = layers.Dense(4)

            def call(self, x):
                return self.proj(x)

        short = Head()(keras.Input(shape=(3,)))
        long = Head()(keras.Input(shape=(7, 5)))
    """)
    facts = [f for f in a.layers if f.layer == "Dense"]
    assert [(f.output_shape, f.params) for f in facts] == [((None, 4), 16), ((None, 7, 4), 24)]
    assert facts[0].span == facts[1].span and facts[0].hint_at == facts[1].hint_at


def test_transformer_block_in_a_functional_model():
    a = _run("""
        import keras
        from keras import layers

        class TransformerBlock(layers.Layer):
            def __init__(self, dim, heads, hidden, rate=0.1, **kwargs):
                super().__init__(**kwargs)
                self.att = layers.MultiHeadAttention(num_heads=heads, key_dim=dim)
                self.ffn = keras.Sequential([layers.Dense(hidden, activation="relu"), layers.Dense(dim)])
                self.norm_a = layers.LayerNormalization(epsilon=1e-6)
                self.norm_b = layers.LayerNormalization(epsilon=1e-6)
                self.drop_a = layers.Dropout(rate)
                self.drop_b = layers.Dropout(rate)

            def call(self, inputs, training=False):
                attn = self.drop_a(self.att(inputs, inputs), training=training)
                out1 = self.norm_a(inputs + attn)
                return self.norm_b(out1 + self.drop_b(self.ffn(out1), training=training))

        class TokenAndPosition(layers.Layer):
            def __init__(self, maxlen, vocab, dim):
                super().__init__()
                self.tokens = layers.Embedding(vocab, dim)
                self.positions = layers.Embedding(maxlen, dim)

            def call(self, x):
                steps = keras.ops.shape(x)[-1]
                where = self.positions(keras.ops.arange(start=0, stop=steps, step=1))
                return self.tokens(x) + where

        ids = layers.Input(shape=(200,))
        x = TokenAndPosition(200, 20000, 32)(ids)
        x = TransformerBlock(32, 2, 32)(x)
        x = layers.GlobalAveragePooling1D()(x)
        out = layers.Dense(2, activation="softmax")(x)
        model = keras.Model(ids, out)
    """)
    assert _errors(a) == []
    assert _top(a, "TokenAndPosition") == [((None, 200, 32), 646400)]
    assert _top(a, "TransformerBlock") == [((None, 200, 32), 10656)]
    assert ("Embedding", (200, 32), 6400, "in TokenAndPosition.call on (None, 200)") in _inner(a)
    assert ("MultiHeadAttention", (None, 200, 32), 8416, "in TransformerBlock.call on (None, 200, 32)") in _inner(a)
    (m,) = a.models
    assert m.params == 657122 and m.outputs == ((None, 2),)


def test_seq2seq_model_subclasses_called_on_arrays_with_states():
    a = _run("""
        import numpy as np
        import keras
        from keras import layers

        class Encoder(keras.Model):
            def __init__(self, vocab, dim, units):
                super().__init__()
                self.embed = layers.Embedding(vocab, dim)
                self.rnn = layers.LSTM(units, return_state=True)

            def call(self, tokens):
                _, h, c = self.rnn(self.embed(tokens))
                return [h, c]

        class Decoder(keras.Model):
            def __init__(self, vocab, dim, units):
                super().__init__()
                self.embed = layers.Embedding(vocab, dim)
                self.rnn = layers.LSTM(units, return_sequences=True, return_state=True)
                self.out = layers.Dense(vocab, activation="softmax")

            def call(self, tokens, states):
                seq, _, _ = self.rnn(self.embed(tokens), initial_state=states)
                return self.out(seq)

        encoder = Encoder(500, 32, 64)
        decoder = Decoder(600, 32, 64)
        states = encoder(np.zeros((8, 12), dtype="int32"))
        probs = decoder(np.zeros((8, 10), dtype="int32"), states)
    """)
    assert _errors(a) == []
    enc, dec = sorted(a.models, key=lambda m: m.name, reverse=True)
    assert (enc.name, enc.kind, enc.params, enc.outputs) == ("encoder", "subclassed", 40832, ((8, 64), (8, 64)))
    assert [(r.name, r.output_shape, r.params) for r in enc.rows] == [
        ("embedding", (8, 12, 32), 16000), ("lstm", [(8, 64), (8, 64), (8, 64)], 24832)]
    assert (dec.params, dec.outputs) == (83032, ((8, 10, 600),))
    assert "decoder(" in dec.note and "line 30" in dec.note


def test_model_build_gives_the_summary_keras_prints_as_question_marks():
    a = _run("""
        import keras
        from keras import layers

        class Forecaster(keras.Model):
            def __init__(self, horizon, **kwargs):
                super().__init__(**kwargs)
                self.conv = layers.Conv1D(16, 3, padding="causal", activation="relu")
                self.rnn = layers.GRU(32)
                self.drop = layers.Dropout(0.2)
                self.head = layers.Dense(horizon)

            def call(self, x, training=False):
                return self.head(self.drop(self.rnn(self.conv(x)), training=training))

        model = Forecaster(horizon=6)
        model.build((None, 48, 5))
    """)
    assert _errors(a) == []
    (m,) = a.models
    assert [(r.name, r.output_shape, r.params) for r in m.rows] == [
        ("conv1d", (None, 48, 16), 256), ("gru", (None, 32), 4800), ("dropout", (None, 32), 0),
        ("dense", (None, 6), 198)]
    assert m.params == 5254
    text = render_text(m)
    assert "model.build((None, 48, 5))" in text and "shows ?" in text


def test_a_shared_sublayer_row_shows_each_call():
    a = _run("""
        import keras
        from keras import layers

        class Siamese(keras.Model):
            def __init__(self):
                super().__init__()
                self.encode = layers.Dense(16, activation="relu")
                self.pool = layers.GlobalAveragePooling1D()
                self.score = layers.Dense(1, activation="sigmoid")

            def call(self, inputs):
                left, right = inputs
                a = self.pool(self.encode(left))
                b = self.pool(self.encode(right))
                return self.score(keras.ops.abs(a - b))

        model = Siamese()
        out = model([keras.Input(shape=(10, 8)), keras.Input(shape=(12, 8))])
    """)
    (m,) = a.models
    enc = m.rows[0]
    assert (enc.name, enc.params, enc.calls) == ("dense", 144, ((None, 10, 16), (None, 12, 16)))
    assert m.rows[1].calls == ()  # the pooling gives (None, 16) both times
    assert "(None, 10, 16) / (None, 12, 16)" in render_text(m)
    assert m.params == 161


def test_functional_model_made_in_init():
    a = _run("""
        import keras
        from keras import layers

        class TabularNet(keras.Model):
            def __init__(self, n_features, hidden=64, **kwargs):
                features = keras.Input(shape=(n_features,))
                h = layers.Dense(hidden, activation="relu")(features)
                h = layers.Dropout(0.3)(h)
                scores = layers.Dense(5, activation="softmax")(h)
                super().__init__(inputs=features, outputs=scores, **kwargs)

        net = TabularNet(20, hidden=128)
    """)
    (m,) = a.models
    assert (m.name, m.kind, m.inputs, m.outputs, m.params) == ("net", "functional", ((None, 20),), ((None, 5),), 3333)


def test_errors_inside_call_sit_on_their_line_for_known_contexts_only():
    src = textwrap.dedent("""
        import keras
        from keras import layers

        class Proj(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.dense = layers.Dense(8)

            def call(self, x):
                return layers.Add()([self.dense(x), x])

        class Never(layers.Layer):
            def call(self, x):
                return layers.Add()([layers.Dense(3)(x), x])

        class States(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.rnn = layers.LSTM(8, return_state=True)
                self.head = layers.Dense(2)

            def call(self, x):
                return self.head(self.rnn(x))

        ok = Proj()(keras.Input(shape=(8,)))
        bad = Proj()(keras.Input(shape=(5,)))
        st = States()(keras.Input(shape=(4, 3)))
    """)
    a = analyze(src)
    lines = src.splitlines()
    got = sorted((d.code, lines[d.span.line].strip()) for d in _errors(a))
    # the same codes as at module level (SL110 for Add, SL107 for a Dense given the states)
    assert got == [("SL107", "return self.head(self.rnn(x))"), ("SL110", "return layers.Add()([self.dense(x), x])")]
    add = next(d for d in _errors(a) if d.code == "SL110")
    assert "(None, 8), (None, 5)" in add.message
    assert [lines[r.span.line].strip() for r in add.related] == ["bad = Proj()(keras.Input(shape=(5,)))"]


def test_what_is_not_followed_is_unknown_and_silent():
    a = _run("""
        import keras
        import mylib
        from keras import layers

        class Mystery(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.dense = layers.Dense(4)

            def call(self, x):
                x = mylib.transform(x)
                return layers.Add()([self.dense(x), keras.ops.ones((1, 3))])

        y = Mystery()(keras.Input(shape=(6,)))
        z = layers.Dense(2)(y)
    """)
    assert a.diagnostics == [] or all(d.severity not in ("error", "warning") for d in a.diagnostics)
    assert _top(a, "Mystery") == [(None, None)]


def test_training_and_mask_arguments_are_followed():
    a = _run("""
        import keras
        from keras import layers

        class Masked(layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.dense = layers.Dense(4)
                self.noise = layers.GaussianNoise(0.1)

            def call(self, x, mask=None, training=None):
                if mask is not None:
                    x = x * keras.ops.expand_dims(keras.ops.cast(mask, x.dtype), -1)
                if training:
                    x = self.noise(x, training=training)
                return self.dense(x)

        z = Masked()(keras.Input(shape=(5, 3)))
        z = layers.Dense(2)(z)
    """)
    assert _errors(a) == []
    assert _top(a, "Masked") == [((None, 5, 4), 16)]
    assert _top(a, "Dense")[-1] == ((None, 5, 2), 10)


def test_random_and_range_tensors_inside_call():
    a = _run("""
        import keras
        from keras import layers

        class Sampling(layers.Layer):
            def call(self, inputs):
                mean, log_var = inputs
                noise = keras.random.normal(shape=keras.ops.shape(mean))
                return mean + keras.ops.exp(0.5 * log_var) * noise

        x = keras.Input(shape=(16,))
        z = Sampling()([layers.Dense(2)(x), layers.Dense(2)(x)])
    """)
    assert _errors(a) == []
    assert _top(a, "Sampling") == [((None, 2), 0)]
