"""The shapes and parameter counts Keras 3 reported for these layers (checked by running
tensorflow-cpu 2.21.0 / keras 3.15.1; the oracle tests re-check them against live Keras)."""

import pytest

from shapelens import analyze

H = "import keras\nfrom keras import layers\n"
X = "x = keras.Input((10, 3))\n"

FACTS = [
    (X + "y = layers.LSTM(64)(x)", "LSTM", (None, 64), 17408),
    (X + "y = layers.LSTM(64, return_sequences=True)(x)", "LSTM", (None, 10, 64), 17408),
    (X + "y = layers.LSTM(64, return_state=True)(x)", "LSTM", [(None, 64)] * 3, 17408),
    (X + "y = layers.LSTM(64, return_sequences=True, return_state=True)(x)", "LSTM",
     [(None, 10, 64), (None, 64), (None, 64)], 17408),
    (X + "y = layers.GRU(32)(x)", "GRU", (None, 32), 3552),
    (X + "y = layers.GRU(32, reset_after=False)(x)", "GRU", (None, 32), 3456),
    (X + "y = layers.GRU(32, return_state=True)(x)", "GRU", [(None, 32), (None, 32)], 3552),
    (X + "y = layers.SimpleRNN(16, return_state=True)(x)", "SimpleRNN", [(None, 16), (None, 16)], 320),
    (X + "y = layers.Bidirectional(layers.LSTM(8))(x)", "Bidirectional", (None, 16), 768),
    (X + "y = layers.Bidirectional(layers.LSTM(8, return_sequences=True), merge_mode='sum')(x)", "Bidirectional",
     (None, 10, 8), 768),
    (X + "y = layers.Bidirectional(layers.LSTM(8), merge_mode=None)(x)", "Bidirectional", [(None, 8), (None, 8)], 768),
    (X + "y = layers.Bidirectional(layers.LSTM(8, return_state=True))(x)", "Bidirectional",
     [(None, 16)] + [(None, 8)] * 4, 768),
    (X + "y = layers.Bidirectional(layers.GRU(8, return_state=True))(x)", "Bidirectional",
     [(None, 16), (None, 8), (None, 8)], 624),
    (X + "y = layers.TimeDistributed(layers.Dense(5))(x)", "TimeDistributed", (None, 10, 5), 20),
    (X + "y = layers.Dense(5)(x)", "Dense", (None, 10, 5), 20),
    ("x = keras.Input((7,))\ny = layers.RepeatVector(4)(x)", "RepeatVector", (None, 4, 7), 0),
    ("x = keras.Input((20,))\ny = layers.Embedding(1000, 32)(x)", "Embedding", (None, 20, 32), 32000),
    ("x = keras.Input((20, 4))\ny = layers.Conv1D(16, 3)(x)", "Conv1D", (None, 18, 16), 208),
    ("x = keras.Input((20, 4))\ny = layers.Conv1D(16, 3, padding='same', strides=2)(x)", "Conv1D", (None, 10, 16), 208),
    ("x = keras.Input((20, 4))\ny = layers.MaxPooling1D()(x)", "MaxPooling1D", (None, 10, 4), 0),
    ("x = keras.Input((5, 40, 40, 1))\ny = layers.ConvLSTM2D(8, 3)(x)", "ConvLSTM2D", (None, 38, 38, 8), 2624),
    ("x = keras.Input((5, 40, 40, 1))\ny = layers.ConvLSTM2D(8, 3, return_sequences=True, padding='same')(x)",
     "ConvLSTM2D", (None, 5, 40, 40, 8), 2624),
    ("x = keras.Input((10, 3), batch_size=2)\ny = layers.LSTM(4, stateful=True)(x)", "LSTM", (2, 4), 128),
]


@pytest.mark.parametrize("src,layer,shape,params", FACTS, ids=[f"{i}-{f[1]}" for i, f in enumerate(FACTS)])
def test_layer_fact(src, layer, shape, params):
    a = analyze(H + src + "\n")
    facts = [f for f in a.layers if f.layer == layer]
    assert facts, f"no {layer} fact in\n{src}"
    assert facts[-1].output_shape == shape
    assert facts[-1].params == params
    assert not a.diagnostics


def test_article_examples():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "examples"
    a1 = analyze((root / "article_1_basic_lstm.py").read_text())
    [m1] = a1.models
    assert m1.params == 17473 and m1.outputs == ((None, 1),)
    assert [(f.output_shape, f.params) for f in a1.layers] == [((None, 64), 17408), ((None, 1), 65)]
    a2 = analyze((root / "article_2_stacked_lstm.py").read_text())
    [m2] = a2.models
    assert m2.params == 29857 and m2.outputs == ((None, 1),)
    assert [f.output_shape for f in a2.layers] == [(None, 10, 64), (None, 32), (None, 1)]
    assert [s.shape for s in a2.symbols if s.text == "prediction"][0] == (32, 1)
    a3 = analyze((root / "article_3_return_state.py").read_text())
    [d] = [d for d in a3.diagnostics if d.severity == "error"]
    assert d.code == "SL108" and "not connected" in d.message
    assert a3.models[0].span.line == d.span.line  # on the keras.Model(...) line
    [lstm] = [f for f in a3.layers if f.layer == "LSTM"]
    assert lstm.output_names == ("output", "state_h", "state_c")
