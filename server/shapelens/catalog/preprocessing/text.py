"""TextVectorization: its standardisation and split of literal text, and its StringLookup
(lookup.py) for the vocabulary and the output shape."""

from __future__ import annotations

import re

from ..base import LayerError, Rule, Unsure, register
from ..spatial import literal
from .common import _I, _NOT_ADAPTED, _adapted, _int, _is_list, _safe
from .lookup import (
    _MODES,
    _count_adapt,
    _flat_items,
    _lookup_output,
    _lookup_state,
    _LookupRule,
    _mode,
    _Vocab,
)

_PUNCT = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')


def _text_tokens(cfg, data) -> list:
    """TextVectorization._preprocess on literal strings (ASCII: TensorFlow lower-cases ASCII only)."""
    leaves, rank = _flat_items(data)
    if not all(isinstance(s, str) and s.isascii() for s in leaves):
        raise Unsure("adapt data")
    std, split, ngrams = cfg["standardize"], cfg["split"], cfg["ngrams"]
    if std not in (None, "lower_and_strip_punctuation", "lower", "strip_punctuation"):
        raise Unsure("standardize")
    if split not in (None, "whitespace", "character"):
        raise Unsure("split")
    if rank == 0:
        rows = [leaves]
    elif rank == 1:
        rows = [[s] for s in leaves]  # expand_dims(-1)
    elif rank == 2:
        raise Unsure("2-D data")  # handled by the caller when its last dim is 1
    else:
        raise Unsure("rank")
    out = []
    for row in rows:
        row = list(row)
        if std in ("lower", "lower_and_strip_punctuation"):
            row = [s.lower() for s in row]
        if std in ("strip_punctuation", "lower_and_strip_punctuation"):
            row = [_PUNCT.sub("", s) for s in row]
        if split is not None:
            s = row[0]
            toks = s.split() if split == "whitespace" else list(s)
        else:
            toks = row
        if ngrams is not None:
            widths = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
            if not all(_int(w) and w > 0 for w in widths):
                raise Unsure("ngrams")
            grams = []
            for w in widths:
                grams += [" ".join(toks[i:i + w]) for i in range(len(toks) - w + 1)]
            toks = grams
        out += toks
    return out


def _text_data(name, cfg, data):
    items = data.items if _is_list(data) else data
    if isinstance(items, tuple) and items and all(_is_list(r) or isinstance(r, tuple) for r in items):
        rows = [r.items if _is_list(r) else r for r in items]
        if cfg["split"] is not None and any(len(r) != 1 for r in rows):
            raise LayerError("SL114", f"{name}.adapt() gets 2-D strings whose last axis is not 1; Keras raises 'When "
                                      f"using `TextVectorization` to tokenize strings, the input rank must be 1 or the "
                                      f"last shape dimension must be 1'. Pass a flat list of strings.")
        if any(len(r) != len(rows[0]) for r in rows):
            raise Unsure("ragged")
        flat = tuple(s for r in rows for s in r) if cfg["split"] is not None else None
        if flat is not None:
            return _text_tokens(cfg, flat)
        if len(rows[0]) != 1:
            raise Unsure("2-D data")
        return _text_tokens(cfg, tuple(r[0] for r in rows))
    if isinstance(data, str):
        raise Unsure("a string")
    return _text_tokens(cfg, data)


@register
class TextVectorization(Rule):
    name = "TextVectorization"
    methods = ("vocabulary_size", "get_vocabulary")

    def signature(max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace", ngrams=None,
                  output_mode="int", output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                  idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((1,), dtype='string')\n"
                  "vec = layers.TextVectorization(max_tokens=1000, output_sequence_length=20)\n"
                  "vec.adapt(['a small text', 'another one'])\ny = vec(x)\n",
             _I + "vec = layers.TextVectorization(output_mode='multi_hot')\n"
                  "vec.adapt(['the cat sat', 'the dog ran'])\n"
                  "x = keras.Input((), dtype='string')\ny = vec(x)\n",
             _I + "x = keras.Input((1,), dtype='string')\n"
                  "y = layers.TextVectorization(output_mode='count', split=None, vocabulary=['a', 'b'])(x)\n")
    INVALID = ((_I + "layer = layers.TextVectorization(output_mode='multi_hot', output_sequence_length=10)\n", "SL114"),
               (_I + "layer = layers.TextVectorization(split='comma')\n", "SL114"),
               (_I + "layer = layers.TextVectorization(ngrams=0.5)\n", "SL114"))

    def _check(self, cfg):
        n = self.name
        for arg, allowed in (("standardize", ("lower_and_strip_punctuation", "lower", "strip_punctuation")),
                             ("split", ("whitespace", "character"))):
            v = cfg[arg]
            if v is None or not literal(v):
                continue  # None, or a callable / unknown value (Keras accepts callables)
            if not (isinstance(v, str) and v in allowed):
                raise LayerError("SL114", f"{n} {arg}={v!r} is not one of {', '.join(repr(a) for a in allowed)} (or "
                                          f"None, or a callable); Keras raises 'Unknown value for `{arg}` argument'.")
        mode = _mode(cfg["output_mode"])
        if not literal(mode):
            raise Unsure("output_mode")
        if mode not in _MODES:
            raise LayerError("SL114", f"{n} output_mode={cfg['output_mode']!r} is not one of 'int', 'one_hot', "
                                      f"'multi_hot', 'count', 'tf_idf'; Keras raises.")
        ng = cfg["ngrams"]
        if not literal(ng):
            raise Unsure("ngrams")
        if not (ng is None or isinstance(ng, int) or isinstance(ng, tuple) and all(isinstance(i, int) for i in ng)):
            raise LayerError("SL114", f"{n} ngrams must be None, an int or a tuple of ints, got {ng!r}; Keras raises. "
                                      f"Use e.g. ngrams=2 for unigrams and bigrams.")
        osl = cfg["output_sequence_length"]
        if not literal(osl):
            raise Unsure("output_sequence_length")
        if mode == "int" and not (isinstance(osl, int) or osl is None):
            raise LayerError("SL114", f"{n} output_sequence_length must be None or an int, got {osl!r}; Keras raises.")
        if mode != "int" and osl is not None:
            raise LayerError("SL114", f"{n} output_sequence_length={osl!r} only applies to output_mode='int' (got "
                                      f"{mode!r}): the other modes output one vector per input. Keras raises; remove "
                                      f"output_sequence_length.")
        if cfg["ragged"] is True and mode != "int":
            raise LayerError("SL114", f"{n} ragged=True needs output_mode='int' (got {mode!r}); Keras raises.")
        return _lookup_state(n, dict(cfg, output_mode=mode, num_oov_indices=1, mask_token="", oov_token="[UNK]"),
                             "string", text=True)

    validate = _safe(_check)

    def state(self, cfg) -> _Vocab:
        st = self._check(cfg)
        data = _adapted(cfg)
        if data is _NOT_ADAPTED:
            return st
        if cfg["vocabulary"] is not None:
            raise LayerError("SL114", f"{self.name} was given a vocabulary, and Keras raises on its adapt() call "
                                      f"('Cannot adapt layer ... after setting a static vocabulary').")
        _count_adapt(self.name, st, _text_data(self.name, cfg, data))
        return st

    def output(self, cfg, shape, layer):
        if not shape:
            raise Unsure("a scalar text (one string, as in a tf.data map): its rank is not Keras' usual batch")
        try:
            st = self.state(cfg)
        except Unsure:
            # adapted on data the engine cannot read (a tf.data dataset of texts): the vocabulary
            # is not known, but int mode's rows are output_sequence_length long all the same
            if _mode(cfg["output_mode"]) == "int" and isinstance(cfg["output_sequence_length"], int):
                self._check(cfg)
                return (shape[0], cfg["output_sequence_length"])
            raise
        if st.mode == "int":
            osl = cfg["output_sequence_length"]
            return (shape[0], osl)
        shape = tuple(shape)
        if cfg["split"] is None:
            if len(shape) <= 1:
                shape = shape + (1,)
        else:
            shape = shape + (None,)
        return _lookup_output(shape, st)

    def why(self, cfg, shape, out, layer):
        if _mode(cfg["output_mode"]) == "int":
            osl = cfg["output_sequence_length"]
            return ("int: one row of token ids per sample, "
                    + (f"padded or cut to output_sequence_length={osl}" if osl is not None else
                       "as long as the longest text (None)"),)
        return (f"{_mode(cfg['output_mode'])}: one vector per text as wide as the vocabulary",)

    layer_method = _LookupRule.layer_method
