"""The protocol layer on its own, over a stand-in analyzer (tests/lsp/fake_engine_server.py):
positions in both encodings, incremental sync, stale versions, settings, crash resilience."""

from __future__ import annotations

import asyncio
import os

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import LanguageClient

from .conftest import (CLIENTS, HERE, apply_edits, code_actions, diagnostics, edit, edits_of, hover,
                       inlay_hints, open_doc, pos, replace_all, server_config, src, start, units,
                       uses_pull)


def fake(mode: str, **extra):
    return server_config(str(HERE / "fake_engine_server.py"),
                         env={**os.environ, "SHAPELENS_FAKE": mode, **extra})


@pytest_lsp.fixture(config=fake("regex"), params=CLIENTS)
async def client(lsp_client: LanguageClient, request, tmp_path):
    await start(lsp_client, request.param, tmp_path)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=fake("crash"), params=CLIENTS)
async def crashing(lsp_client: LanguageClient, request, tmp_path):
    await start(lsp_client, request.param, tmp_path)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=fake("slow"), params=CLIENTS)
async def slow(lsp_client: LanguageClient, request, tmp_path):
    await start(lsp_client, request.param, tmp_path)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=fake("partial"), params=CLIENTS)
async def partial(lsp_client: LanguageClient, request, tmp_path):
    await start(lsp_client, request.param, tmp_path)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=fake("regex"), params=CLIENTS)
async def no_hints(lsp_client: LanguageClient, request, tmp_path):
    await start(lsp_client, request.param, tmp_path,
                settings={"inlayHints": False, "disabledCodes": ["SL999"]})
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


ACCENTED = src("""
    # Températures — 温度 😀 (a line that is not ASCII)
    m = keras.Sequential([keras.layers.Dense(2, name="ü😀"), keras.layers.Dense(1)])  # BAD
""")


async def test_positions_after_non_ascii_text(client: LanguageClient):
    uri = open_doc(client, "enc.py", ACCENTED)
    diags = await diagnostics(client, uri, 1)
    assert [d.code for d in diags] == ["SL999"]
    assert diags[0].range.start == pos(client, ACCENTED, "BAD")
    assert diags[0].range.end == pos(client, ACCENTED, "BAD", 3)

    h = await hover(client, uri, pos(client, ACCENTED, "Dense(1)", 2))
    assert h is not None and "Dense" in h.contents.value
    assert h.range.start == pos(client, ACCENTED, "Dense(1)")
    assert h.range.end == pos(client, ACCENTED, "Dense(1)", len("Dense(1)"))

    hints = await inlay_hints(client, uri, ACCENTED)
    assert {h.position.character for h in hints} == {
        pos(client, ACCENTED, "Dense(2", len('Dense(2, name="ü😀")')).character,
        pos(client, ACCENTED, "Dense(1)", len("Dense(1)")).character,
    }
    assert all(h.label.startswith("→ ") for h in hints)


async def test_incremental_edits_in_client_units(client: LanguageClient):
    text = ACCENTED
    uri = open_doc(client, "inc.py", text)
    await diagnostics(client, uri, 1)
    # insert "XX" right after the emoji of the layer name, in client units
    at = pos(client, text, '😀"', 1)
    edit(client, uri, 2, (at.line, at.character), (at.line, at.character), "XX")
    text = text.replace('ü😀"', 'ü😀XX"')
    diags = await diagnostics(client, uri, 2)
    assert diags[0].range.start == pos(client, text, "BAD")
    # the edit landed where the client meant it: the hint after Dense(2, ...) moved by 2
    hints = await inlay_hints(client, uri, text)
    assert pos(client, text, "Dense(2", len('Dense(2, name="ü😀XX")')).character in {
        h.position.character for h in hints}


async def test_quick_fix_is_preferred_and_applies(client: LanguageClient):
    uri = open_doc(client, "fix.py", ACCENTED)
    diags = await diagnostics(client, uri, 1)
    actions = await code_actions(client, uri, diags[0].range, diags)
    assert [a.title for a in actions] == ["Replace BAD with GOOD"]
    assert actions[0].kind == T.CodeActionKind.QuickFix
    assert actions[0].is_preferred is True
    fixed = apply_edits(ACCENTED, edits_of(actions[0], uri), client)
    assert fixed == ACCENTED.replace("BAD", "GOOD")
    replace_all(client, uri, fixed, 2)
    assert await diagnostics(client, uri, 2) == []
    # only= filters by kind
    assert await code_actions(client, uri, diags[0].range, diags, only=[T.CodeActionKind.Refactor]) == []


async def test_code_lens_and_summary_command(client: LanguageClient):
    uri = open_doc(client, "lens.py", ACCENTED)
    await diagnostics(client, uri, 1)
    lenses = await client.text_document_code_lens_async(
        T.CodeLensParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    assert len(lenses) == 1
    lens = lenses[0]
    assert lens.range.start.line == 1
    assert lens.command.command == "shapelens.showSummary"
    assert list(lens.command.arguments) == [uri, 1]
    assert lens.command.title == "0 layers · 1,234 params · (None, 3) → (None, 1)"
    md = await client.workspace_execute_command_async(T.ExecuteCommandParams(
        command="shapelens.showSummary", arguments=lens.command.arguments))
    assert "1,234" in md
    md_all = await client.workspace_execute_command_async(T.ExecuteCommandParams(
        command="shapelens.showSummary", arguments=[uri]))
    assert "1,234" in md_all


async def test_stale_versions_are_not_published(slow: LanguageClient):
    client = slow
    uri = open_doc(client, "stale.py", "x = 1\n")
    await asyncio.sleep(0.05)  # version 1 is being analysed (0.3 s)
    for v in range(2, 7):
        replace_all(client, uri, f"x = {v}  # BAD\n", v)
    diags = await diagnostics(client, uri, 6)
    assert [d.code for d in diags] == ["SL999"]
    if not uses_pull(client):
        await asyncio.sleep(0.5)
        assert [p.version for p in client.published[uri]] == [6]


async def test_settings_turn_off_hints_and_codes(no_hints: LanguageClient):
    client = no_hints
    uri = open_doc(client, "off.py", ACCENTED)
    assert await diagnostics(client, uri, 1) == []
    assert await inlay_hints(client, uri, ACCENTED) == []
    # didChangeConfiguration with the same shape switches them back on
    client.workspace_did_change_configuration(T.DidChangeConfigurationParams(
        settings={"shapelens": {"inlayHints": True, "disabledCodes": []}}))
    replace_all(client, uri, ACCENTED, 2)
    assert [d.code for d in await diagnostics(client, uri, 2)] == ["SL999"]
    assert len(await inlay_hints(client, uri, ACCENTED)) == 2


async def test_pyproject_and_line_ignores(client: LanguageClient):
    (client.root / "pyproject.toml").write_text('[tool.shapelens]\nseverity = { SL999 = "warning" }\n')
    text = "a = keras.layers.Dense(1)  # BAD\nb = 2  # BAD  # shapelens: ignore[SL999]\n"
    uri = open_doc(client, "cfg.py", text)
    diags = await diagnostics(client, uri, 1)
    assert [(d.range.start.line, d.severity) for d in diags] == [(0, T.DiagnosticSeverity.Warning)]


async def test_a_failing_engine_does_not_take_the_server_down(crashing: LanguageClient):
    client = crashing
    uri = open_doc(client, "boom.py", ACCENTED)
    await asyncio.sleep(0.3)
    assert await hover(client, uri, pos(client, ACCENTED, "Dense(1)")) is None
    assert await inlay_hints(client, uri, ACCENTED) == []
    rng = T.Range(start=T.Position(0, 0), end=T.Position(1, 0))
    assert await code_actions(client, uri, rng) == []
    lenses = await client.text_document_code_lens_async(
        T.CodeLensParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    assert not lenses
    md = await client.workspace_execute_command_async(T.ExecuteCommandParams(
        command="shapelens.showSummary", arguments=[uri]))
    assert isinstance(md, str)
    # requests about documents the server never saw are answered too
    other = (client.root / "never.py").as_uri()
    assert await hover(client, other, T.Position(0, 0)) is None
    # and it still answers after all that
    replace_all(client, uri, "x = 1\n", 2)
    assert await hover(client, uri, T.Position(0, 0)) is None


async def test_close_clears_diagnostics(client: LanguageClient):
    uri = open_doc(client, "close.py", ACCENTED)
    assert await diagnostics(client, uri, 1)
    if uses_pull(client):  # pull clients drop a closed document's diagnostics themselves
        return
    client.text_document_did_close(T.DidCloseTextDocumentParams(
        text_document=T.TextDocumentIdentifier(uri=uri)))
    for _ in range(200):
        if not client.published[uri][-1].diagnostics:
            break
        await asyncio.sleep(0.01)
    assert not client.published[uri][-1].diagnostics


async def test_pyproject_change_reanalyses_open_documents(client: LanguageClient):
    text = "a = keras.layers.Dense(1)  # BAD\n"
    uri = open_doc(client, "watch.py", text)
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["SL999"]
    pyproject = client.root / "pyproject.toml"
    pyproject.write_text('[tool.shapelens]\ndisable = ["SL999"]\n')
    n = len(client.published.get(uri, []))
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
        T.FileEvent(uri=pyproject.as_uri(), type=T.FileChangeType.Created)]))
    if uses_pull(client):
        assert await diagnostics(client, uri, 1) == []
    else:
        for _ in range(500):
            if len(client.published[uri]) > n:
                break
            await asyncio.sleep(0.01)
        assert not client.published[uri][-1].diagnostics
    if client.capabilities.workspace.did_change_watched_files.dynamic_registration:
        assert any(r.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations)


async def test_form_feeds_and_quoted_uris(client: LanguageClient):
    """A form feed is not a line break for LSP; a file name with a space has a quoted URI."""
    text = "\x0c\nx = 1\x0c  # é\ny = keras.layers.Dense(1)  # BAD\n"
    uri = open_doc(client, "with space ü.py", text)
    assert "%20" in uri
    assert [d.range.start.line for d in await diagnostics(client, uri, 1)] == [2]
    at = pos(client, text, "# BAD")
    edit(client, uri, 2, (at.line, at.character), (at.line, at.character), "  ")
    text = text.replace("# BAD", "  # BAD")
    diags = await diagnostics(client, uri, 2)
    assert [(d.range.start.line, d.range.start.character) for d in diags] == [(2, text.split("\n")[2].index("BAD"))]


async def test_analysis_stopped_at_its_budget_goes_on(partial: LanguageClient):
    client = partial
    text = "a = keras.layers.Dense(1)  # BAD\nb = keras.layers.Dense(2)  # BAD\n"
    uri = open_doc(client, "long.py", text)
    if uses_pull(client):
        await asyncio.sleep(0.5)
        diags = await diagnostics(client, uri, 1)
    else:
        for _ in range(500):
            if len(client.published.get(uri, [])) >= 2:
                break
            await asyncio.sleep(0.01)
        first, second = client.published[uri][:2]
        assert (first.version, len(first.diagnostics)) == (1, 1)  # what was done so far, at once
        diags = second.diagnostics
    assert [d.range.start.line for d in diags] == [0, 1]
    assert len(await inlay_hints(client, uri, text)) == 2
    # it went on and finished: the "stopped" notice is not worth showing
    assert not any("analysis stopped" in m.message for m in client.log_messages)


async def test_refresh_after_answers_from_an_older_analysis(slow: LanguageClient):
    """Hints and lenses answered while the document's analysis lagged behind (the 0.3 s fake
    engine and a steady stream of edits): once the current analysis is out, the server asks
    clients that can refresh to ask again."""
    client = slow
    text = "model = keras.Sequential([keras.layers.Dense(1)])\n"
    uri = open_doc(client, "lag.py", text)
    await diagnostics(client, uri, 1)

    async def typing():
        for v in range(2, 10):
            replace_all(client, uri, text + "#" * v + "\n", v)
            await asyncio.sleep(0.2)

    typer = asyncio.ensure_future(typing())
    await asyncio.sleep(0.1)
    await asyncio.gather(inlay_hints(client, uri, text), client.text_document_code_lens_async(
        T.CodeLensParams(text_document=T.TextDocumentIdentifier(uri=uri))))
    await typer
    await diagnostics(client, uri, 9)
    await asyncio.sleep(0.2)
    caps = client.capabilities.workspace
    if caps.inlay_hint and caps.inlay_hint.refresh_support:
        assert client.refreshes["inlay"] >= 1
    if caps.code_lens and caps.code_lens.refresh_support:
        assert client.refreshes["lens"] >= 1
    assert client.refreshes["inlay"] + client.refreshes["lens"] >= 1


async def test_untitled_and_notebook_cell_documents(client: LanguageClient):
    """Documents that are not files (a new editor, a notebook cell) are analysed too."""
    text = "a = keras.layers.Dense(1)  # BAD\n"
    for uri in ("untitled:Untitled-1", "vscode-notebook-cell:/tmp/nb.ipynb#W0sZmlsZQ%3D%3D"):
        client.text_document_did_open(T.DidOpenTextDocumentParams(text_document=T.TextDocumentItem(
            uri=uri, language_id="python", version=1, text=text)))
        assert [d.code for d in await diagnostics(client, uri, 1)] == ["SL999"]
        h = await hover(client, uri, pos(client, text, "Dense", 1))
        assert h is not None and "Dense" in h.contents.value


async def test_pyproject_turns_inlay_hints_off(client: LanguageClient):
    (client.root / "pyproject.toml").write_text("[tool.shapelens]\ninlay-hints = false\n")
    uri = open_doc(client, "nohints.py", ACCENTED)
    await diagnostics(client, uri, 1)
    assert await inlay_hints(client, uri, ACCENTED) == []
    h = await hover(client, uri, pos(client, ACCENTED, "Dense(1)", 2))
    assert h is not None  # only the hints are off
