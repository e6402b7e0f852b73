"""Language-server latency with imports of the user's other files.  Prints figures; not a timed test.

A project of three modules (``blocks_a.py``, ``blocks_b.py``, ``blocks_c.py``: each a builder
function plus a generated file's worth of top-level Keras code, ``--module-lines`` lines) and a
``train.py`` that imports a builder from each, builds the three models and fits them:

- train.py opened: its first diagnostics (the first run has a short budget: what rests on modules
  not analysed by then is Unknown), and its complete analysis (the three modules analysed cold);
- a keystroke in train.py (a comment typed in its middle, each waited for): didChange →
  publishDiagnostics of that version, p50 / p95; the modules it imports did not change, so they
  must not be analysed again (the same figure for the same train.py without the imports is
  printed next to it);
- a keystroke in blocks_b.py, open in the editor, that changes the model train.py gets (a
  feature count toggled): didChange of blocks_b.py → train.py's next publishDiagnostics.

    .venv/bin/python benchmarks/bench_imports.py [--keystrokes 30] [--module-lines 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import genkeras  # noqa: E402
from bench_server import keystrokes, ms, open_doc, pct, start_server  # noqa: E402

BUILDER = '''

FEATURES = 3


def build_{name}(timesteps, units=32):
    inputs = keras.Input(shape=(timesteps, FEATURES))
    x = layers.LSTM(units, return_sequences=True)(inputs)
    x = layers.LSTM(units // 2)(x)
    return keras.Model(inputs, layers.Dense(1)(x))
'''

TRAIN = '''import numpy as np
import keras
from blocks_a import build_a
from blocks_b import build_b
from blocks_c import build_c

models = []
for build in (build_a, build_b, build_c):
    m = build(12)
    m.compile(optimizer="adam", loss="mse")
    models.append(m)

model_a = build_a(10)
model_b = build_b(20, units=64)
model_c = build_c(30)
# a comment line typed into
X = np.zeros((64, 20, 3))
y = np.zeros((64, 1))
model_b.compile(optimizer="adam", loss="mse")
model_b.fit(X, y, epochs=1)
'''


async def publish_after(client, uri: str, version: int, since: float, timeout: float = 60.0) -> float:
    """When ``uri``'s diagnostics for ``version`` were published after ``since`` (a re-publish of
    the same version: train.py did not change, a file it imports did)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        got = client.published.get((uri, version))
        if got is not None and got[0] > since:
            return got[0]
        await asyncio.sleep(0.001)
    raise TimeoutError(f"no new diagnostics for {uri}")


async def until_complete(client, uri: str, timeout: float = 120.0) -> float:
    """When the document's last analysis was complete (the runs that go on where the first one,
    with its short budget, stopped are over), by the server's own timings (shapelens/stats)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        _, stats = await client.request("shapelens/stats", None)
        timings = (stats or {}).get(uri, {}).get("timings", [])
        if timings and not timings[-1][3]:
            return time.perf_counter()
        await asyncio.sleep(0.02)
    return float("nan")  # not within the timeout (the server stops going on after its continuations)


async def bench(cmd: list, root: Path, n_keys: int, module_lines: int, imports: bool) -> dict:
    for name in "abc":
        (root / f"blocks_{name}.py").write_text(genkeras.generate(module_lines) + BUILDER.format(name=name))
    text = TRAIN if imports else TRAIN.replace("from blocks_", "# from blocks_")
    train = root / ("train.py" if imports else "train_alone.py")
    train.write_text(text)
    uri = train.as_uri()
    res: dict = {}
    client, t0 = await start_server(cmd, root)
    t = time.perf_counter()
    await asyncio.wait_for(open_doc(client, uri, text), 120)
    res["first"] = time.perf_counter() - t
    res["complete"] = await until_complete(client, uri) - t
    line = text.splitlines().index("# a comment line typed into")
    end = len("# a comment line typed into")
    res["keys"], version = await keystrokes(client, uri, 1, n_keys, lambda k: (line, end + k, end + k, "x"))
    if imports:
        b_uri = (root / "blocks_b.py").as_uri()
        b_text = (root / "blocks_b.py").read_text()
        await asyncio.wait_for(open_doc(client, b_uri, b_text), 120)
        await until_complete(client, b_uri)
        await until_complete(client, uri)
        b_line = b_text.splitlines().index("FEATURES = 3")
        dep, b_version = [], 1
        for k in range(n_keys):
            b_version += 1
            since = time.perf_counter()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": b_uri, "version": b_version},
                "contentChanges": [{"range": {"start": {"line": b_line, "character": 11},
                                              "end": {"line": b_line, "character": 12}},
                                    "text": "4" if k % 2 == 0 else "3"}]})
            t1 = await publish_after(client, uri, version, since)
            dep.append(t1 - since)
            n_errors = len(client.published[(uri, version)][1])
            res.setdefault("errors", []).append(n_errors)
        res["dependent"] = dep
    await client.close()
    return res


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keystrokes", type=int, default=30)
    ap.add_argument("--module-lines", type=int, default=1000)
    ap.add_argument("--server", default=f"{sys.executable} -m shapelens.lsp")
    args = ap.parse_args()
    print(f"shapelens imports benchmark · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs · "
          f"{args.keystrokes} keystrokes per figure · 3 modules of ~{args.module_lines} lines · "
          f"load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = shlex.split(args.server)
        alone = await bench(cmd, Path(tmp), args.keystrokes, args.module_lines, imports=False)
        r = await bench(cmd, Path(tmp), args.keystrokes, args.module_lines, imports=True)
    print(f"  train.py opened → first diagnostics          {ms(r['first'])}   (without the imports {ms(alone['first'])})")
    print(f"  train.py opened → complete analysis (3 modules analysed cold)  {ms(r['complete'])}   "
          f"(without the imports {ms(alone['complete'])})")
    print(f"  keystroke in train.py → its diagnostics      p50 {ms(pct(r['keys'], 50))}  p95 {ms(pct(r['keys'], 95))}"
          f"   (without the imports p50 {ms(pct(alone['keys'], 50))}  p95 {ms(pct(alone['keys'], 95))})")
    print(f"  keystroke in blocks_b.py → train.py's diagnostics  p50 {ms(pct(r['dependent'], 50))}  "
          f"p95 {ms(pct(r['dependent'], 95))}   (errors in train.py, alternating: {r['errors'][:6]}...)")


if __name__ == "__main__":
    asyncio.run(main())
