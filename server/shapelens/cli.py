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
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", "site-packages"}


def iter_files(paths, errors):
    seen = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for f in sorted(files):
                    if f.endswith((".py", ".pyw")) and not os.path.isdir(os.path.join(root, f)):
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


def _pos(span: Span, lines):
    """1-based line and column in code points."""
    return span.line + 1, span.col + 1, span.end_line + 1, span.end_col + 1


def file_json(path: str, a: Analysis, lines) -> dict:
    return {
        "path": path,
        "models": [{"name": m.name, "line": m.span.line + 1, "kind": m.kind,
                    "inputs": [shape_json(s) for s in m.inputs], "outputs": [shape_json(s) for s in m.outputs],
                    "params": m.params} for m in a.models],
        "layers": [dict(zip(("line", "column", "end_line", "end_column"), _pos(f.span, lines)),
                        layer=f.layer, input_shape=shape_json(f.input_shape), output_shape=shape_json(f.output_shape),
                        params=f.params) for f in a.layers],
        "diagnostics": [diag_json(d, lines) for d in a.diagnostics],
    }


def diag_json(d: Diagnostic, lines) -> dict:
    l, c, el, ec = _pos(d.span, lines)
    return {"line": l, "column": c, "end_line": el, "end_column": ec, "severity": d.severity, "code": d.code,
            "message": d.message,
            "fixes": [{"title": f.title, "edits": [dict(zip(("line", "column", "end_line", "end_column"), _pos(e.span, lines)),
                                                        new_text=e.new_text) for e in f.edits]} for f in d.fixes]}


def analyse_path(path: Path, config_cache: dict):
    text, problem = read_source(path)
    if text is None:
        a = Analysis()
        a.diagnostics.append(Diagnostic(Span(0, 0, 0, 0), "error", "SL000", f"File not analysed: {problem}."))
        return a, []
    folder = path.parent
    if folder not in config_cache:
        config_cache[folder] = load_pyproject_config(path.resolve())
    a = analyze(text, config_cache[folder])
    if problem:
        a.notices.append(problem)
    return a, text.splitlines()


def cmd_check(args) -> int:
    errors = []
    results = []
    cache = {}
    for path in iter_files(args.paths, errors):
        a, lines = analyse_path(path, cache)
        results.append((str(path), a, lines))
    if args.format == "json":
        json.dump({"version": 1, "files": [file_json(p, a, l) for p, a, l in results]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "sarif":
        json.dump(sarif(results), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        n_err = n_warn = 0
        for p, a, lines in results:
            for d in a.diagnostics:
                l, c, _, _ = _pos(d.span, lines)
                print(f"{p}:{l}:{c}: {d.code} [{d.severity}] {d.message}")
                n_err += d.severity == "error"
                n_warn += d.severity == "warning"
            for n in a.notices:
                print(f"{p}: note: {n}")
            if args.shapes:
                for f in a.layers:
                    print(f"{p}:{f.span.line + 1}:{f.span.col + 1}: {f.name} ({f.layer}) → "
                          f"{format_shape(f.output_shape)}  params {format_params(f.params)}")
        print(f"{len(results)} file{'s' if len(results) != 1 else ''} checked: {n_err} error{'s' if n_err != 1 else ''}, "
              f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    for e in errors:
        print(f"shapelens: {e}", file=sys.stderr)
    has_error = any(d.severity == "error" for _, a, _ in results for d in a.diagnostics)
    return 1 if has_error or errors else 0


def sarif(results) -> dict:
    rules = [{"id": c.code, "name": c.title, "shortDescription": {"text": c.summary}, "helpUri": doc_url(c.code),
              "defaultConfiguration": {"level": _sarif_level(c.severity)}} for c in CODES.values()]
    res = []
    for p, a, lines in results:
        for d in a.diagnostics:
            l, c, el, ec = _pos(d.span, lines)
            res.append({"ruleId": d.code, "level": _sarif_level(d.severity), "message": {"text": d.message},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": Path(p).as_posix()},
                                                            "region": {"startLine": l, "startColumn": c,
                                                                       "endLine": el, "endColumn": ec}}}]})
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "shapelens", "version": __version__, "rules": rules}}, "results": res}]}


def _sarif_level(sev: str) -> str:
    return {"error": "error", "warning": "warning"}.get(sev, "note")


def cmd_summary(args) -> int:
    path = Path(args.file)
    a, _ = analyse_path(path, {})
    if not a.models:
        print(f"{path}: no Keras model found")
    for m in a.models:
        print(render_text(m))
    for d in a.diagnostics:
        if d.severity == "error":
            print(f"{path}:{d.span.line + 1}:{d.span.col + 1}: {d.code} {d.message}")
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
