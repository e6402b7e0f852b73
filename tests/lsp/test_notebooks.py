"""Notebooks through LSP 3.17 notebook synchronisation, with VS Code's capabilities: the server
analyses the notebook as one program, publishes per cell URI, answers hover, inlay hints, code
actions and lenses on cell URIs, a quick fix edits another cell, and cells added, moved and
deleted are followed.  A whole notebook sent as one Python document (jupyterlab-lsp) is Python."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import LanguageClient, client_capabilities

from .conftest import REAL, apply_edits, code_actions, edits_of, hover, open_doc, src

NB = "file:///tmp/shapelens-notebooks/forecast.ipynb"


def cell_uri(k: int) -> str:  # VS Code's form (kept exactly as given)
    return f"vscode-notebook-cell:/tmp/shapelens-notebooks/forecast.ipynb#W{k}sZmlsZQ%3D%3D"


CELLS = [
    ("markdown", "# Forecasting\n"),
    ("code", "import keras\nfrom keras import layers\n"),
    ("code", "inputs = keras.Input(shape=(10, 3))\nx = layers.LSTM(16)(inputs)\n"),
    ("code", "y = layers.LSTM(8)(x)\nmodel = keras.Model(inputs, y)\n"),
]


@pytest_lsp.fixture(config=REAL)
async def client(lsp_client: LanguageClient, tmp_path):
    caps = client_capabilities("visual-studio-code")
    caps.notebook_document = T.NotebookDocumentClientCapabilities(
        synchronization=T.NotebookDocumentSyncClientCapabilities(dynamic_registration=True,
                                                                  execution_summary_support=True))
    await lsp_client.initialize_session(T.InitializeParams(capabilities=caps, root_uri=tmp_path.as_uri()))
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


def open_notebook(client: LanguageClient, cells=CELLS) -> None:
    client.notebook_document_did_open(T.DidOpenNotebookDocumentParams(
        notebook_document=T.NotebookDocument(uri=NB, notebook_type="jupyter-notebook", version=1, cells=[
            T.NotebookCell(kind=T.NotebookCellKind.Markup if kind == "markdown" else T.NotebookCellKind.Code,
                           document=cell_uri(k)) for k, (kind, _) in enumerate(cells)]),
        cell_text_documents=[T.TextDocumentItem(uri=cell_uri(k), language_id="markdown" if kind == "markdown"
                                                else "python", version=1, text=text)
                             for k, (kind, text) in enumerate(cells)]))


async def published(client: LanguageClient, uri: str, want=lambda ds: True, timeout=20.0) -> list:
    """The last diagnostics published for ``uri`` once ``want`` holds for them."""
    for _ in range(int(timeout / 0.02)):
        got = client.published.get(uri)
        if got and want(got[-1].diagnostics):
            return list(got[-1].diagnostics)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics as wanted for {uri}: {client.published.get(uri)}")


async def test_a_bug_split_over_two_cells_and_its_fix_in_the_earlier_cell(client: LanguageClient):
    open_notebook(client)
    [d] = await published(client, cell_uri(3), lambda ds: len(ds) == 1)
    assert d.code == "SL102" and d.range.start.line == 0 and "line 2 of cell 3" in d.message
    assert await published(client, cell_uri(2)) == []  # every cell gets its list
    actions = await code_actions(client, cell_uri(3), d.range, [d])
    fix = next(a for a in actions if "return_sequences" in a.title)
    [(where, edits)] = [(c.text_document.uri, c.edits) for c in fix.edit.document_changes]
    assert where == cell_uri(2)  # the LSTM two cells up
    fixed = apply_edits(CELLS[2][1], edits, client)
    assert "layers.LSTM(16, return_sequences=True)" in fixed
    client.notebook_document_did_change(T.DidChangeNotebookDocumentParams(
        notebook_document=T.VersionedNotebookDocumentIdentifier(uri=NB, version=2),
        change=T.NotebookDocumentChangeEvent(cells=T.NotebookDocumentCellChanges(text_content=[
            T.NotebookDocumentCellContentChanges(
                document=T.VersionedTextDocumentIdentifier(uri=cell_uri(2), version=2),
                changes=[T.TextDocumentContentChangeWholeDocument(text=fixed)])]))))
    assert await published(client, cell_uri(3), lambda ds: not ds) == []


@pytest_lsp.fixture(config=REAL)
async def pull_client(lsp_client: LanguageClient, tmp_path):
    """VS Code as vscode-languageclient 11 sets it up: pull diagnostics, and refreshes."""
    caps = client_capabilities("visual-studio-code")
    caps.notebook_document = T.NotebookDocumentClientCapabilities(
        synchronization=T.NotebookDocumentSyncClientCapabilities(dynamic_registration=True))
    caps.text_document.diagnostic = T.DiagnosticClientCapabilities(dynamic_registration=True,
                                                                   related_document_support=False)
    caps.workspace.diagnostics = T.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    caps.workspace.inlay_hint = T.InlayHintWorkspaceClientCapabilities(refresh_support=True)
    caps.workspace.code_lens = T.CodeLensWorkspaceClientCapabilities(refresh_support=True)
    await lsp_client.initialize_session(T.InitializeParams(capabilities=caps, root_uri=tmp_path.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def pulled(client: LanguageClient, uri: str) -> list:
    report = await client.text_document_diagnostic_async(T.DocumentDiagnosticParams(
        text_document=T.TextDocumentIdentifier(uri=uri)))
    return list(report.items)


async def test_a_fix_in_one_cell_refreshes_the_others_when_diagnostics_are_pulled(pull_client: LanguageClient):
    """The editor pulls again only for the cell it edited; the server tells it that the other
    cells changed too (the decoder cell's error is gone, its shape is known), and only then."""
    client = pull_client
    open_notebook(client)
    for _ in range(200):
        if len(await pulled(client, cell_uri(3))) == 1:
            break
        await asyncio.sleep(0.05)
    [d] = await pulled(client, cell_uri(3))
    assert d.code == "SL102"
    await asyncio.sleep(0.3)
    before = dict(client.refreshes)
    # an edit that changes nothing another cell shows: no refresh
    client.notebook_document_did_change(T.DidChangeNotebookDocumentParams(
        notebook_document=T.VersionedNotebookDocumentIdentifier(uri=NB, version=2),
        change=T.NotebookDocumentChangeEvent(cells=T.NotebookDocumentCellChanges(text_content=[
            T.NotebookDocumentCellContentChanges(
                document=T.VersionedTextDocumentIdentifier(uri=cell_uri(1), version=2),
                changes=[T.TextDocumentContentChangeWholeDocument(text=CELLS[1][1] + "# a comment\n")])]))))
    await pulled(client, cell_uri(1))
    await asyncio.sleep(0.5)
    assert client.refreshes == before
    # the fix goes into cell 2; cell 3 changes
    fixed = CELLS[2][1].replace("LSTM(16)", "LSTM(16, return_sequences=True)")
    client.notebook_document_did_change(T.DidChangeNotebookDocumentParams(
        notebook_document=T.VersionedNotebookDocumentIdentifier(uri=NB, version=3),
        change=T.NotebookDocumentChangeEvent(cells=T.NotebookDocumentCellChanges(text_content=[
            T.NotebookDocumentCellContentChanges(
                document=T.VersionedTextDocumentIdentifier(uri=cell_uri(2), version=2),
                changes=[T.TextDocumentContentChangeWholeDocument(text=fixed)])]))))
    assert await pulled(client, cell_uri(2)) == []
    for _ in range(200):
        if all(client.refreshes[k] > before[k] for k in ("diagnostic", "inlay", "lens")):
            break
        await asyncio.sleep(0.05)
    assert all(client.refreshes[k] == before[k] + 1 for k in ("diagnostic", "inlay", "lens")), client.refreshes
    assert await pulled(client, cell_uri(3)) == []
    hints = await client.text_document_inlay_hint_async(T.InlayHintParams(
        text_document=T.TextDocumentIdentifier(uri=cell_uri(3)),
        range=T.Range(start=T.Position(0, 0), end=T.Position(2, 0))))
    assert [(h.position.line, h.label) for h in hints] == [(0, "→ (None, 8)")]


async def test_hover_and_hints_on_a_cell_use_the_earlier_cells(client: LanguageClient):
    open_notebook(client)
    await published(client, cell_uri(3), lambda ds: len(ds) == 1)
    h = await hover(client, cell_uri(2), T.Position(line=1, character=12))
    assert h is not None and "(None, 16)" in h.contents.value and "(None, 10, 3)" in h.contents.value
    assert h.range.start == T.Position(line=1, character=4)  # in the cell's own lines
    hints = await client.text_document_inlay_hint_async(T.InlayHintParams(
        text_document=T.TextDocumentIdentifier(uri=cell_uri(2)),
        range=T.Range(start=T.Position(0, 0), end=T.Position(2, 0))))
    assert [(h.position.line, h.label) for h in hints] == [(0, "→ (None, 10, 3)"), (1, "→ (None, 16)")]
    lenses = await client.text_document_code_lens_async(T.CodeLensParams(
        text_document=T.TextDocumentIdentifier(uri=cell_uri(3))))
    assert [lens.range.start.line for lens in lenses] == [1]  # the model made in this cell


async def test_cells_added_moved_and_deleted(client: LanguageClient):
    cells = CELLS[:3] + [("code", "z = layers.Dense(4)(x)\n")]  # no bug
    open_notebook(client, cells)
    assert await published(client, cell_uri(3)) == []
    # a new cell with the stacked LSTM inserted before the Dense one: the bug appears in it
    new = T.TextDocumentItem(uri=cell_uri(9), language_id="python", version=1, text="w = layers.GRU(2)(x)\n")
    client.notebook_document_did_change(T.DidChangeNotebookDocumentParams(
        notebook_document=T.VersionedNotebookDocumentIdentifier(uri=NB, version=2),
        change=T.NotebookDocumentChangeEvent(cells=T.NotebookDocumentCellChanges(structure=T.NotebookDocumentCellChangeStructure(
            array=T.NotebookCellArrayChange(start=3, delete_count=0, cells=[
                T.NotebookCell(kind=T.NotebookCellKind.Code, document=cell_uri(9))]),
            did_open=[new])))))
    [d] = await published(client, cell_uri(9), lambda ds: len(ds) == 1)
    assert d.code == "SL102"
    # moving the cell above the LSTM's cell: x is not defined there yet, nothing is known
    client.notebook_document_did_change(T.DidChangeNotebookDocumentParams(
        notebook_document=T.VersionedNotebookDocumentIdentifier(uri=NB, version=3),
        change=T.NotebookDocumentChangeEvent(cells=T.NotebookDocumentCellChanges(structure=T.NotebookDocumentCellChangeStructure(
            array=T.NotebookCellArrayChange(start=1, delete_count=3, cells=[
                T.NotebookCell(kind=T.NotebookCellKind.Code, document=cell_uri(u)) for u in (1, 9, 2)]))))))
    assert await published(client, cell_uri(9), lambda ds: not ds) == []
    # deleting it: its diagnostics are cleared, the others stay right
    client.notebook_document_did_change(T.DidChangeNotebookDocumentParams(
        notebook_document=T.VersionedNotebookDocumentIdentifier(uri=NB, version=4),
        change=T.NotebookDocumentChangeEvent(cells=T.NotebookDocumentCellChanges(structure=T.NotebookDocumentCellChangeStructure(
            array=T.NotebookCellArrayChange(start=2, delete_count=1, cells=[]),
            did_close=[T.TextDocumentIdentifier(uri=cell_uri(9))])))))
    await asyncio.sleep(0.3)
    h = await hover(client, cell_uri(3), T.Position(line=0, character=5))
    assert h is not None and "(None, 4)" in h.contents.value


async def test_a_whole_notebook_as_one_python_document_is_python(client: LanguageClient):
    """jupyterlab-lsp sends the notebook as one Python document whose URI ends in .ipynb, cells
    joined and magics rewritten as get_ipython() calls: decided by languageId, not the name."""
    text = src("""
        get_ipython().run_line_magic('matplotlib', 'inline')
        import keras


        x = keras.Input(shape=(10,))


        y = keras.layers.LSTM(4)(x)
    """)
    uri = open_doc(client, "lab.ipynb", text)
    [d] = await published(client, uri, lambda ds: len(ds) == 1)
    assert d.code == "SL101" and d.range.start.line == 7
