"""The editor and the user's other files: a file's diagnostics, hover and lenses computed through
the files it imports (their editor text when they are open, else the disk), and analysed again
when one of them changes in the editor (didChange, didClose) or on disk (didChangeWatchedFiles)."""

from __future__ import annotations

import asyncio

from lsprotocol import types as T
from pytest_lsp import LanguageClient

from .conftest import diagnostics, hover, inlay_hints, open_doc, pos, replace_all, src, uses_pull

BLOCKS = src("""
    import keras
    from keras import layers

    FEATURES = 3

    def build_model(timesteps):
        inputs = keras.Input(shape=(timesteps, FEATURES))
        x = layers.LSTM(16)(inputs)
        return keras.Model(inputs, layers.Dense(1)(x))

    HEAD = [layers.Dense(8), layers.Dense(2)]
""")

TRAIN = src("""
    import numpy as np
    import keras
    from blocks import build_model, HEAD

    model = build_model(10)
    model.compile(loss="mse")
    X = np.zeros((64, 10, 4))
    model.fit(X, np.zeros((64, 1)))
    h = HEAD[0](keras.Input((5,)))
""")


def codes(diags: list) -> list:
    return [(d.range.start.line, d.code) for d in diags if d.severity == T.DiagnosticSeverity.Error]


async def current_diagnostics(client: LanguageClient, uri: str, published_before: int, want, timeout=20.0) -> list:
    """The diagnostics of ``uri`` once ``want(codes)`` holds: pulled again, or published after the
    first ``published_before`` publishes (the document's own version did not change)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    got = None
    while loop.time() < deadline:
        if uses_pull(client):
            got = list((await client.text_document_diagnostic_async(
                T.DocumentDiagnosticParams(text_document=T.TextDocumentIdentifier(uri=uri)))).items)
        else:
            pubs = client.published.get(uri, [])
            got = list(pubs[-1].diagnostics) if len(pubs) > published_before else None
        if got is not None and want(codes(got)):
            return got
        await asyncio.sleep(0.05)
    raise AssertionError(f"diagnostics of {uri} never became what was wanted; last: {got and codes(got)}")


def published(client: LanguageClient, uri: str) -> int:
    return len(client.published.get(uri, []))


async def settled(client: LanguageClient, uri: str, want) -> list:
    """The document's diagnostics once ``want(codes)`` holds (a first run may publish before the
    imported files are analysed: what rests on them is Unknown, so silent, until the next)."""
    return await current_diagnostics(client, uri, 0, want)


async def hover_with(client: LanguageClient, uri: str, position: T.Position, *needles: str, timeout=20.0):
    """The hover at ``position`` once it shows every needle (asked again while the analysis of
    the imported files goes on)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        h = await hover(client, uri, position)
        text = h.contents.value if h is not None else ""
        if all(n in text for n in needles) or loop.time() > deadline:
            return h
        await asyncio.sleep(0.05)


async def test_shapes_and_errors_through_an_imported_file(client: LanguageClient):
    (client.root / "blocks.py").write_text(BLOCKS)  # on disk, not open
    uri = open_doc(client, "train.py", TRAIN)
    diags = await settled(client, uri, lambda c: c == [(7, "SL201")])  # fit's data has 4 features; blocks.py's model takes 3
    assert "(None, 10, 3)" in diags[0].message
    h = await hover_with(client, uri, pos(client, TRAIN, "model =", 1), "(None, 10, 3)")
    assert h is not None and "(None, 10, 3)" in h.contents.value and "lstm" in h.contents.value
    h = await hover_with(client, uri, pos(client, TRAIN, "h =", 0), "(None, 8)")
    assert h is not None and "(None, 8)" in h.contents.value
    labels = [hint.label for hint in await inlay_hints(client, uri, TRAIN)]
    assert "→ (None, 8)" in labels  # HEAD[0], a layer of blocks.py, called here
    lenses = await client.text_document_code_lens_async(T.CodeLensParams(text_document=T.TextDocumentIdentifier(uri=uri)))
    assert [lens.range.start.line for lens in lenses] == [4]
    assert "(None, 10, 3) → (None, 1)" in lenses[0].command.title


async def test_editing_the_imported_file_updates_the_importer(client: LanguageClient):
    (client.root / "blocks.py").write_text(BLOCKS)
    train = open_doc(client, "train.py", TRAIN)
    await settled(client, train, lambda c: c == [(7, "SL201")])
    blocks = open_doc(client, "blocks.py", BLOCKS)
    assert codes(await diagnostics(client, blocks, 1)) == []
    n = published(client, train)
    # the model now takes 4 features: train.py's fit is right (blocks.py is not saved)
    replace_all(client, blocks, BLOCKS.replace("FEATURES = 3", "FEATURES = 4"), 2)
    await current_diagnostics(client, train, n, lambda c: c == [])
    # and back: the error is there again
    n = published(client, train)
    replace_all(client, blocks, BLOCKS, 3)
    await current_diagnostics(client, train, n, lambda c: c == [(7, "SL201")])
    # closed without saving: the disk's text counts again (3 features)
    n = published(client, train)
    replace_all(client, blocks, BLOCKS.replace("FEATURES = 3", "FEATURES = 4"), 4)
    await current_diagnostics(client, train, n, lambda c: c == [])
    n = published(client, train)
    client.text_document_did_close(T.DidCloseTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=blocks)))
    await current_diagnostics(client, train, n, lambda c: c == [(7, "SL201")])


async def test_files_changed_created_and_deleted_on_disk(client: LanguageClient):
    blocks_path = client.root / "blocks.py"
    blocks_path.write_text(BLOCKS)
    train = open_doc(client, "train.py", TRAIN)
    await settled(client, train, lambda c: c == [(7, "SL201")])
    n = published(client, train)
    blocks_path.write_text(BLOCKS.replace("FEATURES = 3", "FEATURES = 4"))  # e.g. a git checkout
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
        T.FileEvent(uri=blocks_path.as_uri(), type=T.FileChangeType.Changed)]))
    await current_diagnostics(client, train, n, lambda c: c == [])
    # deleted: Unknown, silent
    n = published(client, train)
    blocks_path.unlink()
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
        T.FileEvent(uri=blocks_path.as_uri(), type=T.FileChangeType.Deleted)]))
    await current_diagnostics(client, train, n, lambda c: c == [])
    # created again (3 features): the error comes back
    n = published(client, train)
    blocks_path.write_text(BLOCKS)
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
        T.FileEvent(uri=blocks_path.as_uri(), type=T.FileChangeType.Created)]))
    await current_diagnostics(client, train, n, lambda c: c == [(7, "SL201")])
    if client.capabilities.workspace.did_change_watched_files.dynamic_registration:
        globs = [w["globPattern"] for r in client.registrations if r.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES
                 for w in r.register_options["watchers"]]  # (the client keeps them as sent: JSON)
        assert "**/*.py" in globs and "**/pyproject.toml" in globs


async def test_packages_cycles_and_missing_modules_in_the_editor(client: LanguageClient):
    pkg = client.root / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "dims.py").write_text("from .cycle import X\nWIDTH = 6\n")
    (pkg / "cycle.py").write_text("from .dims import WIDTH\nX = WIDTH\n")
    text = src("""
        import keras
        from pkg.dims import WIDTH
        from pkg.cycle import X
        from not_a_module import SHAPE
        from .nor_this import N
        x = keras.layers.Dense(WIDTH)(keras.Input((2,)))
        y = keras.Input(shape=SHAPE)
        z = keras.Input(shape=(X, N))
    """)
    uri = open_doc(client, "use.py", text)
    assert codes(await diagnostics(client, uri, 1)) == []
    h = await hover_with(client, uri, pos(client, text, "x =", 0), "(None, 6)")
    assert h is not None and "(None, 6)" in h.contents.value


async def test_a_notebook_cell_imports_a_file_of_its_folder(client: LanguageClient):
    (client.root / "blocks.py").write_text(BLOCKS)
    nb_uri = (client.root / "explore.ipynb").as_uri()
    cells = [("c1", "from blocks import build_model\nimport numpy as np\n"),
             ("c2", "model = build_model(10)\nmodel.compile(loss='mse')\nmodel.fit(np.zeros((8, 10, 4)), np.zeros((8, 1)))\n")]
    cell_uris = [f"{nb_uri}#{cid}" for cid, _ in cells]
    client.notebook_document_did_open(T.DidOpenNotebookDocumentParams(
        notebook_document=T.NotebookDocument(uri=nb_uri, notebook_type="jupyter-notebook", version=1, cells=[
            T.NotebookCell(kind=T.NotebookCellKind.Code, document=u) for u in cell_uris]),
        cell_text_documents=[T.TextDocumentItem(uri=u, language_id="python", version=1, text=t)
                             for u, (_cid, t) in zip(cell_uris, cells)]))
    await settled(client, cell_uris[1], lambda c: c == [(2, "SL201")])


MODELS = src("""
    import keras
    from keras import layers

    def build_model(n):
        inputs = keras.Input(shape=(n, 4))
        x = layers.Conv1D(8, 3)(inputs)
        x = layers.GlobalMaxPooling1D()(x)
        return keras.Model(inputs, layers.Dense(2, activation="softmax")(x))
""")

TRAIN_MODELS = src("""
    import numpy as np
    from models import build_model

    model = build_model(16)
    model.compile(loss="categorical_crossentropy")
    model.fit(np.zeros((32, 16, 4)), np.zeros((32, 2)))
""")


async def test_hints_and_hover_follow_an_edit_of_the_open_builder_file(client: LanguageClient):
    models = open_doc(client, "models.py", MODELS)
    train = open_doc(client, "train.py", TRAIN_MODELS)
    assert codes(await diagnostics(client, train, 1)) == []
    h = await hover_with(client, train, pos(client, TRAIN_MODELS, "model =", 1), "(None, 16, 4)", "(None, 2)")
    assert h is not None and "(None, 16, 4)" in h.contents.value and "(None, 2)" in h.contents.value
    assert codes(await diagnostics(client, models, 1)) == []
    refreshes = client.refreshes["inlay"]
    n = published(client, train)
    # the builder now ends in 3 classes: train.py's targets (2 columns) no longer fit, and what
    # train.py shows for its model follows (models.py is not saved)
    replace_all(client, models, MODELS.replace("Dense(2,", "Dense(3,"), 2)
    diags = await current_diagnostics(client, train, n, lambda c: c != [])
    assert [line for line, _code in codes(diags)] == [5]  # the fit line
    h = await hover_with(client, train, pos(client, TRAIN_MODELS, "model =", 1), "(None, 3)")
    assert h is not None and "(None, 3)" in h.contents.value
    if client.capabilities.workspace.inlay_hint and client.capabilities.workspace.inlay_hint.refresh_support:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while client.refreshes["inlay"] == refreshes and loop.time() < deadline:
            await asyncio.sleep(0.05)
        assert client.refreshes["inlay"] > refreshes  # the editor is told to ask train.py's hints again


async def test_two_open_files_importing_each_other_stay_silent(client: LanguageClient):
    a_text = src("""
        import keras
        from b import N
        M = 4
        x = keras.Input((N,))
    """)
    b_text = src("""
        import keras
        from a import M
        N = 3
        y = keras.layers.Dense(2)(keras.Input(shape=(M,)))
    """)
    a = open_doc(client, "a.py", a_text)
    b = open_doc(client, "b.py", b_text)
    assert codes(await diagnostics(client, a, 1)) == []
    assert codes(await diagnostics(client, b, 1)) == []
    h = await hover_with(client, a, pos(client, a_text, "x =", 0), "(None, 3)")
    assert h is not None and "(None, 3)" in h.contents.value  # N does not rest on the cut import
    # an edit of b.py: a.py is analysed again through the cycle, and nothing is reported anywhere
    n = published(client, a)
    replace_all(client, b, b_text.replace("N = 3", "N = 5"), 2)
    await current_diagnostics(client, a, n, lambda c: c == [])
    h = await hover_with(client, a, pos(client, a_text, "x =", 0), "(None, 5)")
    assert h is not None and "(None, 5)" in h.contents.value
    assert codes(await diagnostics(client, b, 2)) == []
    for uri in (a, b):
        assert all(d.severity != T.DiagnosticSeverity.Error for p in client.published.get(uri, []) for d in p.diagnostics)


async def test_a_module_opened_for_the_first_time_is_found_by_its_importer(client: LanguageClient):
    train_text = src("""
        import keras
        from helpers import SHAPE
        x = keras.layers.LSTM(4)(keras.Input(shape=SHAPE))
    """)
    train = open_doc(client, "train.py", train_text)
    assert codes(await diagnostics(client, train, 1)) == []  # helpers.py is not there: Unknown
    n = published(client, train)
    # the user creates helpers.py in the editor (written and opened): the LSTM gets 2-D input
    open_doc(client, "helpers.py", "SHAPE = (8,)\n")
    diags = await current_diagnostics(client, train, n, lambda c: c != [])
    assert codes(diags) == [(2, "SL101")]  # (an LSTM given 2-D input)
