"""The real bugs shapelens finds in the registry corpus (``registry_reviewed.json``), each
reproduced in real Keras 3.15.1: the package's own code runs in a Keras process and must raise
what shapelens says, on the lines it says.  Without Keras these tests skip, unless
SHAPELENS_REQUIRE_ORACLE=1 (CI), where a missing Keras is a failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from registry_corpus import download, load_reviewed, python_files

REQUIRE = os.environ.get("SHAPELENS_REQUIRE_ORACLE", "") not in ("", "0")

# Runs a module of a package with its ``import tensorflow`` replaced by a proxy: a TensorFlow
# function that raises "A KerasTensor cannot be used as input to a TensorFlow function" records
# the module line that called it, then gives what the keras.ops function of the same name gives
# (or, without one, the call inside a Lambda layer), so that the build goes on and every such
# line is found, not only the first.  The model's Input gets concrete sizes for the same reason
# (a KerasTensor is refused whatever its sizes).
RUNNER = textwrap.dedent('''
    import builtins, json, os, sys, types
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import keras
    path, source, stubs, entry = sys.argv[1], sys.stdin.read(), json.loads(sys.argv[2]), sys.argv[3]
    for name in stubs:  # the package's own helper modules the build does not need
        parts = name.split(".")
        for k in range(1, len(parts) + 1):
            sys.modules.setdefault(".".join(parts[:k]), types.ModuleType(".".join(parts[:k])))
    raised = []

    class Proxy:
        def __init__(self, obj):
            self._obj = obj

        def __getattr__(self, name):
            value = getattr(self._obj, name)
            if isinstance(value, types.ModuleType):
                return Proxy(value)
            if not callable(value) or isinstance(value, type):
                return value

            def call(*args, **kwargs):
                try:
                    return value(*args, **kwargs)
                except ValueError as exc:
                    if "A KerasTensor cannot be used as input to a TensorFlow function" not in str(exc):
                        raise
                frame = sys._getframe(1)
                while frame is not None and frame.f_code.co_filename != path:
                    frame = frame.f_back
                raised.append(frame.f_lineno if frame is not None else None)
                same = getattr(keras.ops, name, None)
                if same is not None:
                    kw = {k: v for k, v in kwargs.items() if k != "name"}
                    a = list(args)
                    while a and isinstance(a[-1], str):  # TensorFlow's positional name
                        a.pop()
                    try:
                        return same(*a, **kw)
                    except Exception:  # noqa: BLE001 - other arguments: a Lambda below
                        pass
                flat = keras.tree.flatten((args, kwargs))
                tensors = [t for t in flat if isinstance(t, keras.KerasTensor)]

                def run(ts):
                    it = iter(ts)
                    real = [next(it) if isinstance(t, keras.KerasTensor) else t for t in flat]
                    a, kw = keras.tree.pack_sequence_as((args, kwargs), real)
                    return value(*a, **kw)
                return keras.layers.Lambda(run)(tensors)
            return call

    module = types.ModuleType("reviewed_module")
    module.__dict__["__file__"] = path
    real_import = builtins.__import__

    def proxy_import(name, globals=None, locals=None, fromlist=(), level=0):
        mod = real_import(name, globals, locals, fromlist, level)
        if globals is module.__dict__ and name == "tensorflow" and not fromlist:
            return Proxy(mod)
        return mod

    builtins.__import__ = proxy_import
    try:
        exec(compile(source, path, "exec"), module.__dict__)
    finally:
        builtins.__import__ = real_import
    real_input = module.__dict__.get("Input")
    if real_input is not None:
        def sized_input(*a, shape=None, **kw):
            if shape is not None:
                shape = tuple(64 if d is None else d for d in shape)
            return real_input(*a, shape=shape, **kw)
        module.__dict__["Input"] = sized_input
    error = None
    try:
        module.__dict__[entry]()
    except Exception as exc:  # after the model is built (loading weights needs the network)
        error = f"{type(exc).__name__}: {str(exc)[:300]}"
    print(json.dumps({"raised": raised, "error": error}))
''')


def _keras_python() -> str:
    try:
        import keras  # noqa: F401
        import tensorflow  # noqa: F401
    except Exception as exc:  # noqa: BLE001
        if REQUIRE:
            pytest.fail(f"Keras is required here (SHAPELENS_REQUIRE_ORACLE=1): {exc}")
        pytest.skip(f"Keras unavailable: {exc}")
    return sys.executable


def _run(spec: str, file: str, entry: str, stubs: list) -> dict:
    source = next(text for path, text in python_files(download(spec)) if path == file)
    proc = subprocess.run([_keras_python(), "-c", RUNNER, file, json.dumps(stubs), entry], input=source,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _reviewed_lines(test: str) -> set:
    return {e["line"] for e in load_reviewed() if e["test"] == test}


def test_retinaface_tensorflow_functions_on_keras_tensors():
    """retina-face 0.0.19 builds its model with tf.shape/tf.stack/tf.transpose on the outputs of
    Keras layers; Keras 3 refuses each of them."""
    got = _run("retina-face==0.0.19", "retinaface/model/retinaface_model.py", "build_model",
               ["retinaface.commons.weight_utils"])
    reviewed = _reviewed_lines("test_retinaface_tensorflow_functions_on_keras_tensors")
    assert reviewed and reviewed <= set(got["raised"]), (sorted(reviewed), got)
    # Keras refuses more lines than shapelens reports (tf.slice with offsets computed from
    # tf.shape, for one): shapelens stays silent where an argument is not known.


def test_vggface_imports_keras_engine():
    """keras-vggface 0.6 imports get_source_inputs from keras.engine.topology, a Keras 2 module
    that Keras 3 removed: the import line itself raises under Keras 3."""
    [entry] = [e for e in load_reviewed() if e["test"] == "test_vggface_imports_keras_engine"]
    source = next(text for path, text in python_files(download("keras-vggface==0.6")) if path == entry["file"])
    line = source.splitlines()[entry["line"] - 1].strip()
    assert line.startswith("from keras.engine"), line
    code = "import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'\nimport keras\n" + line + "\n"
    proc = subprocess.run([_keras_python(), "-c", code], capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0 and "ModuleNotFoundError: No module named 'keras.engine'" in proc.stderr, proc.stderr[-2000:]
