"""The command line as CI users run it: formats (GitHub annotations, concise, statistics),
code selection, exit status, excluded folders from pyproject.toml, parallel workers with a
stable order, the per-file time bound, and the pre-commit hook on Python files and notebooks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BUGGY = textwrap.dedent("""\
    import keras
    x = keras.Input(shape=(10, 3))
    h = keras.layers.LSTM(8)(x)
    y = keras.layers.LSTM(4)(h)
    """)
INPUT_INT = "import keras\nx = keras.Input(shape=10)\n"
CLEAN = "import keras\nx = keras.Input(shape=(10, 3))\ny = keras.layers.LSTM(4)(x)\n"


def notebook(*sources) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [],
                                  "execution_count": None} for s in sources]}, indent=1)


def cli(*args, cwd: Path, check_rc=None) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "shapelens", *args], capture_output=True, text=True, cwd=cwd,
                       timeout=300)
    if check_rc is not None:
        assert r.returncode == check_rc, r.stdout + r.stderr
    return r


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "stacked.py").write_text(BUGGY)
    (tmp_path / "src" / "shape.py").write_text(INPUT_INT)
    (tmp_path / "src" / "ok.py").write_text(CLEAN)
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "split.ipynb").write_text(notebook(
        "import keras\n", "x = keras.Input(shape=(10, 3))\nh = keras.layers.LSTM(8)(x)\n", "y = keras.layers.LSTM(4)(h)\n"))
    return tmp_path


def test_github_annotations(project: Path):
    r = cli("check", "--format", "github", ".", cwd=project, check_rc=1)
    lines = sorted(r.stdout.splitlines())
    assert len(lines) == 3 and all(ln.startswith("::error file=") for ln in lines)
    by_file = {line.split("file=")[1].split(",")[0]: line for line in lines}
    assert set(by_file) == {"nb/split.ipynb", "src/shape.py", "src/stacked.py"}
    assert by_file["src/stacked.py"].startswith("::error file=src/stacked.py,line=4,col=5,endLine=4,endColumn=25,"
                                                "title=shapelens SL102::LSTM expects 3-D input")
    nb_line = by_file["nb/split.ipynb"]
    raw = (project / "nb" / "split.ipynb").read_text().split("\n")
    line = int(nb_line.split("line=")[1].split(",")[0])
    assert '"y = keras.layers.LSTM(4)(h)' in raw[line - 1]  # the notebook file's own line
    assert "title=shapelens SL102 in cell 3%2C line 1::" in nb_line


def test_concise_select_ignore_statistics_exit_zero(project: Path):
    r = cli("check", "--format", "concise", "src", cwd=project, check_rc=1)
    lines = r.stdout.splitlines()
    assert lines[0].startswith("src/shape.py:2:5: SL115 keras.Input(shape=10)")
    assert lines[1].startswith("src/stacked.py:4:5: SL102 LSTM expects 3-D input")
    assert lines[2:] == ["Found 2 diagnostics."]
    only = cli("check", "--format", "concise", "--select", "SL102", "src", cwd=project, check_rc=1)
    assert "SL115" not in only.stdout and "SL102" in only.stdout
    none = cli("check", "--format", "concise", "--select", "SL1", "--ignore", "SL102,SL115", "src", cwd=project,
               check_rc=0)
    assert none.stdout.strip() == "All checks passed."
    stats = cli("check", "--statistics", ".", cwd=project, check_rc=1)
    assert [ln.split()[:2] for ln in stats.stdout.splitlines()] == [["2", "SL102"], ["1", "SL115"]]
    cli("check", "--exit-zero", ".", cwd=project, check_rc=0)


def test_exclude_and_extend_exclude(project: Path):
    (project / "build").mkdir()
    (project / "build" / "gen.py").write_text(BUGGY)
    (project / "pyproject.toml").write_text('[tool.shapelens]\nextend-exclude = ["nb", "src/shape.py"]\n')
    r = cli("check", "--format", "json", ".", cwd=project)
    paths = sorted(Path(f["path"]).as_posix() for f in json.loads(r.stdout)["files"])
    assert paths == ["src/ok.py", "src/stacked.py"]  # build/ is a default exclude; nb and shape.py extended
    (project / "pyproject.toml").write_text('[tool.shapelens]\nexclude = ["ok.py"]\n')  # replaces the defaults
    r = cli("check", "--format", "json", ".", cwd=project)
    paths = sorted(Path(f["path"]).as_posix() for f in json.loads(r.stdout)["files"])
    assert paths == ["build/gen.py", "nb/split.ipynb", "src/shape.py", "src/stacked.py"]
    r = cli("check", "--format", "json", "src/ok.py", cwd=project)  # a file named on the command line is checked
    assert [Path(f["path"]).name for f in json.loads(r.stdout)["files"]] == ["ok.py"]


def test_parallel_workers_keep_the_order(project: Path):
    for k in range(12):
        (project / "src" / f"m{k:02d}.py").write_text(BUGGY if k % 3 == 0 else CLEAN)
    one = cli("check", "--format", "json", "--jobs", "1", ".", cwd=project)
    two = cli("check", "--format", "json", "--jobs", "2", ".", cwd=project)
    assert one.stdout == two.stdout
    assert [Path(f["path"]).as_posix() for f in json.loads(two.stdout)["files"]][:3] == [
        "nb/split.ipynb", "src/m00.py", "src/m01.py"]


def test_time_bound_per_file(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import genkeras

    (tmp_path / "big.py").write_text(genkeras.generate(20_000))
    r = cli("check", "--timeout", "0.5", "big.py", cwd=tmp_path)
    assert "analysis stopped at line" in r.stdout and "--timeout" in r.stdout


@pytest.mark.timeout(900)
def test_pre_commit_hook_checks_python_files_and_notebooks(project: Path, tmp_path_factory):
    """The hook in .pre-commit-hooks.yaml, run by pre-commit itself on a repository with a
    broken model in a .py and in a notebook (it installs shapelens from this checkout)."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to run pre-commit")
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    src = tmp_path_factory.mktemp("hook-repo")  # the hook's repository: this checkout's files, committed
    subprocess.run(["git", "init", "-q", str(src)], check=True, env=env)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "server", src / "server", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run(["git", "-C", str(src), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(src), "commit", "-q", "-m", "hook"], check=True, env=env)
    subprocess.run(["git", "init", "-q", str(project)], check=True, env=env)
    subprocess.run(["git", "-C", str(project), "add", "-A"], check=True, env=env)
    r = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(src), "shapelens", "--all-files"],
                       cwd=project, capture_output=True, text=True, env=env, timeout=800)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "src/stacked.py:4:5: SL102" in out and "nb/split.ipynb:cell 3:1:5: SL102" in out, out
    assert "src/shape.py:2:5: SL115" in out and "src/ok.py" not in out, out
