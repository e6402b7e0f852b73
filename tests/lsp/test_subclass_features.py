"""Subclassed layers and models in the editor: a sublayer called inside a user layer's call()
shows each context it ran in (hover and inlay hint), an error inside call() sits on its line with
the call that gave the shapes as related information, and a subclassed model's variable hovers
with its summary.  The numbers are what Keras 3.15.1 computes for the same program."""

from __future__ import annotations

from lsprotocol import types as T
from pytest_lsp import LanguageClient

from .conftest import diagnostics, hover, inlay_hints, open_doc, pos, src

TWO_CONTEXTS = src("""
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

BAD_RESIDUAL = src("""
    import keras
    from keras import layers


    class Residual(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.proj = layers.Dense(units)

        def call(self, x):
            return layers.Add()([self.proj(x), x])


    good = Residual(6)(keras.Input(shape=(6,)))
    bad = Residual(4)(keras.Input(shape=(6,)))
""")

MODEL = src("""
    import keras
    from keras import layers


    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.body = layers.Dense(8, activation="relu")
            self.head = layers.Dense(1)

        def call(self, x):
            return self.head(self.body(x))


    net = Net()
    net.build((None, 5))
""")


async def test_a_sublayer_shows_every_context_it_ran_in(client: LanguageClient):
    uri = open_doc(client, "two_contexts.py", TWO_CONTEXTS)
    assert [d for d in await diagnostics(client, uri, 1) if d.severity == T.DiagnosticSeverity.Error] == []
    h = await hover(client, uri, pos(client, TWO_CONTEXTS, "self.proj(x)", 2))
    assert h is not None
    text = h.contents.value
    # Dense(4) on (None, 3): 16 params; on (None, 7, 5): 24 params
    assert "(None, 4)" in text and "(None, 7, 4)" in text
    assert "16" in text and "24" in text
    hints = await inlay_hints(client, uri, TWO_CONTEXTS)
    at_call = [h for h in hints if h.position.line == pos(client, TWO_CONTEXTS, "self.proj(x)").line]
    assert [h.label for h in at_call] == ["→ (None, 4) | (None, 7, 4)"]


async def test_an_error_inside_call_points_at_the_call_site(client: LanguageClient):
    uri = open_doc(client, "bad_residual.py", BAD_RESIDUAL)
    diags = [d for d in await diagnostics(client, uri, 1) if d.severity == T.DiagnosticSeverity.Error]
    assert [d.code for d in diags] == ["SL110"]
    d = diags[0]
    assert d.range.start.line == pos(client, BAD_RESIDUAL, "layers.Add()").line
    assert "(None, 4)" in d.message and "(None, 6)" in d.message
    assert d.related_information
    assert any(r.location.range.start.line == pos(client, BAD_RESIDUAL, "bad =").line for r in d.related_information)


async def test_a_built_subclassed_model_hovers_with_its_summary(client: LanguageClient):
    uri = open_doc(client, "net.py", MODEL)
    await diagnostics(client, uri, 1)
    h = await hover(client, uri, pos(client, MODEL, "net = Net", 1))
    assert h is not None
    text = h.contents.value
    # Dense(8) on 5 features: 48; Dense(1) on 8: 9; Keras' own summary shows "?" and 0 here
    assert "(None, 8)" in text and "(None, 1)" in text and "57" in text
    assert "build" in text


async def test_a_built_subclassed_model_has_a_code_lens(client: LanguageClient):
    uri = open_doc(client, "net_lens.py", MODEL)
    await diagnostics(client, uri, 1)
    lenses = await client.text_document_code_lens_async(
        T.CodeLensParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    assert [lens.command.title for lens in lenses] == ["2 layers · 57 params · (None, 5) → (None, 1)"]
    assert lenses[0].range.start.line == pos(client, MODEL, "net = Net").line
