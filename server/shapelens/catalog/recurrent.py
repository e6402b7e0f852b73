"""Recurrent layers: LSTM, GRU, SimpleRNN, RNN(cells), StackedRNNCells, Bidirectional, ConvLSTM1D/2D/3D."""

from __future__ import annotations

from .base import UNKNOWN_DIM, LayerError, Rule, Unsure, as_tuple, conv_length, known, need_dim, need_int, positive_int, prod, register

_I = "import keras\nfrom keras import layers\n"


def _flag(cfg, key):
    v = cfg.get(key)
    if v is True or v is False:
        return v
    raise Unsure(key)


def _units(cfg):
    u = cfg["units"]
    return u if known(u) else UNKNOWN_DIM


class _Recurrent(Rule):
    ndim = 3
    expects = "(batch, timesteps, features)"
    recurrent = True
    n_states = 1
    state_names = ("state_h",)

    def validate(self, cfg):
        positive_int(cfg.get("units"), self.name, "units")

    def step_shape(self, cfg, shape, layer):
        """Shape of one time step's output (and of each state): (batch, units)."""
        return (shape[0], _units(cfg))

    def output(self, cfg, shape, layer):
        step = self.step_shape(cfg, shape, layer)
        seq = _flag(cfg, "return_sequences")
        out = (step[0], shape[1]) + tuple(step[1:]) if seq else step
        if _flag(cfg, "return_state"):
            return [out] + [step] * self.n_states
        return out

    def output_names(self, cfg, layer):
        if cfg.get("return_state") is True:
            return ("output",) + self.state_names
        return None

    def why(self, cfg, shape, out, layer):
        notes = []
        if cfg.get("return_sequences") is True:
            notes.append("return_sequences=True → one output per time step")
        elif cfg.get("return_sequences") is False:
            notes.append("return_sequences=False → only the last time step")
        if cfg.get("return_state") is True:
            notes.append(f"return_state=True → [{', '.join(self.output_names(cfg, layer))}]")
        return tuple(notes)


@register
class LSTM(_Recurrent):
    name = "LSTM"
    n_states = 2
    state_names = ("state_h", "state_c")

    def signature(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                  kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                  bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                  recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                  kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                  dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                  return_state=False, go_backwards=False, stateful=False, unroll=False,
                  use_cudnn="auto", implementation=2, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((10, 3))\ny = layers.LSTM(64)(x)\n",
        _I + "x = keras.Input((10, 3))\no, h, c = layers.LSTM(64, return_state=True)(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((10,))\ny = layers.LSTM(64)(x)\n", "SL101"),
        (_I + "x = keras.Input((10, 3))\ny = layers.LSTM(8)(x)\nz = layers.LSTM(4)(y)\n", "SL102"),
    )

    def params(self, cfg, shape, layer):
        return lstm_params(need_int(cfg["units"]), need_dim(shape, -1, "LSTM"), _flag(cfg, "use_bias"))

    def why(self, cfg, shape, out, layer):
        notes = super().why(cfg, shape, out, layer)
        u, f = cfg.get("units"), shape[-1]
        if known(u) and known(f) and cfg.get("use_bias") is True:
            notes += (f"params = 4 gates × ({u}·({u}+{f}) + {u}) = {lstm_params(u, f):,}",)
        return notes


def lstm_params(u, f, bias=True):
    return 4 * (u * (u + f) + (u if bias else 0))


def gru_params(u, f, bias=True, reset_after=True):
    return 3 * (u * (u + f) + ((2 * u if reset_after else u) if bias else 0))


def rnn_params(u, f, bias=True):
    return u * (u + f) + (u if bias else 0)


@register
class GRU(_Recurrent):
    name = "GRU"

    def signature(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                  kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                  bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                  bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                  recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                  seed=None, return_sequences=False, return_state=False, go_backwards=False,
                  stateful=False, unroll=False, reset_after=True, use_cudnn="auto",
                  implementation=2, **kwargs): ...

    VALID = (_I + "x = keras.Input((10, 3))\no, h = layers.GRU(32, return_state=True)(x)\n",)
    INVALID = ((_I + "x = keras.Input((10, 3))\no, h, c = layers.GRU(32, return_state=True)(x)\n", "SL104"),)

    def params(self, cfg, shape, layer):
        return gru_params(need_int(cfg["units"]), need_dim(shape, -1, "GRU"), _flag(cfg, "use_bias"),
                          _flag(cfg, "reset_after"))

    def why(self, cfg, shape, out, layer):
        notes = super().why(cfg, shape, out, layer)
        u, f = cfg.get("units"), shape[-1]
        if known(u) and known(f) and cfg.get("use_bias") is True and cfg.get("reset_after") in (True, False):
            ra = cfg["reset_after"]
            notes += (f"params = 3 gates × ({u}·({u}+{f}) + {'2·' if ra else ''}{u}) = {gru_params(u, f, True, ra):,}"
                      + (" (reset_after=True: two bias vectors per gate)" if ra else " (reset_after=False)"),)
        return notes


@register
class SimpleRNN(_Recurrent):
    name = "SimpleRNN"

    def signature(units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                  recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                  recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                  kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                  recurrent_dropout=0.0, return_sequences=False, return_state=False, go_backwards=False,
                  stateful=False, unroll=False, seed=None, **kwargs): ...

    def params(self, cfg, shape, layer):
        return rnn_params(need_int(cfg["units"]), need_dim(shape, -1, "SimpleRNN"), _flag(cfg, "use_bias"))


# -- cells and RNN(cell) ---------------------------------------------------------------------

class _Cell(Rule):
    kind = ""

    def n_cell_states(self):
        return 2 if self.kind == "lstm" else 1

    def cell_params(self, cfg, f):
        u = need_int(cfg["units"])
        bias = _flag(cfg, "use_bias")
        if self.kind == "lstm":
            return lstm_params(u, f, bias)
        if self.kind == "gru":
            return gru_params(u, f, bias, _flag(cfg, "reset_after"))
        return rnn_params(u, f, bias)


@register
class LSTMCell(_Cell):
    name = "LSTMCell"
    kind = "lstm"

    def signature(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                  kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                  bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                  recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                  recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                  seed=None, **kwargs): ...


@register
class GRUCell(_Cell):
    name = "GRUCell"
    kind = "gru"

    def signature(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                  kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                  bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                  bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                  bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, reset_after=True,
                  seed=None, **kwargs): ...


@register
class SimpleRNNCell(_Cell):
    name = "SimpleRNNCell"
    kind = "simple"

    def signature(units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                  recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                  recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                  recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                  seed=None, **kwargs): ...


@register
class StackedRNNCells(_Cell):
    """A list of cells run as one cell: RNN(StackedRNNCells([a, b])) is RNN([a, b]).  Its
    constructor checks that every item is a cell (has ``call`` and ``state_size``)."""

    name = "StackedRNNCells"
    kind = "stacked"

    def signature(cells, **kwargs): ...

    # (a cell has no output of its own: its VALID use is in RNN.VALID)
    INVALID = (
        (_I + "x = keras.Input((10, 3))\ny = layers.RNN(layers.StackedRNNCells([layers.LSTMCell(8), layers.Dense(4)]))(x)\n",
         "SL114"),
        (_I + "x = keras.Input((10, 3))\ny = layers.RNN(layers.StackedRNNCells(layers.LSTMCell(8)))(x)\n", "SL114"),
    )

    def validate(self, cfg):
        cells = cfg["cells"]
        if _is_layer(cells):
            raise LayerError("SL114", f"StackedRNNCells takes a list of cells, got one {cells.rule.name}; Keras raises "
                             f"'object is not iterable'. Write StackedRNNCells([{cells.rule.name}(...)]).")
        if isinstance(cells, tuple):
            for c in cells:
                if _is_layer(c) and not isinstance(c.rule, _Cell):
                    raise LayerError("SL114", f"StackedRNNCells gets a {c.rule.name}, which is not an RNN cell (no "
                                     f"state_size); Keras raises. Use LSTMCell, GRUCell or SimpleRNNCell.")

    def output(self, cfg, shape, layer):
        raise Unsure("a cell called on its own takes (inputs, states)")


def _is_layer(v) -> bool:
    """A layer value of the engine (it has a catalog rule): duck-typed, the catalog does not
    import the engine."""
    return getattr(v, "rule", None) is not None and hasattr(v, "cfg")


@register
class RNN(_Recurrent):
    name = "RNN"
    ndim = None  # the generic RNN has no input spec; only 3-D input is computed here

    def signature(cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                  unroll=False, zero_output_for_mask=False, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((10, 3))\ny = layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)], return_sequences=True)(x)\n",
        _I + "x = keras.Input((10, 3))\ncells = layers.StackedRNNCells([layers.LSTMCell(8), layers.GRUCell(4)])\n"
             "y = layers.RNN(cells, return_sequences=True)(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((10, 3))\ny = layers.RNN(layers.Dense(4))(x)\n", "SL114"),
        (_I + "x = keras.Input((10,))\ny = layers.RNN(layers.LSTMCell(4))(x)\n", "SL101"),
    )

    def validate(self, cfg):
        cell = cfg.get("cell")
        items = cell if isinstance(cell, tuple) else (cell,)
        for c in items:
            if _is_layer(c) and not isinstance(c.rule, _Cell) and not getattr(c.rule, "recurrent", False):
                raise LayerError("SL114", f"RNN takes a cell (LSTMCell, GRUCell, SimpleRNNCell, a list of them or "
                                 f"StackedRNNCells), not a {c.rule.name}: it has no state_size, and Keras raises. "
                                 f"Use a cell, or the {c.rule.name} layer on its own.")

    def _stacked(self, layer) -> bool:
        """RNN(StackedRNNCells([...])): Keras wraps a list of cells in StackedRNNCells itself."""
        cells = layer.cells if layer is not None else ()
        return (len(cells) == 1 and cells[0] is not None and cells[0].rule is not None
                and cells[0].rule.name == "StackedRNNCells")

    def _is_list(self, layer) -> bool:
        return layer.cells_is_list or self._stacked(layer)

    def _cells(self, layer):
        cells = layer.cells if layer is not None else ()
        if self._stacked(layer):
            items = cells[0].cfg.get("cells")
            if not isinstance(items, tuple):
                raise Unsure("cells")
            cells = tuple(c if _is_layer(c) else None for c in items)
        if any(c is None or not isinstance(c.rule, _Cell) or c.rule.kind == "stacked" for c in cells):
            raise Unsure("cell")  # a custom cell (or stacks of stacks): unknown
        if not cells:
            if layer is not None and self._is_list(layer):
                raise LayerError("SL114", "RNN gets an empty list of cells; Keras fails when it is called (list index "
                                 "out of range). Give it at least one cell, e.g. layers.LSTMCell(32).")
            raise Unsure("cell")
        return cells

    def step_shape(self, cfg, shape, layer):
        last = self._cells(layer)[-1]
        u = last.cfg["units"]
        return (shape[0], u if known(u) else UNKNOWN_DIM)

    def output(self, cfg, shape, layer):
        cells = self._cells(layer)
        if len(shape) != 3:
            # A step of shape (batch, ..., d, features) times the kernel is added to the state
            # (batch, units), which broadcasts when d is 1 or the batch size (or the batch is 1),
            # so the model runs (eagerly; Keras' symbolic shapes are the 3-D ones).  SimpleRNN
            # cells do that at every step; a GRU cell's state changes shape on the first step,
            # so only a single timestep runs.  An LSTM cell splits its gates along d instead:
            # it runs only for units=1, one timestep and d a multiple of 4 (Unknown here).
            # Anything else fails as soon as the model runs (each case checked in Keras).
            b, d = shape[0], shape[-2] if len(shape) > 3 else None
            t = shape[1] if len(shape) > 3 else None
            kinds = {c.rule.kind for c in cells}
            simple = kinds == {"simple"}
            gru_ok = kinds <= {"simple", "gru"} and t == 1
            lstm_maybe = ("lstm" in kinds and t == 1 and b == 1 and known(d) and d % 4 == 0
                          and any(c.cfg.get("units") == 1 for c in cells))
            if len(shape) > 3 and (simple or gru_ok) and (b == 1 or d == 1 or (known(b) and d == b)):
                shape = (shape[0], shape[1], shape[-1])
            elif len(shape) > 3 and (simple or gru_ok) and b is None and d == 2:
                # runs when the batch is 2 (as when the oracle runs it), fails for other batch
                # sizes: no error, Keras' symbolic shapes
                shape = (shape[0], shape[1], shape[-1])
            elif len(shape) > 3 and lstm_maybe:
                raise Unsure("LSTM cell on rank > 3 input")
            else:
                raise LayerError("SL101", f"RNN expects 3-D input (batch, timesteps, features) but gets {len(shape)}-D "
                                 f"{shape!r}; Keras fails as soon as the model runs.")
        step = self.step_shape(cfg, shape, layer)
        seq = _flag(cfg, "return_sequences")
        out = (step[0], shape[1]) + tuple(step[1:]) if seq else step
        if not _flag(cfg, "return_state"):
            return out
        if len(cells) == 1 and not self._is_list(layer):
            c = cells[0]
            return [out] + [(shape[0], c.cfg["units"])] * c.rule.n_cell_states()
        states = []
        for c in cells:
            st = [(shape[0], c.cfg["units"])] * c.rule.n_cell_states()
            states.append(st if c.rule.n_cell_states() > 1 else st[0])
        return [out] + states

    def output_names(self, cfg, layer):
        return None

    def params(self, cfg, shape, layer):
        f = need_dim(shape, -1, "RNN")
        total = 0
        for c in self._cells(layer):
            total += c.rule.cell_params(c.cfg, f)
            f = need_int(c.cfg["units"])
        return total


# -- Bidirectional ---------------------------------------------------------------------------

@register
class Bidirectional(Rule):
    name = "Bidirectional"
    ndim = 3
    expects = "(batch, timesteps, features)"
    recurrent = True

    def signature(layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs): ...

    VALID = (
        _I + "x = keras.Input((10, 3))\ny = layers.Bidirectional(layers.LSTM(8))(x)\n",
        _I + "x = keras.Input((10, 3))\no, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(8, return_state=True))(x)\n",
    )
    INVALID = (
        (_I + "x = keras.Input((10, 3))\no, h, c = layers.Bidirectional(layers.LSTM(8, return_state=True))(x)\n", "SL104"),
    )

    def validate(self, cfg):
        mm = cfg["merge_mode"]
        inner = cfg.get("layer")
        if cfg.get("backward_layer") is None and getattr(inner, "cfg", None) is not None:
            pass
        if isinstance(mm, str) and mm not in ("sum", "mul", "ave", "concat"):
            raise LayerError("SL114", f"Bidirectional merge_mode must be one of 'sum', 'mul', 'ave', 'concat' or None, got {mm!r}.")

    def _inner(self, layer):
        inner = layer.inner if layer is not None else None
        if inner is not None and inner.rule is not None and not getattr(inner.rule, "recurrent", False):
            raise LayerError("SL114", f"Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN, RNN), not "
                             f"{inner.rule.name}; Keras raises when it builds the backward copy.")
        if inner is None or not getattr(inner.rule, "recurrent", False) or inner.rule.name == "Bidirectional":
            raise Unsure("layer")
        return inner

    def output(self, cfg, shape, layer):
        inner = self._inner(layer)
        if layer.backward is None and inner.cfg.get("go_backwards") is True:
            raise LayerError("SL114", f"Bidirectional({inner.rule.name}(..., go_backwards=True)) makes both directions run "
                             f"backwards; Keras raises 'Forward layer and backward layer should have different "
                             f"go_backwards value'. Remove go_backwards=True.")
        back = layer.backward
        if back is not None:
            for attr in ("return_sequences", "return_state"):
                a, b = inner.cfg.get(attr), back.cfg.get(attr)
                if a in (True, False) and b in (True, False) and a != b:
                    raise LayerError("SL114", f"Bidirectional needs the forward and backward layers to agree on {attr}; "
                                     f"got {a} and {b}. Set the same {attr} on both.")
            fu, bu = inner.cfg.get("units"), back.cfg.get("units")
            # the two outputs are combined elementwise: sizes that differ fail when the model
            # runs, unless one is 1 (it broadcasts; Keras' symbolic shape is the forward one's)
            if (cfg.get("merge_mode") in ("sum", "mul", "ave") and known(fu) and known(bu) and fu != bu
                    and 1 not in (fu, bu)):
                raise LayerError("SL114", f"Bidirectional(merge_mode={cfg['merge_mode']!r}) combines a forward layer of "
                                 f"{fu} units with a backward layer of {bu}; Keras fails when the model runs. Give both "
                                 f"the same units.")
            if inner.cfg.get("go_backwards") in (True, False) and inner.cfg.get("go_backwards") == back.cfg.get("go_backwards"):
                raise LayerError("SL114", "Bidirectional needs backward_layer to run the other way: set go_backwards=True "
                                 "on exactly one of the two layers.")
        # Keras' compute_output_shape takes every shape from the forward layer (the backward
        # one's outputs and states included: a different backward_layer shows only at run time)
        fwd = inner.rule.output(inner.cfg, shape, inner)
        if back is not None:
            back.rule.output(back.cfg, shape, back)  # (its own errors)
        fo = fwd[0] if isinstance(fwd, list) else fwd
        mm = cfg["merge_mode"]
        if mm is None:
            outs = [fo, fo]
        elif mm == "concat":
            a = fo[-1]  # Keras doubles the forward layer's width (even with a different backward_layer)
            last = 2 * a if known(a) else UNKNOWN_DIM
            outs = [tuple(fo[:-1]) + (last,)]
        elif mm in ("sum", "mul", "ave"):
            outs = [fo]
        else:
            raise Unsure("merge_mode")
        if isinstance(fwd, list):  # return_state
            return outs + fwd[1:] + fwd[1:]
        return outs if mm is None else outs[0]

    def output_names(self, cfg, layer):
        try:
            inner = self._inner(layer)
        except Unsure:
            return None
        if inner.cfg.get("return_state") is not True:
            return ("forward", "backward") if cfg["merge_mode"] is None else None
        states = inner.rule.state_names if hasattr(inner.rule, "state_names") else ()
        head = ("forward_output", "backward_output") if cfg["merge_mode"] is None else ("output",)
        return head + tuple("forward_" + s for s in states) + tuple("backward_" + s for s in states)

    def params(self, cfg, shape, layer):
        inner = self._inner(layer)
        p = inner.rule.params(inner.cfg, shape, inner)
        back = layer.backward
        q = back.rule.params(back.cfg, shape, back) if back is not None else p
        if p is None or q is None:
            return None
        return p + q

    def why(self, cfg, shape, out, layer):
        try:
            inner = self._inner(layer)
        except Unsure:
            return ()
        notes = list(inner.rule.why(inner.cfg, shape, out, inner))
        mm = cfg["merge_mode"]
        notes.append({"concat": "merge_mode='concat' → forward and backward joined on the last axis",
                      "sum": "merge_mode='sum' → forward + backward", "mul": "merge_mode='mul' → forward × backward",
                      "ave": "merge_mode='ave' → mean of forward and backward",
                      None: "merge_mode=None → [forward, backward] kept apart"}.get(mm, ""))
        return tuple(n for n in notes if n)


# -- ConvLSTM ---------------------------------------------------------------------------------

class _ConvLSTM(_Recurrent):
    rank = 2
    state_names = ("state_h", "state_c")
    n_states = 2
    lowercase = ("padding",)  # conv_lstm: standardize_padding lower-cases it

    def validate(self, cfg):
        positive_int(cfg.get("filters"), self.name, "filters")

    def step_shape(self, cfg, shape, layer):
        if cfg["data_format"] not in (None, "channels_last"):
            raise Unsure("data_format")
        k = as_tuple(cfg["kernel_size"], self.rank, "kernel_size")
        s = as_tuple(cfg["strides"], self.rank, "strides")
        d = as_tuple(cfg["dilation_rate"], self.rank, "dilation_rate")
        pad = cfg["padding"]
        if pad not in ("valid", "same"):
            raise Unsure("padding")
        if any(x > 1 for x in s) and any(x > 1 for x in d):
            raise LayerError("SL114", f"{self.name} cannot combine strides > 1 with dilation_rate > 1; use one of them.")
        if any(shape[2 + i] is None for i in range(self.rank)):
            raise LayerError("SL117", f"{self.name} needs fixed spatial sizes, but its input {shape!r} has None there; "
                             f"Keras raises 'ConvLSTM layers only support static input shapes for the spatial "
                             f"dimension'. Give the input its image size.")
        spatial = []
        for i in range(self.rank):
            n = conv_length(shape[2 + i], k[i], s[i], pad, d[i])
            if known(n) and n < 1:
                raise LayerError("SL112", f"{self.name} with kernel_size={k} makes spatial size {shape[2 + i]} "
                                 f"shrink to {n}; use padding='same' or a smaller kernel.")
            spatial.append(n)
        f = cfg["filters"]
        return (shape[0],) + tuple(spatial) + (f if known(f) else UNKNOWN_DIM,)

    def params(self, cfg, shape, layer):
        kk = prod(as_tuple(cfg["kernel_size"], self.rank, "kernel_size"))
        f = need_int(cfg["filters"])
        c = need_dim(shape, -1, self.name, "channels")
        bias = _flag(cfg, "use_bias")
        return 4 * f * kk * (c + f) + (4 * f if bias else 0)


@register
class ConvLSTM2D(_ConvLSTM):
    name = "ConvLSTM2D"
    rank = 2
    ndim = 5
    expects = "(batch, timesteps, rows, cols, channels)"

    def signature(filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                  activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                  kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                  bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                  recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                  kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                  recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                  go_backwards=False, stateful=False, **kwargs): ...


@register
class ConvLSTM1D(_ConvLSTM):
    name = "ConvLSTM1D"
    rank = 1
    ndim = 4
    expects = "(batch, timesteps, steps, channels)"

    signature = ConvLSTM2D.signature


@register
class ConvLSTM3D(_ConvLSTM):
    name = "ConvLSTM3D"
    rank = 3
    ndim = 6
    expects = "(batch, timesteps, dim1, dim2, dim3, channels)"

    signature = ConvLSTM2D.signature

    VALID = (_I + "x = keras.Input((4, 8, 8, 8, 1))\ny = layers.ConvLSTM3D(2, 3, padding='same')(x)\n",)
    INVALID = (
        (_I + "x = keras.Input((4, 8, 8, 1))\ny = layers.ConvLSTM3D(2, 3)(x)\n", "SL101"),
        (_I + "x = keras.Input((4, 8, None, 8, 1))\ny = layers.ConvLSTM3D(2, 3)(x)\n", "SL117"),
    )
