"""Correct Keras programs in which the engine must not act as if it knew what it did not follow.

Each case is a program that Keras 3.15.1 builds and runs (tests/oracle/test_soundness_in_keras.py
checks that, and that every shape shapelens reports is the one Keras computes), written in our
own words around the constructs real code uses: parameters of builders, containers filled by
mutation, string options Keras normalises, keywords that mean something else elsewhere, and
Python's control flow.  ``KNOWN`` lists, per case, layers whose shape the engine can and must
still know: ``(layer name, output shape)``.

This module imports neither Keras nor shapelens.
"""

_I = "import keras\nfrom keras import layers\n"

CASES = {
    # -- parameters of unknown type ---------------------------------------------------------
    # keras.io's image classification example: the builder's input shape is a parameter.
    "param_input_shape": _I + """
def make_model(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(8, 3, strides=2, padding="same")(inputs)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(num_classes)(x))

model = make_model(input_shape=(32, 32, 3), num_classes=2)
""",
    # a builder never called in the file: its parameters could be anything
    "param_never_called": _I + """
def build(shape, units, steps):
    inputs = keras.Input(shape=shape)
    x = layers.Reshape((steps, -1))(inputs)
    x = layers.LSTM(units)(x)
    return keras.Model(inputs, x)

def head(n):
    return keras.Input(shape=n)
""",
    # a parameter indexed and computed with
    "param_arithmetic": _I + """
def build(input_shape, factor):
    inputs = keras.Input(shape=(input_shape[0] * factor, input_shape[1]))
    x = layers.LSTM(4)(inputs)
    return keras.Model(inputs, x)

m = build((5, 3), 2)
""",
    # -- containers filled by mutation -------------------------------------------------------
    "dict_filled_in_a_loop": _I + """
FEATURES = ["age", "fare", "parch"]
inputs = {}
for name in FEATURES:
    inputs[name] = keras.Input(shape=(1,), name=name)
x = layers.concatenate(list(inputs.values()))
out = layers.Dense(1)(x)
model = keras.Model(inputs, out)
""",
    "dict_item_assignment": _I + """
inputs = {}
inputs["a"] = keras.Input(shape=(4,))
inputs["b"] = keras.Input(shape=(4,))
merged = layers.Concatenate()([inputs["a"], inputs["b"]])
model = keras.Model(inputs, layers.Dense(2)(merged))
""",
    "dict_filled_from_unknown_names": _I + """
import json
names = json.loads('["x", "y", "z"]')
inputs = {}
for name in names:
    inputs[name] = keras.Input(shape=(1,), name=name)
x = layers.concatenate(list(inputs.values()))
model = keras.Model(inputs, layers.Dense(1)(x))
""",
    "list_append_via_alias": _I + """
blocks = []
same_list = blocks
same_list.append(layers.Dense(8))
same_list.append(layers.Dense(2))
model = keras.Sequential([keras.Input((4,))] + blocks)
""",
    "list_filled_by_a_function": _I + """
def add_dense(stack, units):
    stack.append(layers.Dense(units))

stack = [keras.Input((6,))]
add_dense(stack, 8)
add_dense(stack, 3)
model = keras.Sequential(stack)
""",
    "list_in_a_dict": _I + """
parts = {"towers": []}
a = keras.Input((5,))
parts["towers"].append(layers.Dense(3)(a))
parts["towers"].append(layers.Dense(3)(a))
merged = layers.Add()(parts["towers"])
model = keras.Model(a, merged)
""",
    "list_extend_insert_pop": _I + """
stack = [layers.Dense(4)]
stack.extend([layers.Dense(5), layers.Dense(6)])
stack.insert(0, keras.Input((3,)))
extra = stack.pop()
model = keras.Sequential(stack)
""",
    "list_plus_equals": _I + """
hidden = [layers.Dense(8)]
also = hidden
also += [layers.Dense(2)]
model = keras.Sequential([keras.Input((4,))] + hidden)
""",
    "outputs_appended_in_unknown_loop": _I + """
import random
x = keras.Input((8,))
outs = []
for k in range(random.randint(2, 4)):
    outs.append(layers.Dense(2)(x))
merged = layers.Concatenate()(outs)
model = keras.Model(x, merged)
""",
    # -- string options that Keras normalises -------------------------------------------------
    "conv_padding_upper_case": _I + """
x = keras.Input((32, 32, 3))
y = layers.Conv2D(8, 4, strides=4, padding="VALID")(x)
z = layers.Conv2D(8, 3, padding="SAME")(y)
w = layers.Conv1D(4, 3, padding="Causal")(keras.Input((10, 2)))
""",
    "data_format_upper_case": _I + """
x = keras.Input((16, 16, 3))
y = layers.Conv2D(4, 3, data_format="Channels_Last")(x)
z = layers.GlobalAveragePooling2D(data_format="CHANNELS_LAST")(y)
""",
    # -- a keyword that means something else elsewhere ----------------------------------------
    "embedding_input_dim_keyword": _I + """
model = keras.Sequential([
    layers.Embedding(input_dim=1000, output_dim=8),
    layers.Reshape((20, 8)),
    layers.LSTM(4),
])
model.build((None, 20))
""",
    # -- control flow ---------------------------------------------------------------------------
    "return_under_unknown_condition": _I + """
import os

def units_for(kind):
    if kind == "big":
        return 64
    return 32

x = keras.Input((10, 3))
y = layers.LSTM(units_for(os.environ.get("SIZE", "small")))(x)
z = layers.Dense(1)(y)
""",
    "break_under_unknown_condition": _I + """
import os
x = keras.Input((12, 4))
for rate in [0.1, 0.2, 0.3]:
    x = layers.LSTM(4, return_sequences=True, dropout=rate)(x)
    if os.environ.get("SHALLOW"):
        break
y = layers.Dense(1)(x)
""",
    "while_loop": _I + """
import os
depth = int(os.environ.get("DEPTH", "2"))
x = keras.Input((10, 3))
k = 0
while k < depth:
    x = layers.LSTM(8, return_sequences=True)(x)
    k += 1
y = layers.LSTM(2)(x)
""",
    "try_import_fallback": """
try:
    import keras
    from keras import layers
except ImportError:
    from tensorflow import keras
    from tensorflow.keras import layers

x = keras.Input((10, 3))
y = layers.LSTM(16)(x)
""",
    "try_except_rebinds": _I + """
try:
    units = int(open("units.txt").read())
except OSError:
    units = 8
x = keras.Input((10, 3))
y = layers.LSTM(units, return_sequences=True)(x)
z = layers.LSTM(2)(y)
""",
    "conditional_definition": _I + """
import os
if os.environ.get("WIDE"):
    def width():
        return 64
else:
    def width():
        return 16
x = keras.Input((5,))
y = layers.Dense(width())(x)
""",
    "global_rebinding": _I + """
UNITS = 4

def widen():
    global UNITS
    UNITS = 12

widen()
x = keras.Input((3,))
y = layers.Dense(UNITS)(x)
""",
    "nonlocal_rebinding": _I + """
def build():
    units = 4
    def bump():
        nonlocal units
        units = 9
    bump()
    x = keras.Input((3,))
    return keras.Model(x, layers.Dense(units)(x))

model = build()
""",
    "with_block": _I + """
import contextlib
with contextlib.nullcontext():
    x = keras.Input((10, 3))
    y = layers.GRU(6)(x)
""",
    "args_kwargs_forwarding": _I + """
def recurrent(*args, **kwargs):
    return layers.LSTM(*args, **kwargs)

x = keras.Input((10, 3))
y = recurrent(8, return_sequences=True)(x)
z = recurrent(units=2)(y)
""",
    "functools_partial": _I + """
import functools
SeqLSTM = functools.partial(layers.LSTM, return_sequences=True)
x = keras.Input((10, 3))
y = SeqLSTM(16)(x)
z = SeqLSTM(4)(y)
""",
    "config_dict_kwargs": _I + """
cfg = dict(units=6, return_sequences=True)
extra = {"dropout": 0.1}
x = keras.Input((10, 3))
y = layers.LSTM(**cfg, **extra)(x)
w = layers.LSTM(2)(y)
""",
    "unknown_decorator": _I + """
import functools

def logged(fn):
    @functools.wraps(fn)
    def inner(*a, **k):
        return fn(*a, **k)
    return inner

@logged
def head(x):
    return layers.Dense(3)(x)

x = keras.Input((4,))
y = head(x)
""",
    "class_attributes": _I + """
class Config:
    STEPS = 12
    FEATURES = 2
    UNITS = 8

x = keras.Input((Config.STEPS, Config.FEATURES))
y = layers.LSTM(Config.UNITS)(x)
Config.UNITS = 3
z = layers.Dense(Config.UNITS)(y)
""",
    "instance_attributes_set_in_init": _I + """
class Settings:
    units = 4

    def __init__(self):
        self.units = 10

s = Settings()
x = keras.Input((6,))
y = layers.Dense(s.units)(x)
""",
    "walrus_and_star_unpacking": _I + """
if (steps := 10) > 5:
    x = keras.Input((steps, 3))
first, *rest = [layers.LSTM(8, return_sequences=True), layers.LSTM(4)]
y = first(x)
z = rest[0](y)
""",
    "comprehension_with_condition": _I + """
import os
x = keras.Input((10, 3))
units = [u for u in [8, 16, 32] if u > int(os.environ.get("MIN", "0"))]
y = layers.LSTM(units[-1])(x)
towers = [layers.Dense(2)(layers.Flatten()(x)) for _ in range(3) if True]
merged = layers.Add()(towers)
""",
    "set_image_data_format": _I + """
keras.config.set_image_data_format("channels_first")
x = keras.Input((3, 32, 32))
y = layers.Conv2D(8, 3)(x)
z = layers.MaxPooling2D()(y)
keras.config.set_image_data_format("channels_last")
""",
    # an array's items assigned in a loop over data the engine cannot see: its shape stays
    "array_items_assigned_in_a_loop": _I + """
import json
import numpy as np
sequences = json.loads("[[1, 5], [7]]")

def multi_hot(seqs, dim=50):
    out = np.zeros((len(seqs), dim))
    for i, s in enumerate(seqs):
        out[i, s] = 1.0
    return out

x = multi_hot(sequences)
model = keras.Sequential([layers.Dense(4), layers.Dense(1)])
pred = model.predict(x)
""",
    # a loop of more iterations than a short unrolling would follow
    "hundred_layers_in_a_loop": _I + """
model = keras.Sequential([keras.Input((6,))])
for _ in range(100):
    model.add(layers.Dense(5))
model.add(layers.Dense(2))
""",
    # layers without an input spec map over a list of tensors (one output per input)
    "pass_through_layers_on_a_list": _I + """
left = keras.Input((6,))
right = keras.Input((6,))
pair = layers.Dropout(0.2)([left, right])
pair = layers.Activation("relu")(pair)
pair = layers.Identity()(pair)
merged = layers.Add()(pair)
out = layers.Dense(1)(merged)
model = keras.Model([left, right], out)
""",
    # comparisons and arithmetic between Keras tensors broadcast like numpy
    "tensor_operators": _I + """
a = keras.Input((5,))
b = keras.Input((1,))
mask = a > 0
scaled = a * b + 1.0
out = layers.Dense(2)(scaled)
model = keras.Model([a, b], out)
""",
    # -- subclassed layers and models ----------------------------------------------------------
    # a sublayer's width read from the environment: the block's output is not known
    "subclass_width_from_environment": _I + """
import os

class Block(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.proj = layers.Dense(int(os.environ.get("BLOCK_WIDTH", "6")))

    def call(self, x):
        return layers.Add()([self.proj(x), x])

inp = keras.Input((6,))
y = Block()(inp)
model = keras.Model(inp, layers.Dense(1)(y))
""",
    # a call() whose decorator the engine does not know, and an attribute set on an undecided path
    "subclass_unknown_decorator_and_path": _I + """
import functools
import random

def traced(fn):
    @functools.wraps(fn)
    def inner(self, *args, **kwargs):
        return fn(self, *args, **kwargs)
    return inner

class Wrapped(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(3)
        if random.random() < 2.0:
            self.extra = layers.Dense(5)

    @traced
    def call(self, x):
        return self.extra(self.dense(x))

inp = keras.Input((4,))
y = Wrapped()(inp)
model = keras.Model(inp, layers.Dense(2)(y))
""",
    # a block of a list of sublayers and a residual add, followed exactly, in a Model subclass
    "subclass_blocks_in_a_model": _I + """
class Residual(layers.Layer):
    def __init__(self, units, depth=2, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [layers.Dense(units, activation="relu") for _ in range(depth)]

    def call(self, x):
        h = x
        for block in self.blocks:
            h = block(h)
        return x + h

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.res = Residual(6)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.res(x))

net = Net()
y = net(keras.Input((6,)))
""",
}

KNOWN = {
    "param_input_shape": [("conv2d", (None, 16, 16, 8)), ("dense", (None, 2))],
    "param_arithmetic": [("lstm", (None, 4))],
    "dict_filled_in_a_loop": [("concatenate", (None, 3)), ("dense", (None, 1))],
    "dict_item_assignment": [("concatenate", (None, 8)), ("dense", (None, 2))],
    "list_append_via_alias": [("dense", (None, 8)), ("dense_1", (None, 2))],
    "list_filled_by_a_function": [("dense", (None, 8)), ("dense_1", (None, 3))],
    "list_in_a_dict": [("add", (None, 3))],
    "list_extend_insert_pop": [("dense", (None, 4)), ("dense_1", (None, 5))],
    "list_plus_equals": [("dense_1", (None, 2))],
    "conv_padding_upper_case": [("conv2d", (None, 8, 8, 8)), ("conv2d_1", (None, 8, 8, 8)), ("conv1d", (None, 10, 4))],
    "data_format_upper_case": [("conv2d", (None, 14, 14, 4)), ("global_average_pooling2d", (None, 4))],
    "embedding_input_dim_keyword": [("embedding", (None, 20, 8)), ("lstm", (None, 4))],
    "return_under_unknown_condition": [("dense", (None, 1))],
    "try_import_fallback": [("lstm", (None, 16))],
    "try_except_rebinds": [("lstm_1", (None, 2))],
    "global_rebinding": [("dense", (None, 12))],
    "nonlocal_rebinding": [("dense", (None, 9))],
    "with_block": [("gru", (None, 6))],
    "args_kwargs_forwarding": [("lstm", (None, 10, 8)), ("lstm_1", (None, 2))],
    "functools_partial": [("lstm", (None, 10, 16)), ("lstm_1", (None, 10, 4))],
    "config_dict_kwargs": [("lstm", (None, 10, 6)), ("lstm_1", (None, 2))],
    "class_attributes": [("lstm", (None, 8)), ("dense", (None, 3))],
    "walrus_and_star_unpacking": [("lstm", (None, 10, 8)), ("lstm_1", (None, 4))],
    "comprehension_with_condition": [("add", (None, 2))],
    "array_items_assigned_in_a_loop": [("dense", (None, 4)), ("dense_1", (None, 1))],
    "hundred_layers_in_a_loop": [("dense_99", (None, 5)), ("dense_100", (None, 2))],
    "subclass_blocks_in_a_model": [("residual", (None, 6)), ("dense", (None, 6)), ("dense_1", (None, 6))],
}
