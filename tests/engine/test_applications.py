"""keras.applications backbones, without Keras: the shapes and weight counts shapelens computes
from applications.json, compared with the numbers Keras 3.15.1 printed for the same calls
(tests/oracle/test_applications_in_keras.py builds such programs in Keras on every run)."""

import json
import textwrap

import pytest
from shapelens import analyze
from shapelens.engine.keras import applications as apps

H = "import keras\nfrom keras import layers\n"


def _run(src):
    return analyze(H + textwrap.dedent(src))


def _model(a, var):
    [m] = [m for m in a.models if m.name == var]
    return m


# (call, input shape, output shape, weights) as Keras 3.15.1 builds them (weights=None)
KERAS = [
    ("VGG16(weights=None)", (None, 224, 224, 3), (None, 1000), 138357544),
    ("VGG16(include_top=False, weights=None, input_shape=(96, 96, 3))", (None, 96, 96, 3), (None, 3, 3, 512), 14714688),
    ("VGG19(weights=None)", (None, 224, 224, 3), (None, 1000), 143667240),
    ("ResNet50(include_top=False, weights=None, input_shape=(160, 160, 3))", (None, 160, 160, 3), (None, 5, 5, 2048),
     23587712),
    ("ResNet50(weights=None)", (None, 224, 224, 3), (None, 1000), 25636712),
    ("ResNet101(weights=None)", (None, 224, 224, 3), (None, 1000), 44707176),
    ("ResNet50V2(weights=None)", (None, 224, 224, 3), (None, 1000), 25613800),
    ("DenseNet121(weights=None)", (None, 224, 224, 3), (None, 1000), 8062504),
    ("DenseNet121(include_top=False, weights=None, input_shape=(96, 96, 3))", (None, 96, 96, 3), (None, 3, 3, 1024),
     7037504),
    ("InceptionV3(weights=None)", (None, 299, 299, 3), (None, 1000), 23851784),
    ("InceptionV3(include_top=False, weights=None, input_shape=(99, 99, 3))", (None, 99, 99, 3), (None, 1, 1, 2048),
     21802784),
    ("InceptionResNetV2(weights=None)", (None, 299, 299, 3), (None, 1000), 55873736),
    ("Xception(weights=None)", (None, 299, 299, 3), (None, 1000), 22910480),
    ("MobileNet(weights=None)", (None, 224, 224, 3), (None, 1000), 4253864),
    ("MobileNet(include_top=False, weights=None, input_shape=(96, 96, 3))", (None, 96, 96, 3), (None, 3, 3, 1024),
     3228864),
    ("MobileNetV2(weights=None)", (None, 224, 224, 3), (None, 1000), 3538984),
    ("MobileNetV2(include_top=False, weights=None, input_shape=(96, 96, 3))", (None, 96, 96, 3), (None, 3, 3, 1280),
     2257984),
    ("NASNetMobile(include_top=False, weights=None, input_shape=(96, 96, 3))", (None, 96, 96, 3), (None, 3, 3, 1056),
     4269716),
    ("NASNetLarge(include_top=False, weights=None, input_shape=(64, 64, 3))", (None, 64, 64, 3), (None, 2, 2, 4032),
     84916818),
    ("NASNetLarge(include_top=False, weights=None)", (None, None, None, 3), (None, None, None, 4032), 84887922),
    ("EfficientNetB0(weights=None)", (None, 224, 224, 3), (None, 1000), 5330571),
    ("EfficientNetB0(include_top=False, weights=None, input_shape=(96, 96, 3))", (None, 96, 96, 3), (None, 3, 3, 1280),
     4049571),
    ("EfficientNetV2B0(include_top=False, weights=None, input_shape=(96, 96, 3))", (None, 96, 96, 3),
     (None, 3, 3, 1280), 5919312),
    ("ConvNeXtTiny(include_top=False, weights=None, input_shape=(96, 96, 3))", (None, 96, 96, 3), (None, 3, 3, 768),
     27820128),
]


@pytest.mark.parametrize("call,inp,out,params", KERAS, ids=[k[0] for k in KERAS])
def test_backbone_as_keras_builds_it(call, inp, out, params):
    a = _run(f"base = keras.applications.{call}\n")
    assert not a.diagnostics
    m = _model(a, "base")
    assert (m.inputs, m.outputs, m.params) == ((inp,), (out,), params)


def test_model_names():
    a = _run("""
        a = keras.applications.MobileNet(include_top=False, weights=None, input_shape=(96, 96, 3))
        b = keras.applications.MobileNetV2(include_top=False, input_shape=(100, 100, 3), alpha=0.35)
        c = keras.applications.EfficientNetV2B0(include_top=False, weights=None, input_shape=(64, 64, 3))
        d = keras.applications.ResNet50(include_top=False, weights=None, input_shape=(64, 64, 3), name="backbone")
        inp = keras.Input((64, 64, 3))
        model = keras.Model(inp, [c(inp), d(inp)])
    """)
    rows = {r.name: r for r in _model(a, "model").rows}
    assert {"efficientnetv2-b0", "backbone"} <= set(rows)
    tables = {m.name: m.rows[-1].name for m in a.models}
    # MobileNet names its model by alpha and rows (imagenet weights: 224 when the size has none)
    assert tables["a"] == "mobilenet_1.00_96" and tables["b"] == "mobilenetv2_0.35_224"


def test_a_backbone_called_like_a_layer_is_one_row():
    a = _run("""
        base = keras.applications.ResNet50(include_top=False, weights="imagenet", input_shape=(160, 160, 3))
        base.trainable = False
        inputs = keras.Input((160, 160, 3))
        x = base(inputs, training=False)
        x = layers.GlobalAveragePooling2D()(x)
        outputs = layers.Dense(3)(x)
        model = keras.Model(inputs, outputs)
    """)
    assert not a.diagnostics
    m = _model(a, "model")
    assert m.outputs == ((None, 3),) and m.params == 23587712 + 6147
    assert [(r.name, r.layer, r.output_shape, r.params) for r in m.rows][1] == (
        "resnet50", "Functional", (None, 5, 5, 2048), 23587712)


def test_the_output_of_a_backbone_and_the_classifier_on_it():
    a = _run("""
        base = keras.applications.VGG16(include_top=False, weights=None, input_shape=(48, 48, 3))
        model = keras.Model(base.input, layers.Dense(3)(layers.Flatten()(base.output)))
        seen = layers.Reshape(base.output_shape[1:])(base.output)
    """)
    m = _model(a, "model")
    assert m.inputs == ((None, 48, 48, 3),)
    assert m.outputs == ((None, 3),) and m.params == 14714688 + 512 * 3 + 3
    assert [f.output_shape for f in a.layers if f.layer == "Reshape"] == [(None, 1, 1, 512)]


def test_every_spelling_of_the_name():
    a = _run("""
        import tensorflow as tf
        from keras.applications import EfficientNetB0
        from keras.applications.resnet50 import ResNet50
        from tensorflow.keras.applications.mobilenet_v2 import MobileNetV2
        a = EfficientNetB0(include_top=False, weights=None, input_shape=(64, 64, 3))
        b = ResNet50(include_top=False, weights=None, input_shape=(64, 64, 3))
        c = MobileNetV2(include_top=False, weights=None, input_shape=(64, 64, 3))
        d = tf.keras.applications.resnet.ResNet101(include_top=False, weights=None, input_shape=(64, 64, 3))
        e = keras.applications.efficientnet.EfficientNetB0(include_top=False, weights=None, input_shape=(64, 64, 3))
        f = keras.applications.vgg16.ResNet50(include_top=False, weights=None, input_shape=(64, 64, 3))
    """)
    outs = {m.name: m.outputs for m in a.models}
    assert outs["a"] == outs["e"] == ((None, 2, 2, 1280),)
    assert outs["b"] == outs["d"] == ((None, 2, 2, 2048),)
    assert outs["c"] == ((None, 2, 2, 1280),)
    assert "f" not in outs  # vgg16 does not export ResNet50: not known


def test_the_classifier_pooling_and_channels():
    a = _run("""
        top = keras.applications.EfficientNetB0(weights=None, input_shape=(64, 64, 1), classes=9)
        avg = keras.applications.ResNet50(include_top=False, weights=None, input_shape=(33, 47, 3), pooling="max")
        vgg = keras.applications.VGG16(weights=None, input_shape=(64, 64, 3), classes=7)
    """)
    assert _model(a, "top").outputs == ((None, 9),)
    assert _model(a, "avg").outputs == ((None, 2048),)
    # Flatten of the 2x2x512 feature map: fc1 has 2048*4096+4096 weights
    assert _model(a, "vgg").params == 14714688 + 2048 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 7 + 7


@pytest.mark.parametrize("call,says", [
    ("ResNet50(include_top=False, weights=None, input_shape=(31, 64, 3))", "at least 32x32"),
    ("ResNet50(input_shape=(160, 160, 3))", "should be (224, 224, 3)"),
    ("EfficientNetB0(input_shape=[224, 224, 3])", "should be (224, 224, 3)"),
    ("VGG16(weights='imagenet', classes=10)", "`classes` should be 1000"),
    ("ResNet50(include_top=False, input_shape=(64, 64, 1))", "3 channels"),
    ("DenseNet121(weights=None, input_shape=(None, None, 3))", "static `input_shape`"),
    ("Xception(include_top=False, weights=None, input_shape=(100, 100))", "tuple of three integers"),
    ("MobileNetV2(classifier_activation='sigmoid')", "activations are allowed"),
    ("MobileNet(include_top=False, input_shape=(128, 128, 3), alpha=0.3)", "alpha can be one of"),
    ("MobileNetV3Small(include_top=False, weights=None, input_shape=(31, 31, 3))", "at least 32x32"),
    ("NASNetLarge(include_top=False, input_shape=(None, None, 3))", "must be static"),
    ("ConvNeXtTiny(include_top=False, name='backbone')", "does not match weights variant"),
    ("ResNet50(include_top=False, weights=None, dropout=0.2)", "unexpected keyword argument 'dropout'"),
])
def test_what_keras_rejects_is_sl114(call, says):
    a = _run(f"base = keras.applications.{call}\n")
    assert [d.code for d in a.diagnostics] == ["SL114"]
    assert says in a.diagnostics[0].message
    assert not [m for m in a.models if m.name == "base"]


@pytest.mark.parametrize("src", [
    "base = keras.applications.ResNet50(include_top=False, weights='/data/w.h5', input_shape=(64, 64, 3))",
    "base = keras.applications.MobileNetV2(include_top=False, weights=None, alpha=0.6)",
    "keras.config.set_image_data_format('channels_first')\nbase = keras.applications.ResNet50(weights=None)",
    "def make(shape):\n    return keras.applications.ResNet50(include_top=False, weights=None, input_shape=shape)",
    # Keras 3.15.1 fails on name=None here (AttributeError, TypeError): not modelled
    "base = keras.applications.ConvNeXtTiny(include_top=False, weights=None, input_shape=(64, 64, 3), name=None)",
    "base = keras.applications.EfficientNetV2B0(include_top=False, weights=None, input_shape=(64, 64, 3), name=None)",
    "base = keras.applications.ResNet50(include_top=False, input_tensor=keras.Input((64, 64, 1)), input_shape=(64, 64, 3))",
    "x = keras.applications.imagenet_utils.preprocess_input(keras.Input((64, 64, 3)), mode='tf')",
    "x = keras.applications.resnet50.preprocess_input(keras.Input((64, 64, 1)))",
])
def test_what_is_not_known_stays_unknown(src):
    a = _run(src + "\n")
    assert not a.diagnostics
    assert not [m for m in a.models if m.name == "base" and m.params is not None]


def test_a_backbone_for_any_size_called_on_a_sized_input():
    a = _run("""
        base = keras.applications.EfficientNetB0(include_top=False, weights=None)
        inputs = keras.Input((33, 34, 3))
        x = base(inputs)
        x = layers.Flatten()(x)
        model = keras.Model(inputs, layers.Dense(2)(x))
    """)
    assert not a.diagnostics
    # built for any size, its correct_pad paddings are fixed ((0, 1) each): (33, 34) -> (1, 1), where
    # EfficientNetB0(input_shape=(33, 34, 3)) gives (2, 2) (Keras 3.15.1 both)
    assert _model(a, "base").outputs == ((None, None, None, 1280),)
    assert _model(a, "model").rows[1].output_shape == (None, 1, 1, 1280)
    b = _run("base = keras.applications.EfficientNetB0(include_top=False, weights=None, input_shape=(33, 34, 3))\n")
    assert _model(b, "base").outputs == ((None, 2, 2, 1280),)


def test_a_backbone_for_any_size_then_flatten():
    a = _run("""
        base = keras.applications.VGG16(include_top=False)
        inputs = keras.Input((64, 64, 3))
        x = layers.Flatten()(base(inputs))
        y = layers.Dense(2)(x)
        model = keras.Model(inputs, y)
    """)
    assert not a.diagnostics
    # Keras 3.15.1: base.output_shape (None, None, None, 512); on 64x64 the feature map is 2x2
    assert _model(a, "base").outputs == ((None, None, None, 512),)
    assert _model(a, "model").params == 14714688 + 2 * 2 * 512 * 2 + 2


def test_a_backbone_called_on_an_input_of_another_size_is_unknown():
    a = _run("""
        base = keras.applications.ResNet50(include_top=False, weights=None, input_shape=(160, 160, 3))
        inputs = keras.Input((224, 224, 3))
        x = base(inputs)
        y = layers.Dense(2)(layers.Flatten()(x))
    """)
    assert not a.diagnostics  # Keras raises at base(inputs): nothing follows from it
    assert [f.output_shape for f in a.layers if f.layer == "Flatten"] in ([None], [])


def test_the_transfer_learning_tutorial():
    """tensorflow.org's transfer learning tutorial: Keras prints Total params: 2,259,265."""
    a = analyze(textwrap.dedent("""
        import numpy as np
        import tensorflow as tf

        IMG_SHAPE = (160, 160) + (3,)
        base_model = tf.keras.applications.MobileNetV2(input_shape=IMG_SHAPE, include_top=False, weights="imagenet")
        base_model.trainable = False
        inputs = tf.keras.Input(shape=(160, 160, 3))
        x = tf.keras.applications.mobilenet_v2.preprocess_input(inputs)
        x = base_model(x, training=False)
        x = tf.keras.layers.GlobalAveragePooling2D()(x)
        x = tf.keras.layers.Dropout(0.2)(x)
        outputs = tf.keras.layers.Dense(1)(x)
        model = tf.keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
        feats = base_model.predict(np.zeros((8, 160, 160, 3)))
        arr = tf.keras.applications.resnet50.preprocess_input(np.zeros((8, 32, 32, 3), dtype="uint8"))
    """))
    assert not a.diagnostics
    m = _model(a, "model")
    assert m.outputs == ((None, 1),) and m.params == 2259265
    assert [r.layer for r in m.rows] == ["InputLayer", "Functional", "GlobalAveragePooling2D", "Dropout", "Dense"]
    shapes = {s.text: s.shape for s in a.symbols}
    assert shapes["feats"] == (8, 5, 5, 1280) and shapes["arr"] == (8, 32, 32, 3)


def test_in_a_sequential_after_an_input():
    a = _run("""
        base = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(96, 96, 3), alpha=0.35)
        model = keras.Sequential([keras.Input((96, 96, 3)), base, layers.GlobalAveragePooling2D(), layers.Dense(1)])
    """)
    m = _model(a, "model")
    assert m.outputs == ((None, 1),)
    assert m.params == _model(a, "base").params + 1281


def test_the_data_file_is_small_and_covers_every_application():
    data = json.loads(apps._DATA_FILE.read_text())
    assert apps._DATA_FILE.stat().st_size < 60_000
    assert len(data["apps"]) == 40
    for fn, app in data["apps"].items():
        assert app["chain"] in data["chains"], fn
        assert app["variants"], fn


def test_a_sequential_starting_with_a_backbone_is_built_from_its_input():
    # Keras builds a Sequential whose first layer is a functional model from that model's
    # input_shape (Sequential._maybe_rebuild): Keras 3.15.1 gives (None, 4), 14,716,740 weights
    a = _run("""
        base = keras.applications.VGG16(include_top=False, weights=None, input_shape=(64, 64, 3))
        model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(4)])
        added = keras.Sequential()
        added.add(base)
        added.add(layers.Flatten())
        added.add(layers.Dense(4))
    """)
    assert not a.diagnostics
    m = _model(a, "model")
    assert (m.inputs, m.outputs, m.params) == (((None, 64, 64, 3),), ((None, 4),), 14716740)
    first = m.rows[0]
    assert (first.name, first.layer, first.output_shape) == ("vgg16", "Functional", (None, 2, 2, 512))
    assert _model(a, "added").outputs == ((None, 4),)
    assert _model(a, "added").params == 14714688 + 2048 * 4 + 4


def test_hover_and_inlay_hint_on_the_backbone_line():
    from shapelens.lsp import render

    a = _run("""
        base = keras.applications.ResNet50(include_top=False, weights="imagenet", input_shape=(192, 192, 3))
    """)
    [fact] = a.layers  # one fact on the line: the backbone's (not its InputLayer's)
    assert (fact.layer, fact.name, fact.output_shape, fact.params) == ("ResNet50", "resnet50", (None, 6, 6, 2048),
                                                                        23587712)
    assert render.inlay_label(fact) == "→ (None, 6, 6, 2048)"
    assert "23,587,712 params" in render.layer_hover(fact)
    assert fact.hint_at == (3, len('base = keras.applications.ResNet50(include_top=False, weights="imagenet", '
                                   'input_shape=(192, 192, 3))'))


def test_name_none_is_keras_automatic_name():
    # Keras 3.15.1 names these "functional", "functional_1" (the counter keras.Model uses too)
    a = _run("""
        first = keras.applications.ResNet50(include_top=False, weights=None, input_shape=(64, 64, 3), name=None)
        inp = keras.Input((64, 64, 3))
        plain = keras.Model(inp, layers.Dense(2)(inp))
        second = keras.applications.VGG19(include_top=False, weights=None, input_shape=(64, 64, 3), name=None)
    """)
    assert _model(a, "first").rows[-1].name == "functional"
    assert _model(a, "second").rows[-1].name == "functional_2"


def test_a_sequential_starting_with_any_functional_model():
    # the same rule for a model of the user's: Keras 3.15.1 gives (None, 2) and 46 weights
    a = _run("""
        inp = keras.Input((8,))
        enc = keras.Model(inp, layers.Dense(4)(inp))
        seq = keras.Sequential([enc, layers.Dense(2)])
    """)
    assert not a.diagnostics
    m = _model(a, "seq")
    assert (m.inputs, m.outputs, m.params) == (((None, 8),), ((None, 2),), 46)
