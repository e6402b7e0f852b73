"""Building blocks: a Sequential called on a tensor (built by that call), a Sequential nested in
another model, a functional model called like a layer (once or twice: its weights count once)."""

from __future__ import annotations

from hypothesis import strategies as st

from cases import DIMS, Case, ctor, generator, input_line, r, style


@st.composite
def _dense_stack(draw, lp, n=None):
    n = n or draw(st.integers(1, 3))
    return [ctor(lp, "Dense", [draw(st.sampled_from([2, 4, 8]))], {}) for _ in range(n)]


@generator("Dense", "Flatten", "LSTM", "Concatenate", "Add")
@st.composite
def gen_Block(draw):
    imp, lp, kp = draw(style())
    how = draw(st.sampled_from(["sequential_call", "nested_sequential", "nested_built", "functional_twice",
                                "sequence_block"]))
    width = draw(st.sampled_from(DIMS))
    src = imp
    if how == "sequence_block":  # an LSTM encoder block called on a sequence
        steps = draw(st.sampled_from([3, 5, 8]))
        inner = [ctor(lp, "LSTM", [draw(st.sampled_from([2, 4]))], {"return_sequences": draw(st.booleans())}),
                 ctor(lp, "Dense", [3], {})]
        src += f"block = {kp}Sequential([{', '.join(inner)}])\n"
        src += input_line(kp, "x", (steps, width))
        src += f"y = block(x)\ny = {ctor(lp, 'Flatten', [], {})}(y)\n"
        src += f"model = {kp}Model(x, {ctor(lp, 'Dense', [1], {})}(y))\n"
    elif how == "sequential_call":
        src += f"block = {kp}Sequential([{', '.join(draw(_dense_stack(lp)))}])\n"
        src += input_line(kp, "x", (width,))
        src += f"y = block(x)\nmodel = {kp}Model(x, {ctor(lp, 'Dense', [1], {})}(y))\n"
    elif how in ("nested_sequential", "nested_built"):
        head = f"{kp}Input(shape={r((width,))}), " if how == "nested_built" else ""
        src += f"inner = {kp}Sequential([{head}{', '.join(draw(_dense_stack(lp)))}])\n"
        src += f"model = {kp}Sequential([{kp}Input(shape={r((width,))}), inner, {ctor(lp, 'Dense', [2], {})}])\n"
    else:  # a functional encoder called on two inputs: shared weights
        src += input_line(kp, "e", (width,))
        src += f"encoder = {kp}Model(e, {ctor(lp, 'Dense', [4], {})}(e))\n"
        src += input_line(kp, "a", (width,)) + input_line(kp, "b", (width,))
        merge = draw(st.sampled_from(["Concatenate", "Add"]))
        src += f"m = {ctor(lp, merge, [], {})}([encoder(a), encoder(b)])\n"
        src += f"model = {kp}Model([a, b], {ctor(lp, 'Dense', [1], {})}(m))\n"
    return Case("Block", src, "", frozenset())
