"""Subclassed layers and models: random compositions of catalog layers inside a user class's
``call`` (chains, residual adds, loops over lists of sublayers, dicts of them, conditionals on
config values, ``training`` passed down, several outputs), ``build`` with ``add_weight`` (and a
``compute_output_shape``), custom layers nested in custom layers, ``keras.Model`` subclasses whose
shapes come from a call, ``build()`` or an eager call on data, the functional-in-``__init__``
pattern, custom layers inside ``Sequential``, and an encoder layer whose recurrent states a decoder
takes by keyword (``initial_state=``) in one functional model.

These cases are not in ``cases.GENERATORS``: the plain differential compares layer calls in
order, and a subclass also has facts inside its class body.  ``SUBCLASS_GENERATORS`` is run by
``test_oracle_subclass.py``, which compares the top-level calls as the differential does, every
sublayer call Keras made inside a ``call`` (the worker's ``inner_calls``) with shapelens' facts
inside the class bodies, model totals and raise/no-raise."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from cases import Case

SUBCLASS_GENERATORS: dict = {}  # family -> strategy


def subclass_generator(fn):
    SUBCLASS_GENERATORS[fn.__name__[4:]] = fn
    return fn


@dataclass(frozen=True)
class SubCase(Case):
    """A case whose ``call`` may not run in Keras (a model only built, or a layer whose symbolic
    output comes from its ``compute_output_shape``): shapelens' facts inside the class then have
    nothing in Keras to compare with."""

    call_runs: bool = True


IMPORTS = [
    ("import keras\nfrom keras import layers\n", "layers.", "keras."),
    ("import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n", "layers.", "keras."),
    ("import keras\n", "keras.layers.", "keras."),
    ("import tensorflow as tf\n", "tf.keras.layers.", "tf.keras."),
]

WIDTHS = [2, 3, 4, 6, 8]


class _Body:
    """The __init__ and call lines of one class being generated."""

    def __init__(self, lp: str, kp: str):
        self.lp, self.kp = lp, kp
        self.init: list = []
        self.call: list = []
        self.n = 0
        # False where the batch size is one the program never states (the model shaped by
        # fit's data: shapelens' batch is None, Keras runs on its own batches)
        self.batch_known = True

    def name(self, base: str) -> str:
        self.n += 1
        return f"{base}{self.n}"


@st.composite
def _op(draw, b: _Body, state, x_state, units: int, valid_p: float = 0.9):
    """One step of ``call`` on ``h``; ``state`` is h's (rank, last axis) (None where not
    followed), ``x_state`` the input's.  Returns the state after it.  A residual ``h + x`` is only
    written where the two fit (shapelens follows ``+`` on tensors but does not judge it); the other
    merges (``layers.Add``, ``keras.ops.add``, ``Concatenate``) may not fit: Keras decides."""
    lp, kp = b.lp, b.kp
    rank, width = state
    seq_ops = ["lstm", "gru", "conv", "pool", "mha", "flatten"]
    flat_ops = ["dense", "dropout", "norm", "bn", "act", "loop", "dict", "cond", "residual", "ops", "concat"]
    if rank == 3 and draw(st.floats(0, 1)) < 0.5:
        kind = draw(st.sampled_from(seq_ops))
    else:
        kind = draw(st.sampled_from(flat_ops))
    if draw(st.floats(0, 1)) > valid_p:  # sometimes anything at all: Keras decides
        kind = draw(st.sampled_from(seq_ops + flat_ops))
    lit = draw(st.sampled_from(WIDTHS))
    own = draw(st.booleans()) or draw(st.booleans())
    u, uw = ("self.units", units) if own else (str(lit), lit)
    if kind == "dense":
        n = b.name("dense")
        act = draw(st.sampled_from([None, "relu", "tanh"]))
        b.init.append(f"self.{n} = {lp}Dense({u}" + (f", activation={act!r})" if act else ")"))
        b.call.append(f"h = self.{n}(h)")
        return (rank, uw)
    if kind == "dropout":
        n = b.name("drop")
        b.init.append(f"self.{n} = {lp}Dropout({draw(st.sampled_from([0.1, 0.5]))})")
        b.call.append(f"h = self.{n}(h, training=training)")
        return state
    if kind == "norm":
        n = b.name("norm")
        b.init.append(f"self.{n} = {lp}LayerNormalization()")
        b.call.append(f"h = self.{n}(h)")
        return state
    if kind == "bn":
        n = b.name("bn")
        b.init.append(f"self.{n} = {lp}BatchNormalization()")
        b.call.append(f"h = self.{n}(h, training=training)")
        return state
    if kind == "act":
        how = draw(st.sampled_from(["layer", "ops", "inline"]))
        if how == "layer":
            n = b.name("act")
            b.init.append(f"self.{n} = {lp}Activation('relu')")
            b.call.append(f"h = self.{n}(h)")
        elif how == "ops":
            b.call.append(f"h = {kp}ops.relu(h)")
        else:
            b.call.append(f"h = {lp}Activation('tanh')(h)")
        return state
    if kind == "loop":
        n = b.name("blocks")
        k = draw(st.integers(1, 3))
        style_ = draw(st.sampled_from(["comp", "append", "literal"]))
        if style_ == "comp":
            b.init.append(f"self.{n} = [{lp}Dense({u}) for _ in range({k})]")
        elif style_ == "append":
            b.init.append(f"self.{n} = []")
            b.init.append(f"for _ in range({k}):")
            b.init.append(f"    self.{n}.append({lp}Dense({u}))")
        else:
            b.init.append(f"self.{n} = [" + ", ".join(f"{lp}Dense({u})" for _ in range(k)) + "]")
        b.call.append(f"for layer in self.{n}:")
        b.call.append("    h = layer(h)")
        return (rank, uw)
    if kind == "dict":
        n = b.name("heads")
        key = draw(st.sampled_from(["a", "b"]))
        other = draw(st.sampled_from(WIDTHS))
        b.init.append(f"self.{n} = {{'a': {lp}Dense({u}), 'b': {lp}Dense({other})}}")
        b.call.append(f"h = self.{n}[{key!r}](h)")
        return (rank, uw if key == "a" else other)
    if kind == "cond":
        n = b.name("extra")
        flag = b.name("use")
        value = draw(st.booleans())
        b.init.append(f"self.{flag} = {value}")
        b.init.append(f"self.{n} = {lp}Dense({u})")
        b.call.append(f"if self.{flag}:")
        b.call.append(f"    h = self.{n}(h)")
        return (rank, uw) if value else state
    if kind == "residual" and not b.batch_known and state[0] != x_state[0]:
        # (None, 4) + (None, 3, 4) broadcasts symbolically; on a batch of n it fails unless n is
        # 1 or 3: the outcome rests on a batch size the program does not state
        return state
    if kind == "residual":
        fits = state == x_state and None not in state
        how = draw(st.sampled_from(["plus", "add", "ops"] if fits else ["add", "ops"]))
        if how == "plus":
            b.call.append("h = h + x")
        elif how == "add":
            b.call.append(f"h = {lp}Add()([h, x])")
        else:
            b.call.append(f"h = {kp}ops.add(h, x)")
        return state
    if kind == "ops":
        b.call.append(f"h = {draw(st.sampled_from(['h * 2.0', 'h - 1.0', kp + 'ops.tanh(h)']))}")
        return state
    if kind == "concat":
        b.call.append(f"h = {lp}Concatenate()([h, x])")
        fits = rank == x_state[0] and None not in (width, x_state[1])
        return (rank, width + x_state[1]) if fits else (rank, None)
    if kind in ("lstm", "gru"):
        n = b.name(kind)
        seqs = draw(st.booleans())
        b.init.append(f"self.{n} = {lp}{kind.upper()}({u}, return_sequences={seqs})")
        b.call.append(f"h = self.{n}(h)")
        return (3 if seqs else 2, uw)
    if kind == "conv":
        n = b.name("conv")
        pad = draw(st.sampled_from(["same", "valid"]))
        b.init.append(f"self.{n} = {lp}Conv1D({u}, {draw(st.sampled_from([1, 2, 3]))}, padding={pad!r})")
        b.call.append(f"h = self.{n}(h)")
        return (3, uw)
    if kind == "pool":
        n = b.name("pool")
        b.init.append(f"self.{n} = {lp}GlobalAveragePooling1D()")
        b.call.append(f"h = self.{n}(h)")
        return (2, width)
    if kind == "flatten":
        n = b.name("flat")
        b.init.append(f"self.{n} = {lp}Flatten()")
        b.call.append(f"h = self.{n}(h)")
        return (2, None)
    if kind == "mha":
        n = b.name("att")
        b.init.append(f"self.{n} = {lp}MultiHeadAttention(num_heads=2, key_dim={draw(st.sampled_from([2, 4]))})")
        b.call.append(f"h = self.{n}(h, h)")
        return state
    raise AssertionError(kind)


def _class_src(name: str, base: str, b: _Body, extra_params: str = "", flags=(), training: bool = True,
               methods: str = "") -> str:
    init = "\n".join("        " + ln for ln in b.init) or "        pass"
    call = "\n".join("        " + ln for ln in b.call)
    sig = ", training=None" if training else ""
    return (f"class {name}({base}):\n"
            f"    def __init__(self, units{extra_params}, **kwargs):\n"
            f"        super().__init__(**kwargs)\n"
            f"        self.units = units\n"
            f"{init}\n\n"
            f"    def call(self, x{sig}):\n"
            f"        h = x\n"
            f"{call}\n"
            f"        return h\n"
            f"{methods}\n\n")


@st.composite
def _block(draw, lp, kp, shape, units, name="Block", base=None, valid_p=0.9, steps=None):
    """A Layer subclass made of 1..4 random steps on an input of ``shape`` (no batch axis), made
    with ``units``; (its source, the state it gives)."""
    b = _Body(lp, kp)
    x_state = (len(shape) + 1, shape[-1])
    state = x_state
    for _ in range(steps or draw(st.integers(1, 4))):
        state = draw(_op(b, state, x_state, units, valid_p))
    return _class_src(name, base or f"{lp}Layer", b), state


@st.composite
def _input(draw, rank):
    if rank == 2:
        return (draw(st.sampled_from(WIDTHS)),)
    return (draw(st.sampled_from([3, 5, 7])), draw(st.sampled_from(WIDTHS)))


def _shape_src(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


@subclass_generator
@st.composite
def gen_SubclassLayer(draw):
    """A custom layer called on a keras.Input (or on data), then more layers and a model."""
    imp, lp, kp = draw(st.sampled_from(IMPORTS))
    rank = draw(st.sampled_from([2, 3]))
    shape = draw(_input(rank))
    units = draw(st.sampled_from([shape[-1], shape[-1], 4]))
    cls, _r = draw(_block(lp, kp, shape, units, valid_p=draw(st.sampled_from([1.0, 0.9, 0.7]))))
    src = imp + "import numpy as np\n\n\n" + cls
    how = draw(st.sampled_from(["functional", "functional", "twice", "eager", "sequential"]))
    if how == "functional":
        src += f"inp = {kp}Input(shape={_shape_src(shape)})\ny = Block({units})(inp)\n"
        src += f"y = {lp}Dense(2)(y)\nmodel = {kp}Model(inp, y)\n"
    elif how == "twice":  # two instances, two contexts (another length)
        other = shape[:-2] + (shape[-2] + 2,) + shape[-1:] if rank == 3 else shape
        src += f"a = {kp}Input(shape={_shape_src(shape)})\nb = {kp}Input(shape={_shape_src(other)})\n"
        src += f"ya = Block({units})(a)\nyb = Block({units}, name='second')(b)\n"
    elif how == "eager":
        src += f"y = Block({units})(np.zeros({_shape_src((2,) + shape)}, dtype='float32'))\n"
    else:
        src += (f"model = {kp}Sequential([{kp}Input(shape={_shape_src(shape)}), Block({units}), "
                f"{lp}Dense(3)])\n")
    return SubCase("SubclassLayer", src, "", frozenset())


@subclass_generator
@st.composite
def gen_SubclassWeights(draw):
    """``build`` with ``add_weight`` (a Dense of its own, a bias, a scale), sometimes with a
    ``compute_output_shape``, with sublayers built in ``build``."""
    imp, lp, kp = draw(st.sampled_from(IMPORTS))
    rank = draw(st.sampled_from([2, 3]))
    shape = draw(_input(rank))
    units = draw(st.sampled_from(WIDTHS))
    cos = draw(st.booleans())
    trainable = draw(st.booleans())
    sub = draw(st.booleans())
    init_weight = draw(st.booleans())
    lines = [
        f"class Linear({lp}Layer):",
        "    def __init__(self, units, **kwargs):",
        "        super().__init__(**kwargs)",
        "        self.units = units",
    ]
    if sub:
        lines.append(f"        self.post = {lp}Dense(units)")
    if init_weight:
        lines.append("        self.scale = self.add_weight(shape=(1,), initializer='ones')")
    lines += [
        "",
        "    def build(self, input_shape):",
        "        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer='glorot_uniform')",
        f"        self.b = self.add_weight(shape=(self.units,), initializer='zeros', trainable={trainable})",
    ]
    if sub:
        lines.append("        self.post.build(input_shape[:-1] + (self.units,))")
    lines += ["", "    def call(self, x):", f"        y = {kp}ops.matmul(x, self.w) + self.b"]
    if init_weight:
        lines.append("        y = y * self.scale")
    if sub:
        lines.append("        y = self.post(y)")
    lines.append("        return y")
    if cos:
        lines += ["", "    def compute_output_shape(self, input_shape):",
                  "        return input_shape[:-1] + (self.units,)"]
    src = imp + "\n\n" + "\n".join(lines) + "\n\n\n"
    src += f"inp = {kp}Input(shape={_shape_src(shape)})\ny = Linear({units})(inp)\n"
    if draw(st.booleans()):
        src += f"y = Linear({draw(st.sampled_from(WIDTHS))})(y)\n"
    src += f"model = {kp}Model(inp, y)\n"
    # with a build() of its own and a compute_output_shape, Keras never runs call()
    return SubCase("SubclassWeights", src, "", frozenset(), call_runs=not cos)


@subclass_generator
@st.composite
def gen_SubclassNested(draw):
    """Custom layers inside a custom layer: one, a list of them, a subclass of another custom
    layer calling ``super().call``."""
    imp, lp, kp = draw(st.sampled_from(IMPORTS))
    rank = draw(st.sampled_from([2, 3]))
    shape = draw(_input(rank))
    units = draw(st.sampled_from([shape[-1], 4]))
    inner, _r = draw(_block(lp, kp, shape, units, name="Inner", valid_p=1.0, steps=draw(st.integers(1, 2))))
    how = draw(st.sampled_from(["one", "list", "super"]))
    k = draw(st.integers(1, 3))
    if how == "one":
        outer = (f"class Outer({lp}Layer):\n"
                 f"    def __init__(self, units, **kwargs):\n"
                 f"        super().__init__(**kwargs)\n"
                 f"        self.inner = Inner(units)\n"
                 f"        self.head = {lp}Dense(units)\n\n"
                 f"    def call(self, x, training=None):\n"
                 f"        return self.head(self.inner(x, training=training))\n\n\n")
    elif how == "list":
        outer = (f"class Outer({lp}Layer):\n"
                 f"    def __init__(self, units, depth={k}, **kwargs):\n"
                 f"        super().__init__(**kwargs)\n"
                 f"        self.layers_ = [Inner(units) for _ in range(depth)]\n\n"
                 f"    def call(self, x):\n"
                 f"        for layer in self.layers_:\n"
                 f"            x = layer(x)\n"
                 f"        return x\n\n\n")
    else:
        outer = (f"class Outer(Inner):\n"
                 f"    def __init__(self, units, **kwargs):\n"
                 f"        super().__init__(units, **kwargs)\n"
                 f"        self.extra = {lp}Dense({draw(st.sampled_from(WIDTHS))})\n\n"
                 f"    def call(self, x, training=None):\n"
                 f"        return self.extra(super().call(x, training=training))\n\n\n")
    src = imp + "\n\n" + inner + outer
    src += f"inp = {kp}Input(shape={_shape_src(shape)})\ny = Outer({units})(inp)\nmodel = {kp}Model(inp, y)\n"
    return SubCase("SubclassNested", src, "", frozenset())


@subclass_generator
@st.composite
def gen_SubclassModel(draw):
    """A keras.Model subclass: shapes from a call on an Input, from ``build()`` (Keras then runs
    nothing: its summary shows ?), from an eager call on data, or from ``fit``'s data."""
    imp, lp, kp = draw(st.sampled_from(IMPORTS))
    rank = draw(st.sampled_from([2, 3]))
    shape = draw(_input(rank))
    units = draw(st.sampled_from([shape[-1], 4]))
    how = draw(st.sampled_from(["input", "build", "eager", "fit"]))
    b = _Body(lp, kp)
    b.batch_known = how != "fit"
    x_state = (rank, shape[-1])
    state = x_state
    for _ in range(draw(st.integers(1, 4))):
        state = draw(_op(b, state, x_state, units, draw(st.sampled_from([1.0, 0.9]))))
    n = b.name("head")
    b.init.append(f"self.{n} = {lp}Dense({draw(st.sampled_from([1, 3]))})")
    if draw(st.booleans()):
        b.init.append(f"self.unused = {lp}Dense(5)")
    b.call.append(f"h = self.{n}(h)")
    cls = _class_src("Net", f"{kp}Model", b)
    src = imp + "import numpy as np\n\n\n" + cls + f"model = Net({units})\n"
    mode = "snippet"
    if how == "input":
        src += f"y = model({kp}Input(shape={_shape_src(shape)}))\n"
    elif how == "build":
        src += f"model.build({_shape_src((None,) + shape)})\n"
    elif how == "eager":
        src += f"y = model(np.zeros({_shape_src((2,) + shape)}, dtype='float32'))\n"
    else:
        src += f"model.compile(loss='mse')\nmodel.fit(np.zeros({_shape_src((4,) + shape)}), np.zeros((4, 1)))\n"
        mode = "script"
    return SubCase("SubclassModel", src, "", frozenset(), mode=mode, call_runs=how != "build")


@subclass_generator
@st.composite
def gen_SubclassFunctionalInit(draw):
    """``super().__init__(inputs=..., outputs=...)``: a functional model made in ``__init__``
    from the constructor's arguments, then called on another input."""
    imp, lp, kp = draw(st.sampled_from(IMPORTS))
    rank = draw(st.sampled_from([2, 3]))
    shape = draw(_input(rank))
    units = draw(st.sampled_from(WIDTHS))
    steps = [f"x = {lp}Dense(units)(inputs)"]
    if rank == 3 and draw(st.booleans()):
        steps.append(f"x = {lp}LSTM(units)(x)")
    if draw(st.booleans()):
        steps.append(f"x = {lp}Dropout(0.2)(x)")
    steps.append(f"outputs = {lp}Dense({draw(st.sampled_from([1, 2]))})(x)")
    body = "\n".join("        " + s for s in steps)
    src = imp + "\n\n" + (
        f"class Net({kp}Model):\n"
        f"    def __init__(self, units, shape={_shape_src(shape)}, **kwargs):\n"
        f"        inputs = {kp}Input(shape=shape)\n"
        f"{body}\n"
        f"        super().__init__(inputs=inputs, outputs=outputs, **kwargs)\n\n\n"
        f"net = Net({units})\n")
    if draw(st.booleans()):
        src += f"y = net({kp}Input(shape={_shape_src(shape)}))\n"
    return SubCase("SubclassFunctionalInit", src, "", frozenset())


@subclass_generator
@st.composite
def gen_SubclassStates(draw):
    """An encoder layer returning its recurrent states (a tuple or a list) and a decoder layer or
    model taking them by keyword (``initial_state=``), in one functional model: the states are
    the decoder's inputs too (the model holds the encoder), and a tuple output is one row."""
    imp, lp, kp = draw(st.sampled_from(IMPORTS))
    rnn = draw(st.sampled_from(["LSTM", "GRU"]))
    units = draw(st.sampled_from([4, 6, 8]))
    dec_units = units if draw(st.floats(0, 1)) < 0.85 else draw(st.sampled_from([4, 6, 8]))  # Keras decides
    steps_a, steps_b = draw(st.sampled_from([3, 5, None])), draw(st.sampled_from([2, 4, None]))
    feats = draw(st.sampled_from([2, 3]))
    embed = draw(st.booleans())
    pack = draw(st.sampled_from(["tuple", "list"]))
    base = draw(st.sampled_from([f"{lp}Layer", f"{kp}Model"]))
    n_states = 2 if rnn == "LSTM" else 1
    names = ["h", "c"][:n_states]
    ret = ", ".join(names) + ("," if n_states == 1 else "") if pack == "tuple" else "[" + ", ".join(names) + "]"
    front = f"{lp}Embedding(50, {feats})" if embed else f"{lp}Dense({feats})"
    src = imp + "\n\n" + (
        f"class Encoder({lp}Layer):\n"
        f"    def __init__(self, units, **kwargs):\n"
        f"        super().__init__(**kwargs)\n"
        f"        self.front = {front}\n"
        f"        self.rnn = {lp}{rnn}(units, return_state=True)\n\n"
        f"    def call(self, x):\n"
        f"        _, {', '.join(names)} = self.rnn(self.front(x))\n"
        f"        return {ret}\n\n\n"
        f"class Decoder({base}):\n"
        f"    def __init__(self, units, out, **kwargs):\n"
        f"        super().__init__(**kwargs)\n"
        f"        self.front = {front}\n"
        f"        self.rnn = {lp}{rnn}(units, return_sequences=True)\n"
        f"        self.head = {lp}Dense(out)\n\n"
        f"    def call(self, x, initial_state=None, training=False):\n"
        f"        seq = self.rnn(self.front(x), initial_state=initial_state, training=training)\n"
        f"        return self.head(seq)\n\n\n")

    def shape(steps):
        return f"({steps},)" if embed else f"({steps}, {feats})"

    dtype = ", dtype='int32'" if embed else ""
    src += (f"a = {kp}Input(shape={shape(steps_a)}{dtype})\n"
            f"b = {kp}Input(shape={shape(steps_b)}{dtype})\n"
            f"states = Encoder({units})(a)\n")
    if n_states == 1 and draw(st.booleans()):
        src += "states = states[0]\n"
    states = "list(states)" if pack == "tuple" and n_states > 1 and draw(st.booleans()) else "states"
    src += (f"y = Decoder({dec_units}, {draw(st.sampled_from([1, 3]))})(b, initial_state={states})\n"
            f"model = {kp}Model([a, b], y)\n")
    return SubCase("SubclassStates", src, "", frozenset())
