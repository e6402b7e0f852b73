"""`shapelens check|summary|lsp`: a thin adapter over the engine (text, JSON, SARIF)."""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from pathlib import Path

from . import __version__
from .analysis import analyze
from .codes import CODES, doc_url
from .config import Config, load_pyproject_config
from .results import Analysis, Diagnostic, Span, format_params, format_shape
from .summary import render_text

MAX_FILE_BYTES = 5 * 1024 * 1024
SOURCE_SUFFIXES = (".py", ".pyw", ".ipynb")
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", "site-packages"}


def iter_files(paths, errors):
    seen = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for f in sorted(files):
                    if f.endswith(SOURCE_SUFFIXES) and not os.path.isdir(os.path.join(root, f)):
                        fp = Path(root) / f
                        key = _real(fp)
                        if key in seen:
                            continue
                        seen.add(key)
                        yield fp
        elif path.exists() or path.is_symlink():
            key = _real(path)
            if key not in seen:
                seen.add(key)
                yield path
        else:
            errors.append(f"{p}: no such file or folder")


def _real(p: Path):
    try:
        return os.path.realpath(p)
    except (OSError, RuntimeError):
        return str(p)


def read_source(path: Path):
    """Text of a file, or (None, reason)."""
    try:
        if path.is_symlink() and not path.exists():
            return None, "broken or looping symlink"
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device named *.py would block or never end
            return None, "not a regular file"
        size = st.st_size
        if size > MAX_FILE_BYTES:
            return None, f"skipped: {size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit"
        data = path.read_bytes()
    except (OSError, RuntimeError) as exc:
        return None, f"cannot read: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"not valid UTF-8 (byte {exc.start}); undecodable bytes replaced"


def shape_json(shape):
    if shape is None:
        return None
    if isinstance(shape, list):
        return [shape_json(s) for s in shape]
    return [d if (isinstance(d, int) or d is None) else str(d) for d in shape]


class FileResult:
    """One file's analysis and where its spans are: lines of a .py, or (cell, line) of a notebook."""

    def __init__(self, path: str, analysis: Analysis, nb=None, raw: str = ""):
        self.path = path
        self.analysis = analysis
        self.nb = nb  # notebook.NotebookText of an .ipynb, else None
        self.raw = raw  # the notebook file's text (SARIF points into it)
        self._json_lines = None

    def place(self, span: Span) -> dict:
        """1-based line and column (in code points) of a span, with ``cell`` in a notebook."""
        if self.nb is None:
            return {"line": span.line + 1, "column": span.col + 1, "end_line": span.end_line + 1,
                    "end_column": span.end_col + 1}
        cell, sp = self.nb.cell_span(span)
        return {"cell": cell, "line": sp.line + 1, "column": sp.col + 1, "end_line": sp.end_line + 1,
                "end_column": sp.end_col + 1}

    def where(self, span: Span) -> str:
        """``path:line:col`` or ``path:cell N:line:col`` for text output."""
        p = self.place(span)
        cell = f"cell {p['cell']}:" if "cell" in p else ""
        return f"{self.path}:{cell}{p['line']}:{p['column']}"

    def file_region(self, span: Span) -> dict:
        """The SARIF region: in a notebook, the line of the .ipynb file holding the cell's line
        (Jupyter writes each source line as its own JSON string)."""
        p = self.place(span)
        if self.nb is None:
            return {"startLine": p["line"], "startColumn": p["column"], "endLine": p["end_line"],
                    "endColumn": p["end_column"]}
        if self._json_lines is None:
            from .notebook import source_positions

            self._json_lines = source_positions(self.raw)
        line, col = self._json_lines.get((p["cell"], p["line"] - 1), self._json_lines.get((p["cell"], 0), (1, 1)))
        if (p["cell"], p["line"] - 1) not in self._json_lines:  # one string holds the whole cell
            return {"startLine": line, "startColumn": col}
        return {"startLine": line, "startColumn": col + p["column"] - 1}


def file_json(r: FileResult) -> dict:
    a = r.analysis
    return {
        "path": r.path,
        "models": [dict(name=m.name, **_line_of(r, m.span), kind=m.kind,
                        inputs=[shape_json(s) for s in m.inputs], outputs=[shape_json(s) for s in m.outputs],
                        params=m.params) for m in a.models],
        "layers": [dict(r.place(f.span), layer=f.layer, input_shape=shape_json(f.input_shape),
                        output_shape=shape_json(f.output_shape), params=f.params) for f in a.layers],
        "diagnostics": [diag_json(r, d) for d in a.diagnostics],
    }


def _line_of(r: FileResult, span: Span) -> dict:
    p = r.place(span)
    return {"cell": p["cell"], "line": p["line"]} if "cell" in p else {"line": p["line"]}


def diag_json(r: FileResult, d: Diagnostic) -> dict:
    return dict(r.place(d.span), severity=d.severity, code=d.code, message=d.message,
                fixes=[{"title": f.title, "edits": [dict(r.place(e.span), new_text=e.new_text) for e in f.edits]}
                       for f in d.fixes])


def _not_analysed(problem: str) -> Analysis:
    a = Analysis()
    a.diagnostics.append(Diagnostic(Span(0, 0, 0, 0), "error", "SL000", f"File not analysed: {problem}."))
    return a


def analyse_path(path: Path, config_cache: dict) -> FileResult:
    text, problem = read_source(path)
    if text is None:
        return FileResult(str(path), _not_analysed(problem))
    folder = path.parent
    if folder not in config_cache:
        config_cache[folder] = load_pyproject_config(path.resolve())
    if path.suffix == ".ipynb":
        from .notebook import NotebookError, analyze_notebook

        try:
            a, nb = analyze_notebook(text, config_cache[folder])
        except NotebookError as exc:
            return FileResult(str(path), _not_analysed(f"not a notebook this reader understands: {exc}"))
        r = FileResult(str(path), a, nb, text)
    else:
        r = FileResult(str(path), analyze(text, config_cache[folder]))
    if problem:
        r.analysis.notices.append(problem)
    return r


def cmd_check(args) -> int:
    errors = []
    cache = {}
    results = [analyse_path(path, cache) for path in iter_files(args.paths, errors)]
    if args.format == "json":
        json.dump({"version": 1, "files": [file_json(r) for r in results]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "sarif":
        json.dump(sarif(results), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        n_err = n_warn = 0
        for r in results:
            for d in r.analysis.diagnostics:
                print(f"{r.where(d.span)}: {d.code} [{d.severity}] {d.message}")
                n_err += d.severity == "error"
                n_warn += d.severity == "warning"
            for n in r.analysis.notices:
                print(f"{r.path}: note: {n}")
            if args.shapes:
                for f in r.analysis.layers:
                    print(f"{r.where(f.span)}: {f.name} ({f.layer}) → {format_shape(f.output_shape)}  "
                          f"params {format_params(f.params)}")
        print(f"{len(results)} file{'s' if len(results) != 1 else ''} checked: {n_err} error{'s' if n_err != 1 else ''}, "
              f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    for e in errors:
        print(f"shapelens: {e}", file=sys.stderr)
    has_error = any(d.severity == "error" for r in results for d in r.analysis.diagnostics)
    return 1 if has_error or errors else 0


def sarif(results) -> dict:
    rules = [{"id": c.code, "name": c.title, "shortDescription": {"text": c.summary}, "helpUri": doc_url(c.code),
              "defaultConfiguration": {"level": _sarif_level(c.severity)}} for c in CODES.values()]
    res = []
    for r in results:
        for d in r.analysis.diagnostics:
            item = {"ruleId": d.code, "level": _sarif_level(d.severity), "message": {"text": d.message},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": Path(r.path).as_posix()},
                                                        "region": r.file_region(d.span)}}]}
            if r.nb is not None:
                p = r.place(d.span)
                item["properties"] = {"cell": p["cell"], "cellLine": p["line"], "cellColumn": p["column"]}
            res.append(item)
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "shapelens", "version": __version__, "rules": rules}}, "results": res}]}


def _sarif_level(sev: str) -> str:
    return {"error": "error", "warning": "warning"}.get(sev, "note")


def cmd_summary(args) -> int:
    path = Path(args.file)
    r = analyse_path(path, {})
    a = r.analysis
    if not a.models:
        print(f"{path}: no Keras model found")
    for m in a.models:
        where = r.place(m.span)
        print(render_text(m, f"cell {where['cell']}, line {where['line']}" if "cell" in where else None))
    for d in a.diagnostics:
        if d.severity == "error":
            print(f"{r.where(d.span)}: {d.code} {d.message}")
    return 1 if any(d.severity == "error" for d in a.diagnostics) else 0


def cmd_lsp(args) -> int:
    from .lsp.app import main_lsp

    return main_lsp(args) or 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="shapelens", description="Keras tensor shapes from source, without running it.")
    parser.add_argument("--version", action="version", version=f"shapelens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="report shape errors in files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    p.add_argument("--shapes", action="store_true", help="also print every layer's output shape (text format)")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("summary", help="print a model.summary()-like table for every model in a file")
    p.add_argument("file")
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
