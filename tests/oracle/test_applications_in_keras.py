"""keras.applications backbones: each program below is built in Keras 3.15.1 (weights=None, or
"imagenet" with the download and the loading of the weights stubbed out) and what shapelens
reports for it must be what Keras builds: the models' input and output shapes and weight counts,
the backbone's row in a model that calls it (name, output shape, weights), and SL114 exactly where
Keras raises.  A representative set per family, the heaviest models left out (their numbers come
from the same recorder as their family's; scripts/record_applications.py checks every one)."""

import pytest
from shapelens import analyze

H = "import keras\nfrom keras import layers\n"

# Keras may not download: the weights file and its loading are stubbed in the Keras run only
# (restored afterwards: the worker process is shared with the other oracle tests)
_STUB = (
    "from keras.src.utils import file_utils as _fu\n"
    "_saved = (_fu.get_file, keras.Model.load_weights)\n"
    "_fu.get_file = lambda *a, **k: '/nonexistent/weights.h5'\n"
    "keras.Model.load_weights = lambda self, *a, **k: None\n"
    "try:\n"
    "{body}"
    "finally:\n"
    "    _fu.get_file, keras.Model.load_weights = _saved\n"
)


def _case(call, extra=""):
    """``base = <call>`` then ``extra`` (more statements)."""
    return f"base = keras.applications.{call}\n{extra}"


CALLED = ("inp = keras.Input({size})\n"
          "x = base(inp)\n"
          "model = keras.Model(inp, layers.Dense(3)(layers.Flatten()(x)))\n")

CASES = {
    # family, shapes, weights counts, the classifier, pooling
    "vgg16-top-small": _case("VGG16(weights=None, input_shape=(64, 64, 3), classes=7)"),
    "vgg19-notop-odd": _case("VGG19(include_top=False, weights=None, input_shape=(37, 45, 1))"),
    "resnet50-notop": _case("ResNet50(include_top=False, weights=None, input_shape=(160, 160, 3))",
                            CALLED.format(size="(160, 160, 3)")),
    "resnet50-path": "from keras.applications.resnet50 import ResNet50\n"
                     "base = ResNet50(include_top=False, weights=None, input_shape=(33, 47, 3), pooling='max')\n",
    "resnet50v2-top": _case("ResNet50V2(weights=None, input_shape=(75, 91, 3), classes=10, classifier_activation=None)"),
    "resnet50-none": _case("ResNet50(include_top=False, weights=None)"),
    "densenet121": _case("DenseNet121(include_top=False, weights=None, input_shape=(97, 65, 3), pooling='avg')"),
    "inceptionv3": _case("InceptionV3(include_top=False, weights=None, input_shape=(75, 139, 3))",
                         CALLED.format(size="(75, 139, 3)")),
    "inception-resnet-v2": _case("InceptionResNetV2(weights=None, input_shape=(80, 80, 3), classes=5)"),
    "xception": _case("Xception(include_top=False, weights=None, input_shape=(71, 100, 3))"),
    "mobilenet-a050": _case("MobileNet(include_top=False, weights=None, input_shape=(160, 160, 3), alpha=0.5)",
                            CALLED.format(size="(160, 160, 3)")),
    "mobilenet-top": _case("MobileNet(weights=None, input_shape=(97, 97, 3), alpha=0.25, classes=4)"),
    "mobilenetv2-a035": _case("MobileNetV2(include_top=False, weights=None, input_shape=(96, 96, 3), alpha=0.35)",
                              CALLED.format(size="(96, 96, 3)")),
    "mobilenetv2-odd": _case("MobileNetV2(weights=None, input_shape=(33, 51, 2), alpha=1.3, classes=3)"),
    "mobilenetv3small": _case("MobileNetV3Small(include_top=False, weights=None, input_shape=(65, 99, 3))"),
    "mobilenetv3small-min": _case("MobileNetV3Small(weights=None, input_shape=(224, 224, 3), minimalistic=True, "
                                  "alpha=0.75, classes=12)"),
    "mobilenetv3large-top": _case("MobileNetV3Large(weights=None, input_shape=(57, 57, 3), classes=2, dropout_rate=0)"),
    "nasnetmobile-default": _case("NASNetMobile(include_top=False, weights=None, pooling='avg')"),
    "efficientnetb0": _case("EfficientNetB0(include_top=False, weights=None, input_shape=(33, 34, 3))",
                            CALLED.format(size="(33, 34, 3)")),
    "efficientnetb0-top": _case("EfficientNetB0(weights=None, input_shape=(64, 64, 1), classes=9)"),
    "efficientnetv2b0": _case("EfficientNetV2B0(include_top=False, weights=None, input_shape=(99, 64, 3), "
                              "include_preprocessing=False)"),
    "convnext-tiny": _case("ConvNeXtTiny(include_top=False, weights=None, input_shape=(64, 71, 3))",
                           CALLED.format(size="(64, 71, 3)")),
    "convnext-tiny-top": _case("ConvNeXtTiny(weights=None, input_shape=(32, 32, 1), classes=6, name='cnx')"),
    "input-tensor": "inp = keras.Input((96, 96, 3))\n"
                    "base = keras.applications.MobileNetV2(include_top=False, weights=None, input_tensor=inp)\n"
                    "model = keras.Model(inp, layers.Dense(2)(layers.GlobalAveragePooling2D()(base.output)))\n",
    "input-tensor-after-a-layer": "inp = keras.Input((64, 64, 3))\n"
                                  "r = layers.Conv2D(3, 1)(inp)\n"
                                  "base = keras.applications.ResNet50V2(include_top=False, weights=None, input_tensor=r)\n"
                                  "model = keras.Model(inp, layers.Dense(2)(layers.Flatten()(base.output)))\n",
    "output-of-base": _case("VGG16(include_top=False, weights=None, input_shape=(48, 48, 3))",
                            "model = keras.Model(base.input, layers.Dense(3)(layers.Flatten()(base.output)))\n"),
    "preprocess-input": "inputs = keras.Input((96, 96, 3))\n"
                        "x = keras.applications.mobilenet_v2.preprocess_input(inputs)\n"
                        "base = keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False, weights=None)\n"
                        "x = base(x, training=False)\n"
                        "y = keras.applications.resnet50.preprocess_input(inputs)\n"
                        "y = layers.Conv2D(4, 3)(y)\n"
                        "model = keras.Model(inputs, [layers.Dense(1)(layers.GlobalAveragePooling2D()(x)), y])\n",
    # a backbone built for any size, called on a sized input: Keras runs its layers on that size
    "vgg16-any-size-called": _case("VGG16(include_top=False, weights=None)", CALLED.format(size="(64, 64, 3)")),
    "efficientnetb0-any-size-called": _case("EfficientNetB0(include_top=False, weights=None)",
                                            CALLED.format(size="(33, 34, 3)")),
    "mobilenetv2-any-size-called": _case("MobileNetV2(include_top=False, weights=None, input_shape=(None, None, 3))",
                                         CALLED.format(size="(97, 130, 3)")),
    "resnet50-pooled-called": _case("ResNet50(include_top=False, weights=None, pooling='avg')",
                                    "inp = keras.Input((64, 64, 3))\n"
                                    "model = keras.Model(inp, layers.Dense(3)(base(inp)))\n"),
    "in-a-sequential": _case("MobileNetV2(include_top=False, weights=None, input_shape=(96, 96, 3), alpha=0.35)",
                             "model = keras.Sequential([keras.Input((96, 96, 3)), base, "
                             "layers.GlobalAveragePooling2D(), layers.Dense(1)])\n"),
    "name-none": _case("ResNet50V2(include_top=False, weights=None, input_shape=(64, 64, 3), name=None)",
                       CALLED.format(size="(64, 64, 3)")),
    "sequential-first": _case("VGG16(include_top=False, weights=None, input_shape=(64, 64, 3))",
                              "model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(4)])\n"),
    "sequential-first-any-size": _case("MobileNetV2(include_top=False, weights=None)",
                                       "model = keras.Sequential()\nmodel.add(base)\n"
                                       "model.add(layers.GlobalMaxPooling2D())\nmodel.add(layers.Dense(4))\n"),
    # Keras raises: SL114
    "err-min-size": _case("ResNet50(include_top=False, weights=None, input_shape=(31, 64, 3))"),
    "err-inception-min": _case("InceptionV3(include_top=False, weights=None, input_shape=(74, 200, 3))"),
    "err-top-needs-size": _case("DenseNet121(weights=None, input_shape=(None, None, 3))"),
    "err-rank": _case("Xception(include_top=False, weights=None, input_shape=(100, 100))"),
    "err-imagenet-top-size": _case("ResNet50(input_shape=(160, 160, 3))"),
    "err-imagenet-top-list": _case("EfficientNetB0(input_shape=[224, 224, 3])"),
    "err-imagenet-classes": _case("VGG16(weights='imagenet', classes=10)"),
    "err-imagenet-channels": _case("ResNet50(include_top=False, input_shape=(64, 64, 1))"),
    "err-imagenet-activation": _case("MobileNetV2(classifier_activation='sigmoid')"),
    "err-mobilenet-alpha": _case("MobileNet(include_top=False, input_shape=(128, 128, 3), alpha=0.3)"),
    "err-mobilenet-dm": _case("MobileNet(include_top=False, input_shape=(128, 128, 3), depth_multiplier=2)"),
    "err-mobilenetv3-alpha": _case("MobileNetV3Large(alpha=0.75, minimalistic=True)"),
    "err-mobilenetv3-size": _case("MobileNetV3Small(include_top=False, weights=None, input_shape=(31, 31, 3))"),
    "err-nasnet-none": _case("NASNetLarge(include_top=False, input_shape=(None, None, 3))"),
    "err-convnext-name": _case("ConvNeXtTiny(include_top=False, name='backbone')"),
    "err-unexpected-kwarg": _case("ResNet50(include_top=False, weights=None, dropout=0.2)"),
    "err-input-tensor-v2": "inp = keras.Input((96, 96, 3))\n"
                           "base = keras.applications.MobileNetV2(include_top=False, weights=None, input_tensor=inp, "
                           "input_shape=(96, 128, 3))\n",
}

# accepted with imagenet weights (Keras would download them: stubbed)
IMAGENET = {
    "imagenet-resnet50": _case("ResNet50(include_top=False, input_shape=(128, 128, 3))"),
    "imagenet-mobilenet-160": _case("MobileNet(input_shape=(160, 160, 3), alpha=0.75)"),
    "imagenet-mobilenetv2-none": _case("MobileNetV2(include_top=False, alpha=1.4)"),
    "imagenet-efficientnetb0-top": _case("EfficientNetB0()"),
    "imagenet-convnext-name": _case("ConvNeXtTiny(include_top=False, input_shape=(64, 64, 3), name='my_convnext_tiny')"),
    "imagenet-linear": _case("ResNet50V2(classifier_activation='linear')"),
}

def _keras_source(name, src):
    if name.startswith("imagenet-"):
        body = "".join("    " + line + "\n" for line in src.splitlines())
        return H + _STUB.format(body=body)
    return H + src


@pytest.fixture(scope="module")
def results(keras_oracle):
    cases = {**CASES, **IMAGENET}
    runs = keras_oracle.run([{"id": n, "source": _keras_source(n, s), "timeout": 90} for n, s in cases.items()])
    return {r["id"]: r for r in runs}


def _norm(shape):
    return None if shape is None else [None if d is None else d for d in shape]


@pytest.mark.parametrize("name", sorted({**CASES, **IMAGENET}))
def test_backbone_agrees_with_keras(results, name):
    src = {**CASES, **IMAGENET}[name]
    r = results[name]
    a = analyze(H + src)
    sl114 = [d for d in a.diagnostics if d.code == "SL114"]
    if r["error"] is not None:
        assert name.startswith("err-"), f"Keras raises on {name}: {r['error']}"
        assert sl114, f"Keras raises {r['error']['message']!r}; shapelens says nothing"
        return
    assert not name.startswith("err-"), f"Keras builds {name}"
    assert not a.diagnostics, [d.message for d in a.diagnostics]
    facts = {m.name: m for m in a.models}
    for km in r["models"]:
        fact = facts.get(km["var"])
        assert fact is not None, f"no model {km['var']} from shapelens"
        assert [_norm(s) for s in fact.inputs] == km["inputs"], (km["var"], fact.inputs, km["inputs"])
        assert [_norm(s) for s in fact.outputs] == km["outputs"], (km["var"], fact.outputs, km["outputs"])
        assert fact.params == km["params"], (km["var"], fact.params, km["params"])
        if km["var"] == "model" and "x = base(inp)" in src:
            # Keras' summary: the backbone is one row, "resnet50 (Functional)"
            [krow] = [row for row in km["layers"] if row["layer"] == "Functional"]
            [srow] = [row for row in fact.rows if row.layer == "Functional"]
            assert (srow.name, _norm(srow.output_shape), srow.params) == (krow["name"], krow["output_shape"],
                                                                          krow["params"])


def test_every_application_keras_exports_is_recorded(keras_oracle, tmp_path):
    """applications.json covers exactly the functions this Keras exports (a new Keras with, say,
    RegNet fails here until scripts/record_applications.py is run), each under its submodules."""
    import json

    from shapelens.engine.keras.applications import _DATA_FILE

    out = tmp_path / "exported.json"
    src = ("import json\n"
           "names = sorted(n for n in dir(keras.applications) if n[0].isupper())\n"
           "mods = sorted(m for m in dir(keras.applications) if not m[0].isupper() and not m.startswith('_'))\n"
           "where = {n: sorted(m for m in mods if getattr(getattr(keras.applications, m), n, None)\n"
           "                   is getattr(keras.applications, n)) for n in names}\n"
           f"open({str(out)!r}, 'w').write(json.dumps({{'version': keras.__version__, 'where': where}}))\n")
    r = keras_oracle.run([{"id": "exported", "source": H + src}])[0]
    assert r["error"] is None, r["error"]
    keras_side = json.loads(out.read_text())
    recorded = json.loads(_DATA_FILE.read_text())
    assert recorded["keras"] == keras_side["version"]
    assert {fn: app["modules"] for fn, app in recorded["apps"].items()} == keras_side["where"]
