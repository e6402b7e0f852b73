"""Run shapelens over real-world Keras code and print what it finds.

For each repository (a default list below, or ``--repos owner/name ...``) the script reads the
snapshot that the session's ``fetch`` tool brought to /work/.mirror/<owner>+<name>/ (a bare git
directory), extracts every ``.py`` and ``.ipynb`` file at HEAD that mentions keras into a corpus
folder (default /tmp/rw-corpus/<owner>__<name>/<path>), drops contents already seen, and
analyses each file in-process with SHAPELENS_STRICT=1, following its imports of the repository's
own modules as ``shapelens check <folder>`` does (every ``.py`` file of the snapshot is written
out for that; ``--no-imports`` analyses each file alone).  A notebook becomes one ``.py`` of its
code cells in order; as IPython would, a cell's common indent is dropped, and magics, shell and
``pip install`` lines (with their backslash continuations) and non-Python cell magics become
``pass`` lines, so line numbers stay put.  An engine exception is recorded with its traceback,
then the file is analysed again non-strict (its figures still count; every further exception
the engine swallows is counted too).  The per-file time limit is the engine's time budget.

Layer calls are counted independently of shapelens with ``ast`` (Keras layer constructors and
Input calls); a call has a concrete shape when shapelens reports a layer record starting on its
line whose output shape has only int or None dims.

Subclasses applied to known shapes (issue #16's measure), per repository: its user-defined
subclasses are the classes whose base is ``keras.layers.Layer`` or ``keras.Model`` (however the
file imports them) or another such class of the same file.  A subclass is *applied to known
shapes* when shapelens reports an application of it whose input shape is concrete (only int or
None dims): a layer record named after the class whose input shape is concrete (the record of
``obj(x)``: it starts where the object was made; one on a line where a Keras layer of the same
name is made does not count), or a subclassed model's summary whose inputs are all concrete
(``model(x)``, ``model.build(shape)``, the data of ``fit``/``evaluate``/``predict``), for the
object made on its line.  A record is the application of the definition of that name in force
where the object was made (the last one above it in the file; all of them when none is above).
Each file's figures are its own (what the engine places in an imported file is not reported in
the importing one), so an application shapelens reports is always in the file that defines the
class; classes made only in other files of the project
(imported there) are counted apart and left out.  For the applied classes, the measure counts the
layer calls (as above) inside the class's ``__init__``, ``build`` and ``call`` and how many of
them have a concrete shape.

Nothing of the corpus is committed: it lives under /tmp and comes from public repositories.

    .venv/bin/python scripts/realworld_corpus.py [--repos a/b c/d] [--json out.json] [--list-diags]
"""

from __future__ import annotations

import argparse
import ast
import collections
import concurrent.futures as cf
import hashlib
import json
import logging
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

os.environ["SHAPELENS_STRICT"] = "1"  # before shapelens is imported (here or in a worker)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

MIRROR = Path("/work/.mirror")
DEFAULT_REPOS = [
    "chenmoneygithub/keras-io",  # a fork of keras-team/keras-io (2023-04): upstream's snapshot is over the size limit
    "fchollet/deep-learning-with-python-notebooks", "ageron/handson-ml3", "tensorflow/docs",
    "tensorflow/text", "tensorflow/examples", "mrdbourke/tensorflow-deep-learning",
    "rasbt/python-machine-learning-book-3rd-edition", "jeffheaton/t81_558_deep_learning",
    "Hvass-Labs/TensorFlow-Tutorials", "dragen1860/TensorFlow-2.x-Tutorials",
    "PacktPublishing/Advanced-Deep-Learning-with-Keras", "ShawnyXiao/TextClassification-Keras",
    "kmkarakaya/Deep-Learning-Tutorials", "jaungiers/LSTM-Neural-Network-for-Time-Series-Prediction",
    "kamalkraj/Named-Entity-Recognition-with-Bidirectional-LSTM-CNNs",
    "omerbsezer/LSTM_RNN_Tutorials_with_Demo", "susanli2016/NLP-with-Python",
    "floydhub/named-entity-recognition-template", "krishnaik06/Stock-MArket-Forecasting",
]
NON_PYTHON_CELLS = ("%%bash", "%%sh", "%%html", "%%javascript", "%%js", "%%latex", "%%markdown",
                    "%%svg", "%%script", "%%perl", "%%ruby", "%%writefile")


def git_dir(repo: str):
    """The bare git directory of a fetched snapshot, matching owner+name without regard to case."""
    want = repo.replace("/", "+").lower()
    for d in MIRROR.iterdir() if MIRROR.is_dir() else ():
        if d.is_dir() and d.name.lower() == want:
            for g in (d / "repo" / ".git", d / "repo", d / ".git", d):
                if (g / "HEAD").is_file() and (g / "objects").is_dir():
                    return g
    return None


def git_files(g: Path):
    """(path, bytes) of every .py/.ipynb blob at HEAD."""
    out = subprocess.run(["git", "--git-dir", str(g), "ls-tree", "-r", "-z", "HEAD"],
                         capture_output=True, check=True).stdout
    entries = [e.split(b"\t", 1) for e in out.split(b"\0") if e]
    wanted = [(meta.split()[2].decode(), p.decode("utf-8", "replace")) for meta, p in entries
              if meta.split()[1] == b"blob" and p.endswith((b".py", b".ipynb"))]
    proc = subprocess.Popen(["git", "--git-dir", str(g), "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for sha, path in wanted:
        proc.stdin.write(sha.encode() + b"\n"), proc.stdin.flush()
        head = proc.stdout.readline().split()
        if len(head) < 3:  # "<sha> missing": files of 4 MiB and more are not in a snapshot
            continue
        data, _ = proc.stdout.read(int(head[2])), proc.stdout.read(1)
        yield path, data
    proc.stdin.close(), proc.wait()


def is_magic(body: str) -> bool:
    return body.startswith(("%", "!", "pip install ", "pip uninstall ", "conda install ")) or (
        body.endswith("?") and not body.startswith("#"))


def unmagic(lines: list) -> list:
    """Lines of a code cell, each magic or shell line (and its backslash continuations) made
    ``pass``; only lines that start a statement count, not ones inside brackets or strings."""
    out, depth, quote, joined, shell, block, stmt = [], 0, "", False, False, ("", False), ""
    for line in lines:
        body, lead = line.strip(), line[: len(line) - len(line.lstrip())]
        starts = depth == 0 and not quote and not joined
        if shell or (starts and is_magic(body)):
            indent, opens = block  # a deeper indent than the block allows would not parse
            out.append((lead if len(lead) <= len(indent) or opens else indent) + "pass")
            block, shell = (out[-1][:-4], False), body.endswith("\\")
            continue
        i, joined, last = 0, False, ""
        while i < len(line):  # brackets, strings and comments: enough to know where statements start
            c = line[i]
            if quote:
                if c == "\\":
                    i += 1
                elif line.startswith(quote, i):
                    i, quote = i + len(quote) - 1, ""
            elif c == "#":
                break
            elif c in "\"'":
                quote = line[i:i + 3] if line[i:i + 3] in ('\"\"\"', "\'\'\'") else c
                i += len(quote) - 1
            elif c in "([{":
                depth += 1
            elif c in ")]}":
                depth = max(depth - 1, 0)
            elif c == "\\" and i == len(line) - 1:
                joined = True
            if not quote and not c.isspace():
                last = c
            i += 1
        stmt = lead if starts else stmt
        if last and depth == 0 and not quote and not joined:  # the statement ends here
            block = (stmt, last == ":")
        if quote in ("'", '"'):
            quote = ""  # an unclosed one-line string: a syntax error that Python will report
        out.append(line)
    return out


def notebook_to_py(raw: bytes) -> str:
    nb = json.loads(raw.decode("utf-8"))
    cells = nb.get("cells")
    if cells is None:  # nbformat 3
        cells = [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
    chunks = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", cell.get("input", ""))
        src = "".join(src) if isinstance(src, list) else src
        lines = src.splitlines()
        first = next((ln for ln in lines if ln.strip()), "")
        ws = first[: len(first) - len(first.lstrip())]
        if ws:  # like IPython, a cell whose first line is indented loses that indent on every line
            lines = [ln[len(ws):] if ln.startswith(ws) else ln for ln in lines]
        cell_magic = lines and lines[0].strip().startswith(NON_PYTHON_CELLS)
        chunks.append("\n".join(["pass"] * len(lines) if cell_magic else unmagic(lines)))
    return "\n\n".join(chunks) + "\n"


def extract(repos, corpus: Path):
    """Write the corpus; return [(repo, corpus path)] of distinct contents and the duplicate count."""
    seen, files, dups = set(), [], 0
    for repo in repos:
        g = git_dir(repo)
        if g is None:
            print(f"{repo}: no snapshot under {MIRROR}; fetch it first with the session's fetch tool")
            continue
        n = 0
        for path, data in git_files(g):
            keras = b"keras" in data
            if not keras and not path.endswith(".py"):
                continue
            try:
                text = notebook_to_py(data) if path.endswith(".ipynb") else data.decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                continue
            dest = corpus / repo.replace("/", "__") / (path + ".py" if path.endswith(".ipynb") else path)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")  # (every .py file: the analysed ones import them)
            if not keras:
                continue
            digest = hashlib.sha1(text.encode()).hexdigest()
            dups += digest in seen
            if digest in seen:
                continue
            seen.add(digest)
            files.append((repo, str(dest)))
            n += 1
        print(f"{repo}: {n} files")
    return files, dups


def layer_sites(text: str, tree=None, with_class=False) -> list:
    """The 0-based line of every Keras layer constructor or Input call, found with ast (with
    ``with_class``: (line, Keras class name))."""
    if tree is None:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return []
    layer_mods, names = {"layers", "keras.layers", "tf.keras.layers", "tensorflow.keras.layers"}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and "keras" in node.module:
            for a in node.names:
                if node.module.endswith("keras.layers") or a.name == "Input":
                    names[a.asname or a.name] = a.name
                if a.name == "layers" and node.module.endswith("keras"):
                    layer_mods.add(a.asname or a.name)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname and a.name.endswith("keras.layers"):
                    layer_mods.add(a.asname)
    sites = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name):
            cls = names.get(f.id, "")
        elif isinstance(f, ast.Attribute):
            mod = ast.unparse(f.value)
            cls = f.attr if mod in layer_mods or (f.attr == "Input" and mod in ("keras", "tf.keras")) else ""
        else:
            continue
        if cls[:1].isupper() and cls != "Layer":
            sites.append((node.lineno - 1, cls) if with_class else node.lineno - 1)
    return sites


SUBCLASS_METHODS = ("__init__", "build", "call")


def keras_subclasses(tree) -> list:
    """The user-defined ``keras.layers.Layer`` / ``keras.Model`` subclasses of a module: each a
    dict of its name, kind ("layer" / "model"), 0-based first and last line, and the 0-based
    lines of the layer calls inside its ``__init__``/``build``/``call`` (filled in by the caller)."""
    imported = {}  # a name bound by ``from <keras module> import Layer/Model`` -> "layer"/"model"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and "keras" in node.module:
            for a in node.names:
                if a.name in ("Layer", "Model"):
                    imported[a.asname or a.name] = a.name.lower()

    def base_kind(b, known):
        text = ast.unparse(b)
        if isinstance(b, ast.Name):
            return known.get(b.id) or imported.get(b.id, "")
        if isinstance(b, ast.Attribute) and b.attr in ("Layer", "Model") and "keras" in text.lower() or (
                isinstance(b, ast.Attribute) and (b.attr, ast.unparse(b.value)) in (("Layer", "layers"), ("Model", "models"))):
            return b.attr.lower()
        return ""

    defs = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    known, found = {}, {}
    changed = True
    while changed:  # a subclass of a subclass of the same file (defined in any order)
        changed = False
        for c in defs:
            if id(c) in found:
                continue
            kinds = {base_kind(b, known) for b in c.bases} - {""}
            if kinds:
                found[id(c)] = "model" if "model" in kinds else "layer"
                known.setdefault(c.name, found[id(c)])
                changed = True
    out = []
    for c in defs:
        if id(c) in found:
            spans = [(f.lineno - 1, (f.end_lineno or f.lineno) - 1) for f in c.body
                     if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name in SUBCLASS_METHODS]
            out.append(dict(name=c.name, kind=found[id(c)], line=c.lineno - 1,
                            end=(c.end_lineno or c.lineno) - 1, spans=spans))
    return out


def made_on_lines(tree) -> dict:
    """0-based line -> the names called on it (``Name(...)`` / ``x.Name(...)``)."""
    out = collections.defaultdict(set)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name:
                for ln in range(node.lineno - 1, (node.end_lineno or node.lineno)):
                    out[ln].add(name)
    return out


def subclass_figures(tree, sites, res, known) -> tuple:
    """This file's Keras subclasses, each with its layer calls (in __init__/build/call), which of
    them are concrete, and whether the engine reported it applied to a concrete input shape; and
    the capitalised names called here that are not defined here (for the project's count of
    classes made only in other files)."""
    classes = keras_subclasses(tree)
    defined = {c.name for c in ast.walk(tree) if isinstance(c, ast.ClassDef)}
    made = made_on_lines(tree)
    keras_on = collections.defaultdict(set)
    for ln, cls in sites:
        keras_on[ln].add(cls)
    by_name = collections.defaultdict(list)
    for c in classes:
        by_name[c["name"]].append(c)
    applications = []  # (class name, 0-based line where the object was made)
    for f in res.layers:
        if f.layer in by_name and f.layer not in keras_on.get(f.span.line, ()) and concrete(f.input_shape):
            applications.append((f.layer, f.span.line))
    for m in res.models:
        if m.kind == "subclassed" and m.inputs and all(concrete(s) for s in m.inputs):
            for ln in range(m.span.line, m.span.end_line + 1):
                for name in made.get(ln, ()):
                    if name in by_name and any(c["kind"] == "model" for c in by_name[name]):
                        applications.append((name, m.span.line))
    applied = set()
    for name, line in applications:
        above = [c for c in by_name[name] if c["line"] < line]
        for c in ([max(above, key=lambda c: c["line"])] if above else by_name[name]):
            applied.add(id(c))
    out = []
    for c in classes:
        inside = sorted(ln for ln, _cls in sites if any(a <= ln <= b for a, b in c["spans"]))
        out.append(dict(name=c["name"], kind=c["kind"], line=c["line"] + 1, applied=id(c) in applied,
                        sites=[ln + 1 for ln in inside], concrete=[ln + 1 for ln in inside if ln in known]))
    called = sorted({n for names in made.values() for n in names if n[:1].isupper() and n not in defined})
    return out, called


def scope_kinds(text: str) -> dict:
    """0-based line -> "class" / "function" / "module": where each line is (the innermost
    class or function around it; a method is "class")."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    kinds: dict = {}

    def visit(node, kind):
        for child in ast.iter_child_nodes(node):
            k = kind
            if isinstance(child, ast.ClassDef):
                k = "class"
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and kind != "class":
                k = "function"
            if k != kind and hasattr(child, "lineno"):
                for ln in range(child.lineno - 1, (child.end_lineno or child.lineno)):
                    kinds[ln] = k
            visit(child, k)

    visit(tree, "module")
    return kinds


# why a layer call has no concrete shape (a rough sort, for the README's counts)
CAUSES = {
    "record": "followed, but its input shape is unknown (data read at run time, an unknown value upstream)",
    "class": "inside a Layer/Model subclass (or other class) not applied to known shapes in the file",
    "function": "inside a function never called with known arguments in the file",
    "module": "at module level, not followed (an unmodelled call or library around it)",
}


def concrete(shape) -> bool:
    if isinstance(shape, list):
        return bool(shape) and all(concrete(s) for s in shape)
    return isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape)


class Catch(logging.Handler):
    tracebacks: list

    def emit(self, record):
        if record.exc_info:
            self.tracebacks.append("".join(traceback.format_exception(*record.exc_info)))


_loaders: dict = {}  # repository folder -> this process's loader of its modules


def analyse(path: str, limit: float, root=None) -> dict:
    """One file's figures.  ``root``: the repository's folder, whose modules its imports are
    read from (as ``shapelens check`` does for a folder); None: imports are not followed."""
    from shapelens.analysis import Analyzer, module_loader
    from shapelens.workspace import FileSource, normalize

    def analyzer():
        if root is None:
            return Analyzer()
        if root not in _loaders:
            _loaders[root] = module_loader(FileSource((root,)))
        return Analyzer(normalize(path), _loaders[root])

    text = Path(path).read_text(encoding="utf-8")
    t0, exceptions = time.monotonic(), []
    try:
        res = analyzer().analyze(text, time_budget=limit)
    except Exception:
        exceptions.append(traceback.format_exc())
        catch, log = Catch(logging.DEBUG), logging.getLogger("shapelens")
        catch.tracebacks = []
        log.addHandler(catch), log.setLevel(logging.DEBUG)
        strict = [m for n, m in sys.modules.items() if n.startswith("shapelens.") and hasattr(m, "STRICT")]
        for m in strict:  # again, non-strict: the engine swallows (and logs) the rest
            m.STRICT = False
        try:
            res = analyzer().analyze(text, time_budget=limit)
        finally:
            for m in strict:
                m.STRICT = True
            log.removeHandler(catch)
        again = catch.tracebacks[:1] and catch.tracebacks[0].splitlines()[-1] == exceptions[0].splitlines()[-1]
        exceptions += catch.tracebacks[1:] if again else catch.tracebacks  # not the strict one twice
    secs = time.monotonic() - t0
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        tree = None
    sites_cls = layer_sites(text, tree, with_class=True) if tree is not None else []
    sites = [ln for ln, _cls in sites_cls]  # a site is concrete when a concrete record starts on its line
    known = {f.span.line for f in res.layers if concrete(f.output_shape)}
    recorded = {f.span.line for f in res.layers}
    kinds = scope_kinds(text)
    causes = collections.Counter("record" if ln in recorded else kinds.get(ln, "module")
                                 for ln in sites if ln not in known)
    diags = [dict(file=path, line=d.span.line + 1, col=d.span.col + 1, code=d.code,
                  severity=d.severity, message=d.message)
             for d in res.diagnostics if d.severity in ("error", "warning")]
    subclasses, called = subclass_figures(tree, sites_cls, res, known) if tree is not None else ([], [])
    return dict(path=path, lines=len(text.splitlines()), seconds=round(secs, 3),
                layer_calls=len(sites), concrete=sum(ln in known for ln in sites), diagnostics=diags,
                unknown_sites=sorted(ln + 1 for ln in sites if ln not in known), exceptions=exceptions,
                complete=res.complete is not False, causes=dict(causes), subclasses=subclasses, called=called)


def subclass_report(results) -> None:
    """Issue #16's measure (see the module's docstring): the layer calls inside the Keras
    subclasses that shapelens reports applied to concrete input shapes, and how many are concrete."""
    n_all = n_cls = n_sites = n_conc = n_elsewhere = 0
    by_repo = collections.defaultdict(list)
    for r in results:
        by_repo[r["repo"]].append(r)
    for repo_results in by_repo.values():
        called = collections.Counter()
        for r in repo_results:
            called.update(set(r.get("called") or ()))
        for r in repo_results:
            for c in r.get("subclasses") or ():
                n_all += 1
                if c["applied"]:
                    n_cls += 1
                    n_sites += len(c["sites"])
                    n_conc += len(c["concrete"])
                elif called[c["name"]]:
                    n_elsewhere += 1
    print("Layer/Model subclasses applied to known shapes (issue #16; definition in the docstring):")
    print(f"  {'subclasses':28s}{n_all}")
    print(f"  {'applied to a known shape':28s}{n_cls}")
    print(f"  {'  their layer calls':28s}{n_sites}  (in __init__/build/call)")
    print(f"  {'  with a concrete shape':28s}{n_conc}  ({100 * n_conc / max(n_sites, 1):.1f}%)")
    print(f"  {'made only in other files':28s}{n_elsewhere}  (not applied in their own file; an application"
          f" in an importing file is that file's: left out)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repos", nargs="+", default=DEFAULT_REPOS, metavar="OWNER/NAME")
    ap.add_argument("--corpus", default="/tmp/rw-corpus", type=Path)
    ap.add_argument("--json", metavar="OUT", help="write every diagnostic and per-file figures")
    ap.add_argument("--list-diags", action="store_true", help="print each error/warning")
    ap.add_argument("--time-limit", type=float, default=30.0, help="seconds per file (engine budget)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-imports", action="store_true",
                    help="analyse each file alone (by default its imports of the repository's own "
                         "modules are followed, as `shapelens check` does for a folder)")
    args = ap.parse_args(argv)
    if args.corpus.resolve().is_relative_to(MIRROR):
        ap.error("the corpus folder must not be inside a repository snapshot")

    files, dups = extract(args.repos, args.corpus)
    t0, results = time.monotonic(), []
    with cf.ProcessPoolExecutor(args.jobs) as pool:
        futs = {pool.submit(analyse, p, args.time_limit,
                            None if args.no_imports else str(args.corpus / repo.replace("/", "__"))): (repo, p)
                for repo, p in files}
        for fut in cf.as_completed(futs):
            repo, p = futs[fut]
            try:
                r = fut.result()
            except Exception:  # the worker itself died
                r = dict(path=p, lines=0, seconds=0, layer_calls=0, concrete=0, diagnostics=[],
                         unknown_sites=[], exceptions=[traceback.format_exc()], complete=False)
            results.append(dict(r, repo=repo))
    wall = time.monotonic() - t0
    results.sort(key=lambda r: r["path"])

    diags = [d for r in results for d in r["diagnostics"]]
    lines = sum(r["lines"] for r in results)
    calls, conc = sum(r["layer_calls"] for r in results), sum(r["concrete"] for r in results)
    print()
    for label, value in [
        ("repositories", len({r["repo"] for r in results})),
        ("files", f"{len(results)}  (+{dups} duplicates skipped)"), ("lines", lines),
        ("layer calls", calls), ("  concrete shape", f"{conc}  ({100 * conc / max(calls, 1):.1f}%)"),
        ("errors", sum(d["severity"] == "error" for d in diags)),
        ("warnings", sum(d["severity"] == "warning" for d in diags)),
        ("engine exceptions", f"{sum(len(r['exceptions']) for r in results)}"
                              f"  (in {sum(bool(r['exceptions']) for r in results)} files)"),
        ("incomplete (budget)", sum(not r["complete"] for r in results))]:
        print(f"{label:20s}{value}")
    for code, n in sorted(collections.Counter(d["code"] for d in diags).items()):
        print(f"  {code}  {n}")
    causes = collections.Counter()
    for r in results:
        causes.update(r.get("causes") or {})
    print("layer calls without a concrete shape, by where they are:")
    for cause, n in causes.most_common():
        print(f"  {n:6d}  ({100 * n / max(calls, 1):4.1f}% of all)  {CAUSES.get(cause, cause)}")
    subclass_report(results)
    print("slowest files:")
    for r in sorted(results, key=lambda r: -r["seconds"])[:10]:
        print(f"  {r['seconds']:7.2f} s  {r['path']}")
    cpu = sum(r["seconds"] for r in results)
    print(f"total {wall:.1f} s wall, {cpu:.1f} s analysing, {lines / max(cpu, 1e-9):.0f} lines/s")
    if args.list_diags:
        for d in diags:
            print(f"{d['file']}:{d['line']}:{d['col']}: {d['code']} {d['message']}")
    if args.json:
        files_out = [{k: v for k, v in r.items() if k != "called"} for r in results]
        Path(args.json).write_text(json.dumps(dict(diagnostics=diags, files=files_out), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
