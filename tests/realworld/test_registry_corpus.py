"""shapelens over every ``.py`` of pinned Keras packages from the package registry (see
registry_corpus.py): no engine exception, and no error or warning that is not in
registry_reviewed.json (a reviewed entry is a real bug of the package, reproduced in Keras).

One test per package, so that pytest-xdist spreads them.  The figures (files, lines, layer
records, concrete shapes, errors, warnings, seconds) are printed in the terminal summary.
"""

from __future__ import annotations

import ast
import os

import pytest

from registry_corpus import (PACKAGES, REVIEWED_TESTS, DownloadError, analyse_package, download, load_reviewed,
                             table)

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")


class _Summary:
    """A plugin that prints the figures of the packages analysed in this session."""

    def __init__(self):
        self.runs = []

    def pytest_terminal_summary(self, terminalreporter):
        if self.runs:
            terminalreporter.section("registry corpus")
            for line in table(self.runs):
                terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def summary(request):
    plugin = _Summary()
    request.config.pluginmanager.register(plugin, "registry-corpus-summary")
    return plugin


def _archive(spec):
    try:
        return download(spec)
    except DownloadError as exc:
        if exc.network and not IN_CI:
            pytest.skip(f"{spec}: not cached and the registry cannot be reached")
        pytest.fail(str(exc), pytrace=False)


@pytest.mark.parametrize("spec", PACKAGES)
def test_package(spec, summary):
    run = analyse_package(spec, _archive(spec))
    summary.runs.append(run)
    reviewed = {(e["package"], e["file"], e["line"], e["code"]) for e in load_reviewed() if e["package"] == run.package}
    found = {f.key for f in run.findings}
    problems = [f"engine exception in {crash}" for crash in run.crashes]
    problems += [f"unreviewed: {f}" for f in run.findings if f.key not in reviewed]
    problems += [f"reviewed but no longer reported: {'/'.join(map(str, key))}" for key in sorted(reviewed - found)]
    assert not problems, f"{spec}: {len(problems)} problem(s)\n" + "\n".join(problems)


def test_reviewed_entries_name_a_keras_test():
    tests = set()
    if REVIEWED_TESTS.exists():
        tests = {node.name for node in ast.walk(ast.parse(REVIEWED_TESTS.read_text()))
                 if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}
    packages = {spec.split("==")[0] for spec in PACKAGES}
    for entry in load_reviewed():
        assert set(entry) == {"package", "file", "line", "code", "why", "test"}, entry
        assert entry["package"] in packages, entry
        assert entry["test"] in tests, f"{entry}: no such test in {REVIEWED_TESTS.name}"
