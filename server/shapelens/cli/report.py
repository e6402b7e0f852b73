"""One file's results as plain records (made where the file is analysed, in a worker process),
and the output formats: text, concise, JSON, SARIF, GitHub workflow annotations, statistics.

A record is the file's JSON entry (``path``, ``models``, ``layers``, ``diagnostics``: the public
format, see README) plus what the other formats need: each diagnostic's ``region`` in the file
itself (for a notebook, the line of the .ipynb that holds the cell's line), the notices, the
layer names for ``--shapes``, and the seconds the analysis took."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..codes import CODES, doc_url
from ..results import Analysis, Span, format_params, format_shape


def shape_json(shape):
    if shape is None:
        return None
    if isinstance(shape, list):
        return [shape_json(s) for s in shape]
    return [d if (isinstance(d, int) or d is None) else str(d) for d in shape]


class Places:
    """Where a file's spans are: lines of a .py, or (cell, line) of a notebook."""

    def __init__(self, nb=None, raw: str = ""):
        self.nb = nb  # notebook.NotebookText of an .ipynb, else None
        self.raw = raw  # the notebook file's text (SARIF and GitHub point into it)
        self._json_lines = None

    def place(self, span: Span) -> dict:
        """1-based line and column (in code points) of a span, with ``cell`` in a notebook."""
        if self.nb is None:
            return {"line": span.line + 1, "column": span.col + 1, "end_line": span.end_line + 1,
                    "end_column": span.end_col + 1}
        cell, sp = self.nb.cell_span(span)
        return {"cell": cell, "line": sp.line + 1, "column": sp.col + 1, "end_line": sp.end_line + 1,
                "end_column": sp.end_col + 1}

    def region(self, span: Span) -> dict:
        """The span in the file itself: in a notebook, the line of the .ipynb holding the cell's
        line (Jupyter writes each source line as its own JSON string)."""
        p = self.place(span)
        if self.nb is None:
            return {"startLine": p["line"], "startColumn": p["column"], "endLine": p["end_line"],
                    "endColumn": p["end_column"]}
        if self._json_lines is None:
            from ..notebook import source_positions

            self._json_lines = source_positions(self.raw)
        key = (p["cell"], p["line"] - 1)
        line, col = self._json_lines.get(key, self._json_lines.get((p["cell"], 0), (1, 1)))
        if key not in self._json_lines:  # one string holds the whole cell
            return {"startLine": line, "startColumn": col}
        return {"startLine": line, "startColumn": col + p["column"] - 1}


def record(path: str, a: Analysis, places: Places, seconds: float = 0.0) -> dict:
    """The file's results as plain data (picklable, JSON-able)."""
    def where(span):
        return places.place(span)

    return {
        "path": path,
        "models": [dict(name=m.name, **_line_of(where(m.span)), kind=m.kind,
                        inputs=[shape_json(s) for s in m.inputs], outputs=[shape_json(s) for s in m.outputs],
                        params=m.params) for m in a.models],
        "layers": [dict(where(f.span), layer=f.layer, input_shape=shape_json(f.input_shape),
                        output_shape=shape_json(f.output_shape), params=f.params,
                        _name=f.name, _shape=format_shape(f.output_shape), _params=format_params(f.params))
                   for f in a.layers],
        "diagnostics": [dict(where(d.span), severity=d.severity, code=d.code, message=d.message,
                             fixes=[{"title": f.title, "edits": [dict(where(e.span), new_text=e.new_text)
                                                                 for e in f.edits]} for f in d.fixes],
                             _region=places.region(d.span)) for d in a.diagnostics],
        "_notices": list(a.notices or ()),
        "_seconds": seconds,
    }


def _line_of(p: dict) -> dict:
    return {"cell": p["cell"], "line": p["line"]} if "cell" in p else {"line": p["line"]}


def _public(obj):
    """A record without its private fields (those starting with ``_``)."""
    if isinstance(obj, dict):
        return {k: _public(v) for k, v in obj.items() if not k.startswith("_")}
    if isinstance(obj, list):
        return [_public(v) for v in obj]
    return obj


def _where(r: dict, item: dict) -> str:
    cell = f"cell {item['cell'] + 1}:" if "cell" in item else ""  # counted from 1, as editors show cells
    return f"{r['path']}:{cell}{item['line']}:{item['column']}"


# -- the formats ----------------------------------------------------------------------------------


def write_json(records, out) -> None:
    json.dump({"version": 1, "files": [_public(r) for r in records]}, out, indent=2)
    out.write("\n")


def write_text(records, out, shapes: bool = False) -> None:
    n_err = n_warn = 0
    for r in records:
        for d in r["diagnostics"]:
            out.write(f"{_where(r, d)}: {d['code']} [{d['severity']}] {d['message']}\n")
            n_err += d["severity"] == "error"
            n_warn += d["severity"] == "warning"
        for n in r["_notices"]:
            out.write(f"{r['path']}: note: {n}\n")
        if shapes:
            for f in r["layers"]:
                out.write(f"{_where(r, f)}: {f['_name']} ({f['layer']}) → {f['_shape']}  params {f['_params']}\n")
    n = len(records)
    out.write(f"{n} file{'s' if n != 1 else ''} checked: {n_err} error{'s' if n_err != 1 else ''}, "
              f"{n_warn} warning{'s' if n_warn != 1 else ''}\n")


def write_concise(records, out) -> None:
    n = 0
    for r in records:
        for d in r["diagnostics"]:
            out.write(f"{_where(r, d)}: {d['code']} {d['message']}\n")
            n += 1
    out.write(f"Found {n} diagnostic{'s' if n != 1 else ''}.\n" if n else "All checks passed.\n")


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def write_github(records, out) -> None:
    """GitHub Actions workflow commands: an annotation per diagnostic on the file's own line."""
    for r in records:
        for d in r["diagnostics"]:
            kind = {"error": "error", "warning": "warning"}.get(d["severity"], "notice")
            reg = d["_region"]
            props = [f"file={_gh_escape(Path(r['path']).as_posix(), True)}", f"line={reg['startLine']}",
                     f"col={reg['startColumn']}"]
            if "endLine" in reg:
                props += [f"endLine={reg['endLine']}", f"endColumn={reg['endColumn']}"]
            title = "shapelens " + d["code"] + (f" in cell {d['cell'] + 1}, line {d['line']}" if "cell" in d else "")
            props.append("title=" + _gh_escape(title, True))
            out.write(f"::{kind} {','.join(props)}::{_gh_escape(d['message'])}\n")


def write_sarif(records, out) -> None:
    rules = [{"id": c.code, "name": c.title, "shortDescription": {"text": c.summary}, "helpUri": doc_url(c.code),
              "defaultConfiguration": {"level": _sarif_level(c.severity)}} for c in CODES.values()]
    res = []
    for r in records:
        for d in r["diagnostics"]:
            item = {"ruleId": d["code"], "level": _sarif_level(d["severity"]), "message": {"text": d["message"]},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": Path(r["path"]).as_posix()},
                                                        "region": d["_region"]}}]}
            if "cell" in d:
                item["properties"] = {"cell": d["cell"], "cellLine": d["line"], "cellColumn": d["column"]}
            res.append(item)
    json.dump({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
               "runs": [{"tool": {"driver": {"name": "shapelens", "version": __version__, "rules": rules}},
                         "results": res}]}, out, indent=2)
    out.write("\n")


def _sarif_level(sev: str) -> str:
    return {"error": "error", "warning": "warning"}.get(sev, "note")


def write_statistics(records, out) -> None:
    counts: dict = {}
    for r in records:
        for d in r["diagnostics"]:
            counts[d["code"]] = counts.get(d["code"], 0) + 1
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        c = CODES.get(code)
        out.write(f"{n:6d}  {code}  [{c.severity if c else '?'}]  {c.title if c else ''}\n")
