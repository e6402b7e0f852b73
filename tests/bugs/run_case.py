"""Run one evaluation program in real Keras and report what happened, as JSON.

    python tests/bugs/run_case.py PROGRAM.py RESULT.json [CHECK.py]
    python tests/bugs/run_case.py --batch JOBS.json RESULTS.jsonl     # many programs, one process

The program runs as ``__main__`` in a fresh temporary working folder (the working folder is
restored after it, and the process is always its own: ``scripts/bug_eval.py --verify`` starts
it).  Loaders of
``keras.datasets`` that would download are replaced first by offline stand-ins that return
tiny arrays with the shapes and dtypes each loader documents (same argument handling:
``imdb.load_data`` still ignores unknown keyword arguments, as Keras 3 does), so no program
needs the network.  The result records whether the program raised, the exception's type and
message, and the line of the program that raised it (the innermost frame in the program's
own file).  With CHECK.py, its ``wrong(ns)`` is called on the program's globals after a
clean run and its verdict (a bool and a sentence) is recorded: the silent-wrong cases use it
to prove what Keras did without complaint.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import sys
import tempfile
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("PYTHONHASHSEED", "0")


def _install_dataset_standins() -> None:
    import numpy as np
    import keras
    import keras.src.datasets as kd
    import tensorflow.keras.datasets  # noqa: F401  (make tf.keras' copies importable to patch)

    rng = np.random.default_rng(0)

    def images(n, shape, classes, label_shape):
        x = rng.integers(0, 256, size=(n,) + shape, dtype=np.uint8)
        y = rng.integers(0, classes, size=(n,) + label_shape).astype(np.uint8)
        return x, y

    def mnist(path="mnist.npz"):
        return images(64, (28, 28), 10, ()), images(16, (28, 28), 10, ())

    def fashion_mnist():
        return images(64, (28, 28), 10, ()), images(16, (28, 28), 10, ())

    def cifar10():
        return images(48, (32, 32, 3), 10, (1,)), images(12, (32, 32, 3), 10, (1,))

    def cifar100(label_mode="fine"):
        if label_mode not in ("fine", "coarse"):
            raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`.')
        k = 100 if label_mode == "fine" else 20
        return images(48, (32, 32, 3), k, (1,)), images(12, (32, 32, 3), k, (1,))

    def sequences(n, vocab, num_words, skip_top, maxlen, start_char, oov_char, index_from, classes):
        xs, ys = [], []
        while len(xs) < n:
            length = int(rng.integers(8, 40))
            if maxlen is not None and length + 1 > maxlen:
                continue
            words = rng.integers(1, vocab, size=length) + index_from
            if num_words is not None:
                words = np.where((words < num_words) & (words >= skip_top), words, oov_char)
            xs.append([start_char] + [int(w) for w in words])
            ys.append(int(rng.integers(0, classes)))
        x = np.empty(len(xs), dtype=object)
        x[:] = xs
        return x, np.array(ys, dtype=np.int64)

    def imdb(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
             oov_char=2, index_from=3, **kwargs):
        # Keras 3 accepts and ignores unknown keyword arguments (e.g. Keras 1's nb_words)
        args = (num_words, skip_top, maxlen, start_char, oov_char, index_from, 2)
        return sequences(40, 88584, *args), sequences(10, 88584, *args)

    def reuters(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113,
                start_char=1, oov_char=2, index_from=3):
        args = (num_words, skip_top, maxlen, start_char, oov_char, index_from, 46)
        return sequences(40, 30979, *args), sequences(10, 30979, *args)

    def tabular(n, features):
        x = rng.normal(size=(n, features))
        y = rng.normal(size=(n,))
        return x, y

    def boston_housing(path="boston_housing.npz", test_split=0.2, seed=113):
        return tabular(40, 13), tabular(10, 13)

    def california_housing(version="large", path="california_housing.npz", test_split=0.2, seed=113):
        return tabular(40, 8), tabular(10, 8)

    standins = {"mnist": mnist, "fashion_mnist": fashion_mnist, "cifar10": cifar10, "cifar100": cifar100,
                "imdb": imdb, "reuters": reuters, "boston_housing": boston_housing,
                "california_housing": california_housing}
    originals = {}
    for name, fn in standins.items():
        module = __import__(f"keras.src.datasets.{name}", fromlist=["load_data"])
        originals[id(module.load_data)] = fn
    for module in list(sys.modules.values()):
        load = getattr(module, "load_data", None)
        if load is not None and id(load) in originals:
            try:
                setattr(module, "load_data", originals[id(load)])
            except Exception:
                pass
    del kd, keras


def _frame_line(tb, program: str):
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if os.path.abspath(frame.f_code.co_filename) == program:
            line = lineno
    return line


def run_one(program: str, check: str | None) -> dict:
    """Run one program as ``__main__`` in a fresh temporary folder; the working folder and
    ``sys.argv`` are restored afterwards (so many programs can run in one process)."""
    program = os.path.abspath(program)
    check = os.path.abspath(check) if check else None
    result: dict = {"program": program}
    workdir = tempfile.mkdtemp(prefix="bugcase-")
    before, argv = os.getcwd(), sys.argv
    os.chdir(workdir)
    sys.argv = [program]
    try:
        try:
            ns = runpy.run_path(program, run_name="__main__")
        except BaseException as exc:  # noqa: BLE001 - every failure is the datum
            result.update(status="raised", exception=type(exc).__name__, message=str(exc)[:2000],
                          line=_frame_line(exc.__traceback__, program),
                          traceback="".join(traceback.format_exception(exc))[-4000:])
        else:
            result["status"] = "ok"
            if check:
                spec = runpy.run_path(check)
                wrong, why = spec["wrong"](ns)
                result.update(wrong=bool(wrong), why=str(why))
    finally:
        os.chdir(before)
        sys.argv = argv
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _fresh_keras() -> None:
    """Forget the layers and models of the previous program (names, graphs)."""
    try:
        import keras

        keras.backend.clear_session()
    except Exception:  # noqa: BLE001
        pass


def main() -> int:
    _install_dataset_standins()
    if sys.argv[1] == "--batch":
        # run_case.py --batch JOBS.json RESULTS.jsonl: [[program, check or null], ...] in this one
        # process (TensorFlow imported once), one JSON line per program as soon as it has run
        jobs = json.loads(open(sys.argv[2]).read())
        with open(sys.argv[3], "a") as f:
            for program, check in jobs:
                _fresh_keras()
                f.write(json.dumps(dict(run_one(program, check), check=check)) + "\n")
                f.flush()
        return 0
    out = os.path.abspath(sys.argv[2])
    check = sys.argv[3] if len(sys.argv) > 3 else None
    result = run_one(sys.argv[1], check)
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
