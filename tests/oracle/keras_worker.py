"""The Keras oracle: one long-lived process that imports Keras once and runs many snippets.

Two halves in one file:

* ``main()`` is the worker.  Run as ``python tests/oracle/keras_worker.py``, it imports
  Keras/TensorFlow once, then reads requests (one JSON object per line) on stdin.  A request
  is ``{"cases": [{"id": ..., "source": str, "mode": "snippet"|"script"}, ...]}``; the worker
  executes each source in a fresh namespace (after ``keras.backend.clear_session`` so that layer
  names restart at ``lstm``, ``lstm_1``, ...) and writes one JSON line per case.
* ``KerasOracle`` is the client used by the tests.  It does not import Keras.  It starts the
  worker, sends batches, enforces a per-case timeout (killing and restarting a hung worker),
  and returns the results in order.

A result is::

    {"id": ..., "ok": bool,
     "error": null | {"type": "ValueError", "message": str, "line": int|null, "phase": "build"|"fit"},
     "calls":  [{"layer": "LSTM", "name": "lstm", "output_shape": SHAPE, "params": int|null}, ...],
     "models": [{"var": "model", "kind": "sequential"|"functional", "built": bool,
                 "layers": [{"layer", "name", "output_shape", "params"}, ...],
                 "inputs": [SHAPE...], "outputs": [SHAPE...], "params": int|null}, ...],
     "warnings": [str, ...], "fit_calls": int, "seconds": float}

``inner_calls`` (only when the snippet defines a Layer or Model subclass and calls it) lists
the sublayers called inside such a class's ``call()``: ``{"layer", "name", "output_shape",
"params", "within": the enclosing layer's name, "within_class", "phase": "build"|"fit"}``, each
distinct record once (Keras traces ``call()`` more than once while building).

``calls`` are the top-level layer applications in the order they happened (a layer called
inside another layer, e.g. the LSTM inside ``Bidirectional``, is not listed; ``InputLayer`` is
not listed).  SHAPE is a list of dims (int or null) for one tensor, or a list of SHAPEs for a
layer with several outputs (``return_state=True``: ``[[None, 64], [None, 64], [None, 64]]``).
Nested structures stay nested (``RNN([cells], return_state=True)``).

In "script" mode, ``fit``/``evaluate``/``predict``/``train_on_batch``/... are stubbed: the stub
does not train.  It checks what Keras checks before training would start (sample counts of x
and y), runs the model forward on the first two samples, and computes the loss on them if the
model is compiled with one; any exception there is reported with ``phase == "fit"``.
"""

from __future__ import annotations

import functools
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNIPPET_FILENAME = "<snippet>"
DEFAULT_TIMEOUT = 30.0


# ---------------------------------------------------------------------------------------------
# worker side (imports Keras)
# ---------------------------------------------------------------------------------------------


def _shape_of(value):
    """JSON shape of a KerasTensor / structure of KerasTensors."""
    if value is None:
        return None
    shape = getattr(value, "shape", None)
    if shape is not None and not isinstance(value, (list, tuple, dict)):
        try:
            return [None if d is None else int(d) for d in tuple(shape)]
        except TypeError:
            return None
    if isinstance(value, (list, tuple)):
        return [_shape_of(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _shape_of(v) for k, v in value.items()}
    return None


def _user_class(layer) -> bool:
    """A layer whose class the snippet itself defines (not one of Keras')."""
    return type(layer).__module__ == "__main__"


def _params(layer):
    try:
        if not layer.built:
            return None
        return int(layer.count_params())
    except Exception:  # noqa: BLE001 - an unbuilt sublayer, ...
        return None


class _Worker:
    def __init__(self) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        os.environ["CUDA_VISIBLE_DEVICES"] = ""
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")
        import warnings

        warnings.filterwarnings("ignore", category=DeprecationWarning)
        import numpy as np
        import keras

        try:
            import absl.logging

            absl.logging.set_verbosity(absl.logging.ERROR)
        except Exception:  # noqa: BLE001
            pass
        self.np = np
        self.keras = keras
        self.calls = []
        self.seq_stack = []
        self.layer_stack = []  # the layers whose __call__ is running
        self.inner = []  # (sublayer, output, enclosing user layer, in fit/predict) calls inside a user call()
        self.in_check = False
        self.depth = 0
        self.fit_calls = 0
        self.fit_error = None
        self.done = 0
        self._install_call_hook()
        self._orig_train = {}

    # -- hooks ---------------------------------------------------------------------------------
    def _install_call_hook(self) -> None:
        from keras.src.layers.layer import Layer

        worker = self
        original = Layer.__call__

        def __call__(layer, *args, **kwargs):
            worker.depth += 1
            worker.layer_stack.append(layer)
            try:
                out = original(layer, *args, **kwargs)
            finally:
                worker.depth -= 1
                worker.layer_stack.pop()
            if worker.depth == 0 and layer.__class__.__name__ != "InputLayer":
                owner = worker.seq_stack[-1] if worker.seq_stack else None
                worker.calls.append((layer, out, owner))
            if layer.__class__.__name__ != "InputLayer":
                # a sublayer called inside a user-defined layer's or model's call() (directly, or
                # in a Sequential built there)
                users = [p for p in worker.layer_stack if _user_class(p)]
                if users and (_user_class(worker.layer_stack[-1]) or worker.depth == 0):
                    worker.inner.append((layer, out, users[-1], worker.in_check))
            return out

        Layer.__call__ = __call__

        # Sequential.add() rebuilds the whole model each time: keep only the calls of the last
        # build of each Sequential (dropping those of its earlier builds).
        from keras.src.models.sequential import Sequential

        original_build = Sequential.build

        # (wraps: Keras reads build's signature to pass it the input shape by name)
        @functools.wraps(original_build)
        def build(model, *args, **kwargs):
            worker.calls = [c for c in worker.calls if c[2] != id(model)]
            worker.seq_stack.append(id(model))
            # a Sequential built by its first call (a block called on a tensor, nested in another
            # model): its layers' calls are its construction and are recorded like the others
            depth, worker.depth = worker.depth, 0
            try:
                return original_build(model, *args, **kwargs)
            finally:
                worker.depth = depth
                worker.seq_stack.pop()

        Sequential.build = build

        # Sequential builds its layers inside build(), not through __call__ of the model:
        # those calls arrive here at depth 0 too, which is what we want.  A functional or
        # Sequential model called on a tensor is itself recorded at depth 0, its inner layers
        # at depth 1 (not recorded).

    def _install_train_stubs(self) -> None:
        Model = self.keras.Model
        worker = self
        np = self.np
        keras = self.keras

        def head(data, n=2):
            if data is None:
                return None
            if isinstance(data, dict):
                return {k: head(v, n) for k, v in data.items()}
            if isinstance(data, (list, tuple)):
                return type(data)(head(v, n) for v in data)
            try:
                return data[:n]
            except Exception:  # noqa: BLE001
                return data

        def first_batch(x, y):
            """A tf.data dataset or a Keras PyDataset (ImageDataGenerator iterators, ...) given as x:
            its first element, (x, y) or x alone, is the batch Keras checks (taken whole: an
            element that is one sample, not a batch, is what Keras gets too).  None: not one."""
            if type(x).__module__.startswith("tensorflow") and hasattr(x, "element_spec"):
                batch = next(iter(x))
            elif isinstance(x, keras.utils.PyDataset):
                batch = x[0]
            else:
                return None
            batch = keras.tree.map_structure(np.asarray, batch)
            if isinstance(batch, tuple):
                return batch[0], (batch[1] if len(batch) > 1 else None)
            return batch, None

        def check(model, x=None, y=None, *, with_y=True):
            worker.fit_calls += 1
            worker.depth += 1  # layer calls made here are not part of the model's construction
            worker.in_check = True
            try:
                whole = first_batch(x, y)
                if whole is not None:
                    x, y = whole
                if isinstance(x, tuple) and y is None and len(x) == 2 and with_y:
                    x, y = x
                if x is not None and y is not None and with_y:
                    from keras.src.trainers.data_adapters import data_adapter_utils as dau

                    dau.check_data_cardinality((x, y))
                if x is None:
                    return None
                n = 2
                try:  # a stateful model needs its static batch size
                    static = model.inputs[0].shape[0]
                    if static:
                        n = int(static)
                except Exception:  # noqa: BLE001
                    pass
                xs = head(x, n) if whole is None else x
                if isinstance(model, keras.Sequential) and not model.built:
                    # what fit does for a Sequential without an input shape: build it from the
                    # data, with an unknown batch size (so summary() shows None, not 2); these
                    # layer calls are the model's construction, so they are recorded
                    worker.depth -= 1
                    try:
                        model.build(keras.tree.map_structure(lambda a: (None,) + tuple(np.shape(a))[1:], x))
                    finally:
                        worker.depth += 1
                pred = model(xs, training=False)
                if with_y and y is not None and getattr(model, "loss", None) is not None:
                    model.compute_loss(x=xs, y=head(y, n) if whole is None else y, y_pred=pred, training=False)
                return pred
            except Exception as exc:  # noqa: BLE001
                if worker.fit_error is None:
                    worker.fit_error = exc
                raise
            finally:
                worker.depth -= 1
                worker.in_check = False

        class _History:
            history = {}

        def fit(self, x=None, y=None, *args, **kwargs):
            check(self, x, y)
            return _History()

        def evaluate(self, x=None, y=None, *args, **kwargs):
            check(self, x, y)
            return 0.0

        def predict(self, x=None, *args, **kwargs):
            pred = check(self, x, None, with_y=False)
            return keras.tree.map_structure(lambda t: np.zeros(tuple(t.shape)), pred) if pred is not None else None

        def on_batch(self, x=None, y=None, *args, **kwargs):
            check(self, x, y)
            return 0.0

        def predict_on_batch(self, x=None, *args, **kwargs):
            return predict(self, x)

        for name, fn in [("fit", fit), ("evaluate", evaluate), ("predict", predict),
                         ("train_on_batch", on_batch), ("test_on_batch", on_batch),
                         ("predict_on_batch", predict_on_batch)]:
            self._orig_train.setdefault(name, getattr(Model, name))
            setattr(Model, name, fn)

        # No files, no plots.
        self._orig_train.setdefault("save", Model.save)
        Model.save = lambda self, *a, **k: None
        self._orig_train.setdefault("summary", Model.summary)
        Model.summary = lambda self, *a, **k: None

    def _remove_train_stubs(self) -> None:
        for name, fn in self._orig_train.items():
            setattr(self.keras.Model, name, fn)

    # -- one case ------------------------------------------------------------------------------
    def run_case(self, case: dict) -> dict:
        import traceback
        import warnings

        keras = self.keras
        start = time.perf_counter()
        keras.backend.clear_session(free_memory=False)
        self.done += 1
        if self.done % 200 == 0:
            import gc

            gc.collect()
        self.calls = []
        self.seq_stack = []
        self.layer_stack = []
        self.inner = []
        self.in_check = False
        self.depth = 0
        self.fit_calls = 0
        self.fit_error = None
        mode = case.get("mode", "snippet")
        if mode == "script":
            self._install_train_stubs()
        namespace = {"__name__": "__main__", "__file__": case.get("filename", SNIPPET_FILENAME)}
        error = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            try:
                code = compile(case["source"], SNIPPET_FILENAME, "exec")
                exec(code, namespace)  # noqa: S102 - the whole point
                if case.get("forward"):
                    self._forward(namespace)
            except (Exception, SystemExit) as exc:  # noqa: BLE001
                line = None
                for frame, lineno in traceback.walk_tb(exc.__traceback__):
                    if frame.f_code.co_filename == SNIPPET_FILENAME:
                        line = lineno
                phase = "fit" if (self.fit_error is not None and exc is self.fit_error) else "build"
                if getattr(exc, "_oracle_phase", None):
                    phase = exc._oracle_phase
                error = {"type": type(exc).__name__, "message": _clip(str(exc)), "line": line, "phase": phase}
            finally:
                if mode == "script":
                    self._remove_train_stubs()
        calls = []
        for layer, out, _ in self.calls:
            calls.append({"layer": layer.__class__.__name__, "name": layer.name,
                          "output_shape": _shape_of(out), "params": _params(layer)})
        models = self._models(namespace)
        result = {"id": case.get("id"), "ok": error is None, "error": error, "calls": calls,
                  "models": models,
                  "warnings": sorted({_clip(str(w.message), 300) for w in caught
                                      if not issubclass(w.category, DeprecationWarning)}),
                  "fit_calls": self.fit_calls, "seconds": round(time.perf_counter() - start, 4)}
        if self.inner:
            # sublayer calls inside user-defined layers' call() (each context once): only
            # snippets with such classes have the key
            inner, seen = [], set()
            for layer, out, parent, in_fit in self.inner:
                rec = {"layer": layer.__class__.__name__, "name": layer.name, "output_shape": _shape_of(out),
                       "params": _params(layer), "within": parent.name, "within_class": parent.__class__.__name__,
                       "phase": "fit" if in_fit else "build"}
                key = json.dumps(rec, sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    inner.append(rec)
            result["inner_calls"] = inner
        return result

    def _forward(self, namespace: dict) -> None:
        """Run what the snippet built forward on zeros (phase "run").

        Some bugs build fine and fail only when data flows (an ``initial_state`` of the wrong
        width, attention with mismatched widths): this makes them visible.  The models bound
        in the namespace run; without one, a model is made from every ``keras.Input`` in the
        namespace to ``y`` (or the newest tensor).  Unknown dims become 3, an unknown batch 2.
        A model that cannot even be assembled is not run."""
        keras, np = self.keras, self.np
        targets = []
        for v in namespace.values():
            if isinstance(v, keras.Model) and v.built and getattr(v, "inputs", None) and v not in targets:
                targets.append(v)
        if not targets:
            tensors = []
            for v in namespace.values():
                for t in keras.tree.flatten(v) if isinstance(v, (list, tuple, dict)) else [v]:
                    if isinstance(t, keras.KerasTensor):
                        tensors.append(t)
            inputs, others = [], []
            for t in tensors:
                op = getattr(t, "_keras_history", None)
                op = op[0] if op else None
                (inputs if op is not None and op.__class__.__name__ == "InputLayer" else others).append(t)
            out = namespace.get("y")
            if out is None and others:
                out = max(others, key=lambda t: int(str(t.name).rsplit("_", 1)[-1]) if str(t.name).rsplit("_", 1)[-1].isdigit() else -1)
            if out is None or not inputs:
                return
            seen, uniq = set(), []
            for t in inputs:
                if id(t) not in seen:
                    seen.add(id(t))
                    uniq.append(t)
            try:
                targets = [keras.Model(uniq, out)]
            except Exception:  # noqa: BLE001 - not a model we can run; nothing to check
                return

        def zeros(t):
            shape = tuple(t.shape)
            shape = ((shape[0] or 2),) + tuple(3 if d is None else d for d in shape[1:])
            if t.dtype == "string":  # text inputs get a word each; numpy has no "string" dtype
                return np.full(shape, "word", dtype=object)
            return np.zeros(shape, dtype=t.dtype)

        for model in targets:
            struct = getattr(model, "_inputs_struct", None)
            if struct is None:
                struct = model.inputs[0] if len(model.inputs) == 1 else list(model.inputs)
            data = keras.tree.map_structure(zeros, struct)
            self.depth += 1
            try:
                model(data, training=False)
            except Exception as exc:  # noqa: BLE001
                exc._oracle_phase = "run"
                raise
            finally:
                self.depth -= 1

    def _models(self, namespace: dict) -> list:
        keras = self.keras
        seen = set()
        out = []
        for var, value in list(namespace.items()):
            if not isinstance(value, keras.Model) or id(value) in seen:
                continue
            seen.add(id(value))
            out.append(self._model(var, value))
        return out

    def _model(self, var: str, model) -> dict:
        kind = "sequential" if isinstance(model, self.keras.Sequential) else (
            "functional" if model.__class__.__name__ in ("Functional", "Model") and hasattr(model, "_nodes_by_depth")
            else "subclassed")
        rows = []
        for layer in model.layers:
            if layer.__class__.__name__ == "InputLayer":
                continue
            try:
                # what model.summary() prints: the output of the layer's last call (a shared
                # layer shows its last application; Sequential.add() rebuilds add nodes too).
                # Like summary(), several outputs are one flat list of shapes.
                nodes = layer._inbound_nodes
                outs = list(nodes[-1].output_tensors) if nodes else None
                shape = None if not outs else _shape_of(outs[0]) if len(outs) == 1 else [_shape_of(t) for t in outs]
            except Exception:  # noqa: BLE001 - not built
                shape = None
            rows.append({"layer": layer.__class__.__name__, "name": layer.name, "output_shape": shape,
                         "params": _params(layer)})
        try:
            inputs = [_shape_of(t) for t in model.inputs] if model.inputs is not None else None
            outputs = [_shape_of(t) for t in model.outputs] if model.outputs is not None else None
        except Exception:  # noqa: BLE001
            inputs = outputs = None
        return {"var": var, "name": model.name, "kind": kind, "built": bool(model.built),
                "layers": rows, "inputs": inputs, "outputs": outputs,
                "params": _params(model) if model.built else None}


def _clip(text: str, limit: int = 2000) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def main() -> None:
    import signal

    worker = _Worker()
    out = sys.stdout
    sys.stdout = sys.stderr  # snippets that print must not corrupt the protocol

    class _SoftTimeout(BaseException):
        pass

    def on_alarm(signum, frame):
        raise _SoftTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    out.write(json.dumps({"ready": True, "keras": worker.keras.__version__}) + "\n")
    out.flush()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        for case in request.get("cases", []):
            timeout = float(case.get("timeout", DEFAULT_TIMEOUT))
            signal.setitimer(signal.ITIMER_REAL, max(1.0, timeout * 0.8))
            try:
                result = worker.run_case(case)
            except _SoftTimeout:
                result = {"id": case.get("id"), "ok": False, "timeout": True,
                          "error": {"type": "Timeout", "message": "case timed out", "line": None, "phase": "build"},
                          "calls": [], "models": [], "warnings": [], "fit_calls": 0}
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            out.write(json.dumps(result) + "\n")
            out.flush()


# ---------------------------------------------------------------------------------------------
# client side (no Keras import)
# ---------------------------------------------------------------------------------------------


class OracleUnavailable(RuntimeError):
    pass


class KerasOracle:
    """Client for the worker process.  ``run(cases)`` returns one result dict per case."""

    def __init__(self, python: str | None = None, timeout: float = DEFAULT_TIMEOUT, startup_timeout: float = 120.0):
        self.python = python or sys.executable
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.restarts = 0
        self.cases_run = 0
        self._buf = b""
        self.keras_version = None

    # -- process management --------------------------------------------------------------------
    def start(self) -> None:
        env = dict(os.environ)
        env["TF_CPP_MIN_LOG_LEVEL"] = "3"
        env["CUDA_VISIBLE_DEVICES"] = ""
        env["PYTHONUNBUFFERED"] = "1"
        env.setdefault("KERAS_BACKEND", "tensorflow")
        env.setdefault("TF_NUM_INTEROP_THREADS", "1")
        env.setdefault("TF_NUM_INTRAOP_THREADS", "1")
        env.setdefault("OMP_NUM_THREADS", "1")
        self._buf = b""
        self.proc = subprocess.Popen(
            [self.python, str(HERE / "keras_worker.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, text=True, bufsize=1,
        )
        hello = self._readline(self.startup_timeout)
        if hello is None:
            self.close()
            raise OracleUnavailable("the Keras worker did not start (is tensorflow-cpu/keras installed?)")
        info = json.loads(hello)
        self.keras_version = info.get("keras")

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
        except Exception:  # noqa: BLE001
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def _kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            proc.kill()
            proc.wait()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def _readline(self, timeout: float):
        """The next JSON line from the worker, or None on timeout / exit.

        Reads the pipe's file descriptor directly into our own buffer: select() on a buffered
        file object would miss lines already read ahead into Python's buffer."""
        assert self.proc is not None and self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while True:
            nl = self._buf.find(b"\n")
            if nl >= 0:
                line, self._buf = self._buf[:nl], self._buf[nl + 1:]
                text = line.decode("utf-8", "replace")
                if text.startswith("{"):
                    return text
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return None  # worker died
                self._buf += chunk

    # -- running cases -------------------------------------------------------------------------
    def run(self, cases: list, batch_size: int = 200) -> list:
        """Run cases (dicts with ``source`` and optional ``mode``/``id``/``timeout``, or plain
        source strings) and return their results in order."""
        norm = []
        for i, case in enumerate(cases):
            if isinstance(case, str):
                case = {"source": case}
            case = dict(case)
            case.setdefault("id", i)
            case.setdefault("timeout", self.timeout)
            norm.append(case)
        results: list = []
        pending = norm
        while pending:
            batch, pending = pending[:batch_size], pending[batch_size:]
            results.extend(self._run_batch(batch))
        return results

    def run_one(self, source: str, mode: str = "snippet") -> dict:
        return self.run([{"source": source, "mode": mode}])[0]

    def _run_batch(self, batch: list) -> list:
        results = []
        todo = list(batch)
        while todo:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = None
                self.start()
            try:
                self.proc.stdin.write(json.dumps({"cases": todo}) + "\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                self._kill()
                self.restarts += 1
                continue
            sent = todo
            todo = []
            for k, case in enumerate(sent):
                line = self._readline(float(case["timeout"]) + 5.0)
                if line is None:
                    # hung or crashed on this case: restart and go on with the rest
                    crashed = self.proc is not None and self.proc.poll() is not None
                    self._kill()
                    self.restarts += 1
                    results.append({"id": case["id"], "ok": False, "timeout": not crashed, "crashed": crashed,
                                    "error": {"type": "Crash" if crashed else "Timeout",
                                              "message": "worker crashed" if crashed else "case timed out",
                                              "line": None, "phase": "build"},
                                    "calls": [], "models": [], "warnings": [], "fit_calls": 0})
                    todo = sent[k + 1:]
                    break
                self.cases_run += 1
                res = json.loads(line)
                if res.get("id") != case["id"]:  # never pair a case with another case's answer
                    self._kill()
                    raise RuntimeError(f"Keras worker out of sync: answer for {res.get('id')!r}, expected {case['id']!r}")
                results.append(res)
        return results


if __name__ == "__main__":
    main()
