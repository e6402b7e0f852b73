"""End to end over the real engine, with VS Code's and Neovim's client capabilities."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import LanguageClient

from .conftest import (CLIENTS, REAL, server_config, apply_edits, code_actions, diagnostics, edit, edits_of, hover,
                       inlay_hints, open_doc, pos, replace_all, src, start, uses_pull)

# The article's Example 2, in our own words: two stacked LSTMs and a Dense head.
STACKED = src("""
    import keras

    forecaster = keras.Sequential([
        keras.layers.LSTM(64, input_shape=(10, 3), return_sequences=True),
        keras.layers.LSTM(32, return_sequences=False),
        keras.layers.Dense(1),
    ])
""")

# The article's Example 3: two separate keras.Input calls, so the output is not connected.
DISCONNECTED = src("""
    import keras

    seq_model = keras.Model(inputs=keras.Input(shape=(10, 3)), outputs=keras.layers.LSTM(64, return_state=True)(keras.Input(shape=(10, 3))))
""")


def errors(diags: list) -> list:
    return [d for d in diags if d.severity == T.DiagnosticSeverity.Error]


# ----------------------------------------------------------------------------- Example 2


async def test_hover_on_second_lstm(client: LanguageClient):
    uri = open_doc(client, "stacked.py", STACKED)
    assert errors(await diagnostics(client, uri, 1)) == []
    h = await hover(client, uri, pos(client, STACKED, "LSTM(32", 2))
    assert h is not None
    text = h.contents.value
    assert "(None, 32)" in text and "12,416" in text
    assert "(None, 10, 64)" in text  # its input
    assert h.range.start == pos(client, STACKED, "keras.layers.LSTM(32")
    assert h.range.end == pos(client, STACKED, "return_sequences=False)", len("return_sequences=False)"))


async def test_inlay_hints_on_stacked_lstms(client: LanguageClient):
    uri = open_doc(client, "stacked.py", STACKED)
    await diagnostics(client, uri, 1)
    hints = await inlay_hints(client, uri, STACKED)
    labels = [h.label for h in sorted(hints, key=lambda h: (h.position.line, h.position.character))]
    assert labels == ["→ (None, 10, 64)", "→ (None, 32)", "→ (None, 1)"]
    # each hint sits at the end of its layer expression
    first = sorted(hints, key=lambda h: h.position.line)[0]
    assert first.position == pos(client, STACKED, "return_sequences=True)", len("return_sequences=True)"))


async def test_code_lens_and_summary(client: LanguageClient):
    uri = open_doc(client, "stacked.py", STACKED)
    await diagnostics(client, uri, 1)
    lenses = await client.text_document_code_lens_async(
        T.CodeLensParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    assert [lens.command.title for lens in lenses] == ["3 layers · 29,857 params · (None, 10, 3) → (None, 1)"]
    assert lenses[0].range.start.line == 2
    assert list(lenses[0].command.arguments) == [uri, 2]
    md = await client.workspace_execute_command_async(T.ExecuteCommandParams(
        command="shapelens.showSummary", arguments=list(lenses[0].command.arguments)))
    assert "29,857" in md and "12,416" in md and "17,408" in md


async def test_hover_on_model_variable_shows_summary(client: LanguageClient):
    uri = open_doc(client, "model_var.py", STACKED)
    await diagnostics(client, uri, 1)
    h = await hover(client, uri, pos(client, STACKED, "forecaster =", 3))
    assert h is not None
    assert "29,857" in h.contents.value and "lstm_1" in h.contents.value


async def test_hover_on_predict_and_data(client: LanguageClient):
    text = STACKED + src("""
        import numpy as np
        batch = np.zeros((5, 10, 3))
        guesses = forecaster.predict(batch)
    """)
    uri = open_doc(client, "predict.py", text)
    assert errors(await diagnostics(client, uri, 1)) == []
    h = await hover(client, uri, pos(client, text, "predict(batch)", 2))
    assert h is not None and "(5, 1)" in h.contents.value
    h = await hover(client, uri, pos(client, text, "batch =", 1))
    assert h is not None and "(5, 10, 3)" in h.contents.value


# ----------------------------------------------------------------------------- Example 3


async def test_disconnected_input_error_and_fix(client: LanguageClient):
    uri = open_doc(client, "disconnected.py", DISCONNECTED)
    diags = errors(await diagnostics(client, uri, 1))
    assert [d.code for d in diags] == ["SL108"]
    d = diags[0]
    assert d.range.start.line == 2
    assert d.source == "shapelens"
    if client.capabilities.text_document.publish_diagnostics.code_description_support:
        assert d.code_description is not None and "sl108" in d.code_description.href
    actions = await code_actions(client, uri, d.range, [d])
    fixes = [a for a in actions if a.kind == T.CodeActionKind.QuickFix]
    assert fixes, actions
    preferred = [a for a in fixes if a.is_preferred] or fixes
    fixed = apply_edits(DISCONNECTED, edits_of(preferred[0], uri), client)
    assert fixed != DISCONNECTED
    replace_all(client, uri, fixed, 2)
    assert errors(await diagnostics(client, uri, 2)) == []


async def test_return_state_outputs_are_named(client: LanguageClient):
    uri = open_doc(client, "disconnected.py", DISCONNECTED)
    await diagnostics(client, uri, 1)
    h = await hover(client, uri, pos(client, DISCONNECTED, "LSTM(64", 1))
    value = h.contents.value
    assert value.index("output") < value.index("state_h") < value.index("state_c")
    assert value.count("(None, 64)") == 3


# ----------------------------------------------------------------------------- typing


NON_ASCII = src("""
    import keras

    # Séries temporelles — 時系列 🌡️ (température)
    étiquette = "données 📈"; tiny = keras.Sequential([keras.Input(shape=(10, 3)), keras.layers.LSTM(8)])
""")


async def test_positions_after_non_ascii_text(client: LanguageClient):
    uri = open_doc(client, "accents.py", NON_ASCII)
    await diagnostics(client, uri, 1)
    h = await hover(client, uri, pos(client, NON_ASCII, "LSTM(8)", 1))
    assert h is not None and "(None, 8)" in h.contents.value
    assert h.range.start == pos(client, NON_ASCII, "keras.layers.LSTM(8)")
    assert h.range.end == pos(client, NON_ASCII, "LSTM(8)", len("LSTM(8)"))
    hints = await inlay_hints(client, uri, NON_ASCII)
    assert [(h.label, h.position) for h in hints] == [  # keras.Input is a layer with a shape too
        ("→ (None, 10, 3)", pos(client, NON_ASCII, "shape=(10, 3))", len("shape=(10, 3))"))),
        ("→ (None, 8)", pos(client, NON_ASCII, "LSTM(8)", len("LSTM(8)")))]


HALF_TYPED = src("""
    import keras

    encoder = keras.Sequential([keras.Input(shape=(20, 4)), keras.layers.GRU(16)])

    head = keras.layers.Dense(

    decoder = keras.Sequential([keras.Input(shape=(7,)), keras.layers.Dense(5)])
""")


async def test_half_typed_statement_keeps_the_rest(client: LanguageClient):
    uri = open_doc(client, "half.py", HALF_TYPED)
    diags = await diagnostics(client, uri, 1)
    assert any(d.code == "SL000" for d in diags)
    h = await hover(client, uri, pos(client, HALF_TYPED, "GRU(16)", 1))
    assert h is not None and "(None, 16)" in h.contents.value
    h = await hover(client, uri, pos(client, HALF_TYPED, "Dense(5)", 1))
    assert h is not None and "(None, 5)" in h.contents.value
    labels = {h.label for h in await inlay_hints(client, uri, HALF_TYPED)}
    assert {"→ (None, 16)", "→ (None, 5)"} <= labels


async def test_typing_a_bug_and_fixing_it(client: LanguageClient):
    """Delete return_sequences=True from the first LSTM with incremental edits: an SL102 error
    appears, with related information on the first LSTM and a fix that puts it back."""
    uri = open_doc(client, "typing.py", STACKED)
    await diagnostics(client, uri, 1)
    gone = ", return_sequences=True"
    start_ = pos(client, STACKED, gone)
    end_ = pos(client, STACKED, gone, len(gone))
    edit(client, uri, 2, (start_.line, start_.character), (end_.line, end_.character), "")
    text = STACKED.replace(gone, "", 1)
    diags = errors(await diagnostics(client, uri, 2))
    assert [d.code for d in diags] == ["SL102"]
    d = diags[0]
    assert d.range.start.line == 4
    if d.related_information:
        assert d.related_information[0].location.range.start.line == 3
    actions = await code_actions(client, uri, d.range, [d])
    fix = next(a for a in actions if a.kind == T.CodeActionKind.QuickFix and "return_sequences" in a.title)
    fixed = apply_edits(text, edits_of(fix, uri), client)
    replace_all(client, uri, fixed, 3)
    assert errors(await diagnostics(client, uri, 3)) == []
    if not uses_pull(client):
        assert client.published[uri][-1].version == 3


async def test_input_shape_to_keras_input(client: LanguageClient):
    """Keras 3 warns about input_shape=: an information-level hint whose action starts the
    model with keras.Input instead, and the result analyses the same."""
    uri = open_doc(client, "refactor.py", STACKED)
    diags = await diagnostics(client, uri, 1)
    assert [d.code for d in diags] == ["SL401"]
    assert diags[0].severity in (T.DiagnosticSeverity.Hint, T.DiagnosticSeverity.Information)
    at = pos(client, STACKED, "input_shape", 2)
    actions = await code_actions(client, uri, T.Range(start=at, end=at))
    action = next(a for a in actions if "keras.Input" in a.title)
    fixed = apply_edits(STACKED, edits_of(action, uri), client)
    assert "input_shape" not in fixed and "keras.Input(shape=(10, 3))" in fixed
    replace_all(client, uri, fixed, 2)
    assert await diagnostics(client, uri, 2) == []
    hints = await inlay_hints(client, uri, fixed)
    assert [h.label for h in hints] == ["→ (None, 10, 3)", "→ (None, 10, 64)", "→ (None, 32)", "→ (None, 1)"]


# ----------------------------------------------------------------------------- settings


async def test_line_ignore_and_pyproject(client: LanguageClient):
    ignored = DISCONNECTED.replace("(10, 3))))\n", "(10, 3))))  # shapelens: ignore[SL108]\n")
    uri = open_doc(client, "ignored.py", ignored)
    assert errors(await diagnostics(client, uri, 1)) == []
    (client.root / "pyproject.toml").write_text('[tool.shapelens]\ndisable = ["SL108"]\n')
    uri2 = open_doc(client, "disabled.py", DISCONNECTED)
    assert errors(await diagnostics(client, uri2, 1)) == []


@pytest_lsp.fixture(config=REAL, params=CLIENTS)
async def hints_off(lsp_client: LanguageClient, request, tmp_path):
    await start(lsp_client, request.param, tmp_path,
                settings={"inlayHints": False, "severityOverrides": {"SL108": "warning"}})
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


async def test_settings_from_initialization_options(hints_off: LanguageClient):
    client = hints_off
    uri = open_doc(client, "stacked.py", STACKED)
    await diagnostics(client, uri, 1)
    assert await inlay_hints(client, uri, STACKED) == []
    uri = open_doc(client, "disconnected.py", DISCONNECTED)
    diags = await diagnostics(client, uri, 1)
    assert [(d.code, d.severity) for d in diags if d.code == "SL108"] == [("SL108", T.DiagnosticSeverity.Warning)]


@pytest_lsp.fixture(config=server_config("-m", "shapelens", "lsp", "--stdio"), params=CLIENTS)
async def via_cli(lsp_client: LanguageClient, request, tmp_path):
    await start(lsp_client, request.param, tmp_path)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


async def test_started_as_the_extension_starts_it(via_cli: LanguageClient):
    """`python -m shapelens lsp --stdio`, the command the VS Code extension runs."""
    client = via_cli
    uri = open_doc(client, "stacked.py", STACKED)
    await diagnostics(client, uri, 1)
    h = await hover(client, uri, pos(client, STACKED, "Dense(1)", 1))
    assert h is not None and "(None, 1)" in h.contents.value and "33" in h.contents.value


async def test_odd_requests_get_answers(client: LanguageClient):
    """Positions past the end, reversed ranges, wrong command arguments, unknown documents:
    every request is answered and the server carries on."""
    uri = open_doc(client, "odd.py", STACKED)
    await diagnostics(client, uri, 1)
    far = T.Position(line=10_000, character=500)
    assert await hover(client, uri, far) is None
    assert await hover(client, uri, T.Position(line=4, character=10_000)) is None
    rng = T.Range(start=T.Position(line=6, character=0), end=T.Position(line=2, character=0))
    await client.text_document_inlay_hint_async(T.InlayHintParams(
        text_document=T.TextDocumentIdentifier(uri=uri), range=rng))
    assert isinstance(await code_actions(client, uri, T.Range(start=far, end=far)), list)
    for args in ([], [42], [uri, "x"], [uri, 999], [(client.root / "missing.py").as_uri()]):
        md = await client.workspace_execute_command_async(T.ExecuteCommandParams(
            command="shapelens.showSummary", arguments=args))
        assert isinstance(md, str)
    h = await hover(client, uri, pos(client, STACKED, "Dense(1)", 1))
    assert h is not None and "(None, 1)" in h.contents.value


async def test_pull_reports_unchanged_results(client: LanguageClient):
    uri = open_doc(client, "pull.py", DISCONNECTED)
    if not uses_pull(client):  # this client takes pushed diagnostics: the same result arrives pushed
        assert [d.code for d in await diagnostics(client, uri, 1)] == ["SL108"]
        return
    params = T.DocumentDiagnosticParams(text_document=T.TextDocumentIdentifier(uri=uri))
    first = await client.text_document_diagnostic_async(params)
    assert [d.code for d in first.items] == ["SL108"] and first.result_id
    params.previous_result_id = first.result_id
    again = await client.text_document_diagnostic_async(params)
    assert again.kind == "unchanged" and again.result_id == first.result_id
    replace_all(client, uri, STACKED, 2)
    third = await client.text_document_diagnostic_async(params)
    assert third.kind == "full" and [d.code for d in third.items] == ["SL401"]


async def test_sequential_to_functional_refactor(client: LanguageClient):
    uri = open_doc(client, "to_functional.py", STACKED)
    await diagnostics(client, uri, 1)
    at = pos(client, STACKED, "keras.Sequential", 3)
    actions = await code_actions(client, uri, T.Range(start=at, end=at))
    action = next(a for a in actions if a.kind == T.CodeActionKind.RefactorRewrite and "functional" in a.title)
    assert not action.is_preferred and not action.diagnostics
    # a client asking only for quick fixes does not get it
    only_fixes = await code_actions(client, uri, T.Range(start=at, end=at), only=[T.CodeActionKind.QuickFix])
    assert all(a.kind == T.CodeActionKind.QuickFix for a in only_fixes)
    converted = apply_edits(STACKED, edits_of(action, uri), client)
    assert "keras.Model(" in converted and "Sequential" not in converted
    replace_all(client, uri, converted, 2)
    assert errors(await diagnostics(client, uri, 2)) == []
    labels = [h.label for h in sorted(await inlay_hints(client, uri, converted), key=lambda h: h.position.line)]
    assert labels == ["→ (None, 10, 3)", "→ (None, 10, 64)", "→ (None, 32)", "→ (None, 1)"]
    lenses = await client.text_document_code_lens_async(
        T.CodeLensParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    assert [l.command.title for l in lenses] == ["3 layers · 29,857 params · (None, 10, 3) → (None, 1)"]


# ----------------------------------------------------------------------------- only the truth


async def test_first_publish_is_the_whole_truth(client: LanguageClient):
    """A publish is the complete list for its version: the first one for a small file already
    holds its error (no empty list first)."""
    text = src("""
        import keras
        x = keras.Input(shape=(10,))
        y = keras.layers.LSTM(4)(x)
    """)
    uri = open_doc(client, "four.py", text)
    if uses_pull(client):
        diags = await diagnostics(client, uri, 1)
    else:
        await diagnostics(client, uri, 1)
        diags = client.published[uri][0].diagnostics  # the very first publish
    assert [d.code for d in diags] == ["SL101"]


async def test_hover_right_after_opening_a_big_file(client: LanguageClient):
    """A hover sent at once after opening a 1,000-line file answers from an analysis that
    covers its line (it waits for one), not with nothing."""
    blocks = []
    for i in range(60):
        blocks.append(src(f"""
            m{i} = keras.Sequential([
                keras.Input(shape=({i + 5}, 3)),
                keras.layers.LSTM({i + 8}, return_sequences=True),
                keras.layers.Dropout(0.2),
                keras.layers.LSTM(4),
                keras.layers.Dense(1),
            ])
            data{i} = [k * 2 for k in range(10)]
            total{i} = sum(data{i})
        """))
    text = "import keras\n\n" + "\n".join(blocks)
    assert text.count("\n") >= 600
    text += "\n" * max(0, 1000 - text.count("\n"))
    uri = open_doc(client, "big.py", text)
    h = await hover(client, uri, pos(client, text, "keras.layers.LSTM(67", len("keras.layers.")))
    assert h is not None and "(None, 64, 67)" in h.contents.value
