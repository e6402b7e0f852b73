"""End-to-end fixtures: the real server in a subprocess, driven by pytest-lsp with the client
capabilities of VS Code (UTF-16, push diagnostics) and Neovim (UTF-8, pull diagnostics)."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as T
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

HERE = Path(__file__).parent
CLIENTS = ["visual-studio-code", "neovim"]


def make_client() -> LanguageClient:
    """pytest-lsp's client, plus a record of every publishDiagnostics (with its version) and
    of the refresh requests the server sends."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = {}
    client.refreshes = {"inlay": 0, "lens": 0, "diagnostic": 0}

    def on_publish(client: LanguageClient, params: T.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.setdefault(params.uri, []).append(params)

    def on_inlay_refresh(client: LanguageClient, params):
        client.refreshes["inlay"] += 1

    def on_lens_refresh(client: LanguageClient, params):
        client.refreshes["lens"] += 1

    def on_diag_refresh(client: LanguageClient, params):
        client.refreshes["diagnostic"] += 1

    def on_register(client: LanguageClient, params: T.RegistrationParams):
        client.registrations = getattr(client, "registrations", []) + list(params.registrations)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[T.CLIENT_REGISTER_CAPABILITY] = on_register
    features[T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish
    features[T.WORKSPACE_INLAY_HINT_REFRESH] = on_inlay_refresh
    features[T.WORKSPACE_CODE_LENS_REFRESH] = on_lens_refresh
    features[T.WORKSPACE_DIAGNOSTIC_REFRESH] = on_diag_refresh
    register_lsp_features(client, features)
    return client


def server_config(*command: str, env: dict | None = None) -> ClientServerConfig:
    return ClientServerConfig(server_command=[sys.executable, *command], client_factory=make_client,
                              server_env=env)


REAL = server_config("-m", "shapelens.lsp")


async def start(client: LanguageClient, name: str, root: Path, settings: dict | None = None):
    caps = client_capabilities(name)
    client.client_name = name
    await client.initialize_session(T.InitializeParams(
        capabilities=caps,
        root_uri=root.as_uri(),
        workspace_folders=[T.WorkspaceFolder(uri=root.as_uri(), name="ws")],
        initialization_options={"settings": settings or {}},
    ))


@pytest_lsp.fixture(config=REAL, params=CLIENTS)
async def client(lsp_client: LanguageClient, request, tmp_path):
    await start(lsp_client, request.param, tmp_path)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


# ----------------------------------------------------------------------------- helpers


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def uses_pull(client: LanguageClient) -> bool:
    return client.capabilities.text_document.diagnostic is not None


def open_doc(client: LanguageClient, name: str, text: str, version: int = 1) -> str:
    path = client.root / name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(T.DidOpenTextDocumentParams(
        text_document=T.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)))
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[T.TextDocumentContentChangeWholeDocument(text=text)]))


def edit(client: LanguageClient, uri: str, version: int, start: tuple, end: tuple, text: str) -> None:
    """An incremental change; positions are in the client's units."""
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[T.TextDocumentContentChangePartial(
            range=T.Range(start=T.Position(*start), end=T.Position(*end)), text=text)]))


async def diagnostics(client: LanguageClient, uri: str, version: int, timeout: float = 20.0) -> list:
    """The diagnostics of ``version``: pulled when the client pulls, else the published ones."""
    if uses_pull(client):
        report = await asyncio.wait_for(client.text_document_diagnostic_async(
            T.DocumentDiagnosticParams(text_document=T.TextDocumentIdentifier(uri=uri))), timeout)
        return list(report.items)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for params in client.published.get(uri, []):
            if params.version == version:
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics published for {uri} version {version}")


def encoding(client: LanguageClient) -> str:
    encs = client.capabilities.general and client.capabilities.general.position_encodings
    return str(encs[0]) if encs else "utf-16"


def units(client: LanguageClient, s: str) -> int:
    """Length of ``s`` in the negotiated position encoding."""
    enc = encoding(client)
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-32":
        return len(s)
    return len(s.encode("utf-16-le")) // 2


def pos(client: LanguageClient, text: str, needle: str, offset: int = 0, occurrence: int = 0) -> T.Position:
    """Client position of ``needle`` (+ ``offset`` code points) in ``text``."""
    i = -1
    for _ in range(occurrence + 1):
        i = text.index(needle, i + 1)
    i += offset
    line = text.count("\n", 0, i)
    line_start = text.rfind("\n", 0, i) + 1
    return T.Position(line=line, character=units(client, text[line_start:i]))


async def hover(client: LanguageClient, uri: str, position: T.Position):
    return await client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=uri), position=position))


async def inlay_hints(client: LanguageClient, uri: str, text: str) -> list:
    n = text.count("\n") + 1
    return await client.text_document_inlay_hint_async(T.InlayHintParams(
        text_document=T.TextDocumentIdentifier(uri=uri),
        range=T.Range(start=T.Position(0, 0), end=T.Position(n, 0)))) or []


async def code_actions(client: LanguageClient, uri: str, rng: T.Range, diags: list | None = None, only=None) -> list:
    return await client.text_document_code_action_async(T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=uri), range=rng,
        context=T.CodeActionContext(diagnostics=diags or [], only=only))) or []


def apply_edits(text: str, edits: list, client: LanguageClient) -> str:
    """Apply LSP text edits (in the client's encoding) to ``text``."""
    lines = text.split("\n")

    def offset(p: T.Position) -> int:
        line = lines[p.line] if p.line < len(lines) else ""
        col, used = 0, 0
        while col < len(line) and used < p.character:
            used += units(client, line[col])
            col += 1
        return sum(len(l) + 1 for l in lines[:p.line]) + col

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        a, b = offset(e.range.start), offset(e.range.end)
        text = text[:a] + e.new_text + text[b:]
        lines = text.split("\n")
    return text


def edits_of(action: T.CodeAction, uri: str) -> list:
    we = action.edit
    if we.document_changes:
        return [e for dc in we.document_changes if dc.text_document.uri == uri for e in dc.edits]
    return list(we.changes[uri])


def pytest_collection_modifyitems(config, items):
    """These tests always run as if with ``-W error::pytest_lsp.LspSpecificationWarning``: a
    reply the client's capabilities do not allow fails the test."""
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning"))
