"""The recorded list of keras.layers' public classes and aliases (keras_layers.json, read by
tests/engine/test_catalog_complete.py without TensorFlow) is what Keras itself exports."""

import json
from pathlib import Path

LISTING = """
import inspect, json, keras
out = {"classes": [], "aliases": {}, "functions": []}
for n in sorted(dir(keras.layers)):
    if n.startswith("_"):
        continue
    obj = getattr(keras.layers, n)
    if inspect.isclass(obj) and issubclass(obj, keras.layers.Layer):
        if obj.__name__ == n:
            out["classes"].append(n)
        else:
            out["aliases"][n] = obj.__name__
    else:
        out["functions"].append(n)
text = json.dumps(out, sort_keys=True)
raise RuntimeError("LISTING " + text[{start}:{start} + 1500])
"""


def test_recorded_layer_list_is_what_keras_exports(keras_oracle):
    text = ""
    while True:  # the worker returns an error message of at most ~2,000 characters: in pieces
        r = keras_oracle.run_one(LISTING.replace("{start}", str(len(text))), mode="script")
        message = r["error"]["message"]
        piece = message[message.index("LISTING ") + len("LISTING "):]
        text += piece
        if len(piece) < 1500:
            break
    got = json.loads(text)
    recorded = json.loads((Path(__file__).resolve().parent / "keras_layers.json").read_text())
    assert got["classes"] == recorded["classes"]
    assert got["aliases"] == recorded["aliases"]
    assert got["functions"] == recorded["functions"]
