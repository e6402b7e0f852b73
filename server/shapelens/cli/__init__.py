"""``shapelens check | summary | lsp``: a thin adapter over the engine.

``check`` reads files and folders (``.py`` and notebooks), analyses them in parallel worker
processes (``--jobs``, default: the cores) with a time bound per file, and writes text, concise
text, JSON, SARIF or GitHub workflow annotations in the order the files were given (folders
walked sorted).  ``--select`` / ``--ignore`` choose codes (prefixes allowed: ``SL1`` is every
SL1xx), ``--exit-zero`` never fails, ``--statistics`` counts by code.  ``[tool.shapelens]`` in the
nearest pyproject.toml gives ``disable``, ``severity``, ``exclude`` and ``extend-exclude``."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

from .. import __version__
from ..config import Config, find_pyproject, load_pyproject_config
from ..results import Analysis, Diagnostic, Span
from ..summary import render_text
from . import report
from .files import DEFAULT_EXCLUDE, Excluder, iter_files, read_source

FORMATS = ("text", "concise", "json", "sarif", "github")
DEFAULT_TIMEOUT = 10.0  # seconds of analysis per file before it stops, with a notice


def _not_analysed(problem: str) -> Analysis:
    a = Analysis()
    a.diagnostics.append(Diagnostic(Span(0, 0, 0, 0), "error", "SL000", f"File not analysed: {problem}."))
    return a


_configs: dict = {}  # folder -> Config (per process)


def config_for(path: Path) -> Config:
    folder = path.parent
    if folder not in _configs:
        _configs[folder] = load_pyproject_config(path.resolve())
    return _configs[folder]


_modules: dict = {}  # roots -> the process's ModuleLoader (imported modules analysed once per worker)


PARSED_CHARS = 8_000_000  # source whose parsed statements a worker keeps (some 200,000 lines)


def modules_for(roots: tuple = ()):
    """The loader of the user's modules (shapelens.workspace) for files checked with these roots."""
    loader = _modules.get(roots)
    if loader is None:
        from ..analysis import keep_parsed, module_loader
        from ..workspace import FileSource

        keep_parsed(PARSED_CHARS)
        loader = _modules[roots] = module_loader(FileSource(roots))
    return loader


def analyse_file(path: Path, timeout: float = DEFAULT_TIMEOUT, roots: tuple = ()):
    """(Analysis, Places) of one file, its configuration applied.  Its imports of the user's
    other files are followed (``roots``: folders given on the command line, where absolute
    imports are looked for too, after the file's own folder and its project's root)."""
    text, problem = read_source(path)
    if text is None:
        return _not_analysed(problem), report.Places()
    config = config_for(path)
    from ..workspace import normalize

    where, modules = normalize(str(path)), modules_for(roots)
    if path.suffix == ".ipynb":
        from ..notebook import NotebookAnalyzer, NotebookError, read_notebook

        try:
            cells = read_notebook(text)
        except NotebookError as exc:
            return _not_analysed(f"not a notebook this reader understands: {exc}"), report.Places()
        a, nb = NotebookAnalyzer(where, modules).analyze(cells, config, time_budget=timeout)
        places = report.Places(nb, text)
    else:
        from ..analysis import Analyzer

        a, places = Analyzer(where, modules).analyze(text, config, time_budget=timeout), report.Places()
    if problem:
        a.notices.append(problem)
    if a.complete is False and any(str(n).startswith("analysis stopped") for n in a.notices):  # (not only imports cut)
        a.notices.append(f"the analysis stops after {timeout:g} s per file (--timeout): later lines are not checked")
    return a, places


def check_one(job: tuple) -> dict:
    """One file's record (runs in a worker process)."""
    path, timeout, roots = job if len(job) == 3 else (*job, ())
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        a, places = analyse_file(Path(path), timeout, roots)
    except Exception as exc:  # an engine bug must not stop the run: the file says so
        a, places = _not_analysed(f"internal error ({type(exc).__name__}: {exc}); please report it"), report.Places()
    rec = report.record(path, a, places, time.perf_counter() - t0)
    rec["_cpu"] = time.process_time() - c0  # for the benchmark (a busy machine stretches wall time)
    _settle()
    return rec


FULL_COLLECTION_EVERY = 500  # files (a full collection over a worker's heap takes some 0.4 s)
_checked = 0


def _settle() -> None:
    """After each file, what the worker keeps (parsed statements, analysed modules: hundreds of
    MB over a repository) is moved out of the garbage collector's sight (``gc.freeze``): each of
    Python's full collections walked all of it again, a third of the CPU time over a package,
    and the file that happened to trigger one paid a second for it.  Every
    FULL_COLLECTION_EVERY files everything is collected once, so that cycles left by earlier
    files are freed after all."""
    global _checked
    _checked += 1
    if _checked % FULL_COLLECTION_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def _excluder_for(folder: Path):
    pyproject = find_pyproject(folder.resolve())
    config = config_for(pyproject) if pyproject is not None else Config()
    patterns = (DEFAULT_EXCLUDE if config.exclude is None else config.exclude) + config.extend_exclude
    return Excluder(patterns, pyproject.parent if pyproject is not None else folder)


def _codes(values) -> tuple:
    out = []
    for v in values or ():
        out.extend(c.strip().upper() for c in v.split(",") if c.strip())
    return tuple(out)


def _chosen(code: str, select: tuple, ignore: tuple) -> bool:
    """ruff's rule: the longest matching prefix decides; no --select means every code."""
    best_sel = max((len(p) for p in select if code.startswith(p)), default=-1 if select else 0)
    best_ign = max((len(p) for p in ignore if code.startswith(p)), default=-1)
    return best_sel >= 0 and best_sel >= best_ign + (0 if best_ign < 0 else 1)


def run_check(paths, jobs: int, timeout: float, errors: list) -> list:
    files = [str(p) for p in iter_files(paths, errors, _excluder_for)]
    jobs = max(1, min(jobs, len(files)))
    roots = tuple(sorted({str(Path(p).resolve()) for p in paths if Path(p).is_dir()}))
    work = [(f, timeout, roots) for f in files]
    if jobs == 1:
        return [check_one(w) for w in work]
    from .parallel import run_parallel

    return run_parallel(work, check_one, jobs, _lost)  # (records in the files' order)


def _lost(job: tuple) -> dict:
    """The record of a file whose worker process died while analysing it."""
    a = _not_analysed("the worker process analysing it stopped (killed, or a crash in a compiled library)")
    return report.record(job[0], a, report.Places(), 0.0)


def cmd_check(args) -> int:
    errors: list = []
    records = run_check(args.paths, args.jobs or os.cpu_count() or 1, args.timeout, errors)
    select, ignore = _codes(args.select), _codes(args.ignore)
    if select or ignore:
        for r in records:
            r["diagnostics"] = [d for d in r["diagnostics"] if _chosen(d["code"], select, ignore)]
    out = sys.stdout
    if args.statistics:
        report.write_statistics(records, out)
    elif args.format == "json":
        report.write_json(records, out)
    elif args.format == "sarif":
        report.write_sarif(records, out)
    elif args.format == "github":
        report.write_github(records, out)
    elif args.format == "concise":
        report.write_concise(records, out)
    else:
        report.write_text(records, out, shapes=args.shapes)
    for e in errors:
        print(f"shapelens: {e}", file=sys.stderr)
    if args.exit_zero:
        return 0
    has_error = any(d["severity"] == "error" for r in records for d in r["diagnostics"])
    return 1 if has_error or errors else 0


def cmd_summary(args) -> int:
    path = Path(args.file)
    a, places = analyse_file(path, args.timeout)
    if not a.models:
        print(f"{path}: no Keras model found")
    for m in a.models:
        where = places.place(m.span)
        print(render_text(m, f"cell {where['cell'] + 1}, line {where['line']}" if "cell" in where else None))
    for d in a.diagnostics:
        if d.severity == "error":
            p = places.place(d.span)
            cell = f"cell {p['cell'] + 1}:" if "cell" in p else ""
            print(f"{path}:{cell}{p['line']}:{p['column']}: {d.code} {d.message}")
    return 1 if any(d.severity == "error" for d in a.diagnostics) else 0


def cmd_lsp(args) -> int:
    from ..lsp.app import main_lsp

    return main_lsp(args) or 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="shapelens", description="Keras tensor shapes from source, without running it.")
    parser.add_argument("--version", action="version", version=f"shapelens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="report shape errors in files or folders (.py and .ipynb)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--shapes", action="store_true", help="also print every layer's output shape (text format)")
    p.add_argument("--select", action="append", metavar="CODES", help="only these codes (comma-separated; prefixes like SL1)")
    p.add_argument("--ignore", action="append", metavar="CODES", help="not these codes (comma-separated; prefixes)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    p.add_argument("--statistics", action="store_true", help="print how many diagnostics of each code were found")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: the number of cores)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds of analysis per file (default 10)")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("summary", help="print a model.summary()-like table for every model in a file")
    p.add_argument("file")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("lsp", help="start the language server")
    p.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    p.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    p.set_defaults(func=cmd_lsp)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
