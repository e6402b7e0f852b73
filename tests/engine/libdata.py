"""Shared by the library tests (test_lib_ranks.py, test_lib_pandas.py, test_lib_sklearn.py): run
a snippet through shapelens and through the real libraries, and compare the shapes.

A snippet's data files are made first in a temporary folder (``{csv}``, ``{txt}``, ``{npy}``,
``{png}`` in the snippet are their paths): shapelens sees a path it cannot read, the real run
reads the file.  The comparison is the soundness rule of the engine: shapelens may leave a size
unknown (None, or a named size), never give a wrong one, and a rank it gives is the real rank."""

from __future__ import annotations

import io
import os
import warnings
from contextlib import redirect_stderr, redirect_stdout

from shapelens import analyze

HEADER = "Date,Open,High,Low,Close,Volume"


def make_files(folder) -> dict:
    """The data files snippets read: a CSV of prices, a text table, an .npy array and images."""
    import numpy as np

    rng = np.random.default_rng(0)
    paths = {}
    csv = os.path.join(folder, "prices.csv")
    with open(csv, "w") as f:
        f.write(HEADER + "\n")
        for k in range(40):
            o, h, lo, c, v = rng.random(5) * 100
            f.write(f"2024-01-{k % 28 + 1:02d},{o:.3f},{h:.3f},{lo:.3f},{c:.3f},{int(v * 1000)}\n")
    paths["csv"] = csv
    js = os.path.join(folder, "records.json")
    with open(js, "w") as f:
        f.write("[" + ",".join(f'{{"a": {k}, "b": {k * 2}, "c": "x{k}"}}' for k in range(6)) + "]")
    paths["json"] = js
    txt = os.path.join(folder, "table.txt")
    np.savetxt(txt, rng.random((25, 4)), delimiter=",")
    paths["txt"] = txt
    npy = os.path.join(folder, "digits.npy")
    np.save(npy, rng.random((12, 784)))
    paths["npy"] = npy
    try:
        from PIL import Image

        png = os.path.join(folder, "photo.png")
        Image.fromarray((rng.random((24, 32, 3)) * 255).astype("uint8")).save(png)
        paths["png"] = png
    except ImportError:  # pragma: no cover
        pass
    return paths


def lens_shapes(src: str) -> dict:
    """name -> the shape shapelens gives its last binding (arrays and data only)."""
    a = analyze(src)
    out = {}
    for s in a.symbols:
        if s.kind == "array":
            out[s.text] = s.shape
    return out, a


def real_namespace(src: str) -> dict:
    ns: dict = {"__name__": "__snippet__"}
    with warnings.catch_warnings(), redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        exec(compile(src, "<snippet>", "exec"), ns)
    return ns


def real_shape(v):
    import numpy as np

    shape = getattr(v, "shape", None)
    if shape is None:
        shape = np.shape(v)
    return tuple(int(d) for d in shape)


def norm(shape):
    """A shapelens shape with every named (unknown) size as "?"."""
    if shape is None:
        return None
    return tuple(d if isinstance(d, int) or d is None else "?" for d in shape)


def agrees(lens, real) -> bool:
    """shapelens' shape is the real one where it claims anything: same rank, same known sizes."""
    if lens is None:
        return False
    if len(lens) != len(real):
        return False
    return all(not isinstance(d, int) or d == r for d, r in zip(lens, real))


def compare(src: str, expect: dict, folder) -> tuple:
    """Run ``src`` (with the data file paths filled in) both ways; for every ``name: shape`` in
    ``expect``, check shapelens gives that shape (named sizes as "?") and the real libraries a
    shape it agrees with.  Returns shapelens' analysis."""
    src = src.format(**make_files(folder))
    lens, a = lens_shapes(src)
    ns = real_namespace(src)
    problems = []
    for name, want in expect.items():
        got = lens.get(name)
        real = real_shape(ns[name])
        if norm(got) != want:
            problems.append(f"{name}: shapelens {got}, expected {want} (real {real})")
        elif want is not None and not agrees(got, real):
            problems.append(f"{name}: shapelens {got} disagrees with the real shape {real}")
    assert not problems, "\n".join(problems) + "\n" + src
    return a


def loud(a):
    return [d for d in a.diagnostics if d.severity in ("error", "warning")]


def codes(a):
    return sorted({d.code for d in a.diagnostics if d.severity in ("error", "warning")})
