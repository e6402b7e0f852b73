"""Preprocessing layers: text, structured data, audio, and the image layers that are not random (Rescaling, Resizing, CenterCrop).

What Keras 3.15.1 does on a symbolic call (keras/src/layers/preprocessing/): every layer here
except Normalization and Pipeline overrides ``compute_output_shape``/``compute_output_spec``,
so a symbolic call computes only the shape; the data-dependent checks (a TextVectorization
given numbers, statistics adapted on another feature count) happen when data flows.

* The lookup layers (StringLookup, IntegerLookup and the StringLookup inside TextVectorization)
  output the input shape in ``output_mode='int'``; otherwise the last axis becomes the
  vocabulary size (``max_tokens`` with ``pad_to_max_tokens=True``, else the size frozen when a
  vocabulary was set or ``adapt()`` ran; None before).  ``one_hot`` replaces a last axis of 1
  and appends otherwise.  The vocabulary is computed exactly from a literal list or from
  ``adapt()`` on literal data (TextVectorization: lower-casing, punctuation, whitespace or
  character split, n-grams), so ``vocabulary_size()`` and ``get_vocabulary()`` are answered too.
* Normalization keeps the shape; without ``mean``/``variance`` it has 2·features + 1
  non-trainable weights (mean, variance, count) sized by the kept axes of the shape it is built
  with: its first call's input, or the data ``adapt()`` saw.  Statistics that do not broadcast
  against the input fail as soon as data flows (SL116).
"""

from __future__ import annotations

import math
import re

from .augmentation import _channels_first, _Image, _size_dims
from .base import LayerError, Rule, Unsure, fmt, known, register
from .spatial import check_data_format, literal

_I = "import keras\nfrom keras import layers\nimport numpy as np\n"


def _int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


# The engine's values, told apart by their class names (the catalog does not import the engine).
def _is_list(v) -> bool:
    return type(v).__name__ == "ListV"


def _is_array(v) -> bool:
    return type(v).__name__ == "ArrayV"


def _is_layer(v) -> bool:
    return type(v).__name__ == "LayerV"


def _safe(fn):
    """validate(): a value the engine does not know ends the checks silently (Unsure)."""
    def validate(self, cfg):
        try:
            fn(self, cfg)
        except Unsure:
            pass
    return validate


def _dims_ok(name, shape):
    """A shape Keras can build: a float (or negative) dim fails 'Cannot convert ... to a shape'."""
    for d in shape:
        if isinstance(d, bool):
            raise Unsure("dim")
        if isinstance(d, float) or (_int(d) and d < 0):
            raise LayerError("SL114", f"{name} would output the shape {fmt(tuple(shape))}, and Keras raises 'Cannot "
                                      f"convert ... to a shape' ({d!r} is not a valid size). Give an int size.")
    return tuple(shape)


# =============================================================================================
# lookups: StringLookup, IntegerLookup, and TextVectorization's StringLookup
# =============================================================================================

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_LOOKUP_KWARGS = {"trainable", "dtype", "vocabulary_size", "has_input_vocabulary", "name"}


def _mode(v):
    if v == "binary":
        return "multi_hot"
    if v == "tf-idf":
        return "tf_idf"
    return v


class _Vocab:
    """What an IndexLookup knows: its options and its vocabulary (tokens without the special
    ones; None when no vocabulary was set), and the size it froze."""

    def __init__(self, mode, max_tokens, num_oov, mask, oov, pad, invert, tokens, frozen):
        self.mode, self.max_tokens, self.num_oov, self.mask, self.oov = mode, max_tokens, num_oov, mask, oov
        self.pad, self.invert, self.tokens, self.frozen = pad, invert, tokens, frozen

    @property
    def oov_start(self):
        return 1 if self.mask is not None and self.mode == "int" else 0

    @property
    def token_start(self):
        return self.oov_start + self.num_oov

    @property
    def depth(self):
        if self.pad:
            return self.max_tokens
        return self.frozen

    def size(self):
        return self.token_start + len(self.tokens or ())

    def vocabulary(self, include_special=True):
        n = self.size()
        vocab = [self.oov] * self.token_start + list(self.tokens or ())
        vocab = vocab[:n]
        if self.mask is not None and self.mode == "int" and vocab:
            vocab[0] = self.mask
        return vocab if include_special else vocab[self.token_start:]


def _literal_vocab(name, v, kind):
    """A literal vocabulary: a tuple of str (StringLookup) or ints (IntegerLookup); Unsure else."""
    if isinstance(v, str) or not isinstance(v, tuple):
        raise Unsure("vocabulary")  # a file path, an array, an unknown value
    want = str if kind in ("string", "text") else int
    if not all(isinstance(t, want) and not isinstance(t, bool) for t in v):
        raise Unsure("vocabulary")
    return list(v)


def _set_vocabulary(name, st: _Vocab, vocab: list, idf, arg="vocabulary"):
    """IndexLookup.set_vocabulary on a literal list: the special tokens at its start are dropped;
    Keras rejects an empty, repeated or too long vocabulary and a mask/OOV token inside it."""
    if not vocab:
        raise LayerError("SL114", f"{name} {arg} is empty; Keras raises 'Cannot set an empty vocabulary'. Give at "
                                  f"least one token.")
    special = [st.mask] * st.oov_start + [st.oov] * st.num_oov
    tokens = vocab[st.token_start:] if vocab[:st.token_start] == special and len(vocab) >= st.token_start else vocab
    seen, rep = set(), []
    for t in tokens:
        if t in seen and t not in rep:
            rep.append(t)
        seen.add(t)
    if rep:
        raise LayerError("SL114", f"{name} {arg} repeats {', '.join(repr(t) for t in rep)}; Keras raises 'The passed "
                                  f"vocabulary has at least one repeated term'. Give each token once.")
    if st.mask is not None and st.mask in tokens:
        raise LayerError("SL114", f"{name} {arg} holds the mask token {st.mask!r} after its start; Keras raises "
                                  f"'Found reserved mask token at unexpected location'. Remove it (the layer adds "
                                  f"the mask and OOV tokens itself).")
    if st.oov is not None and st.invert and st.oov in tokens:
        raise LayerError("SL114", f"{name} {arg} holds the OOV token {st.oov!r}; with invert=True Keras raises "
                                  f"'Found reserved OOV token at unexpected location'. Remove it.")
    size = st.token_start + len(tokens)
    if st.max_tokens is not None and size > st.max_tokens:
        raise LayerError("SL114", f"{name} gets a vocabulary of {size} entries ({len(tokens)} tokens + "
                                  f"{st.token_start} special), more than max_tokens={st.max_tokens}; Keras raises "
                                  f"'Attempted to set a vocabulary larger than the maximum vocab size'. Raise "
                                  f"max_tokens to at least {size} or shorten the vocabulary.")
    if st.mode == "tf_idf" and idf is not None:
        n_idf = len(idf) if isinstance(idf, tuple) else None
        if n_idf is None:
            raise Unsure("idf_weights")
        if n_idf != len(vocab):
            raise LayerError("SL114", f"{name} idf_weights has {n_idf} values for a vocabulary of {len(vocab)}; Keras "
                                      f"raises '`idf_weights` must be the same length as vocabulary'.")
    st.tokens = tokens
    st.frozen = size


def _lookup_state(name, cfg, kind, text=False) -> _Vocab:
    """Check the constructor arguments as IndexLookup (and IntegerLookup) do, in their order; the
    vocabulary state after the constructor.  LayerError where Keras raises, Unsure where a value
    is not known."""
    if text:
        max_tokens, num_oov, mask, oov = cfg["max_tokens"], 1, "", "[UNK]"
        invert, salt, oov_method = False, None, "floormod"
    else:
        max_tokens, num_oov, mask, oov = cfg["max_tokens"], cfg["num_oov_indices"], cfg["mask_token"], cfg["oov_token"]
        invert, salt = cfg["invert"], cfg.get("salt")
        oov_method = cfg.get("oov_method", "floormod")
    for v in (max_tokens, num_oov, mask, oov, invert, salt, oov_method, cfg["output_mode"], cfg["pad_to_max_tokens"],
              cfg["sparse"]):
        if not literal(v):
            raise Unsure("argument")
    if max_tokens is not None and not _int(max_tokens) or not _int(num_oov):
        raise Unsure("counts")
    if kind == "int" and not text:
        if max_tokens is not None and max_tokens <= 1:
            raise LayerError("SL114", f"{name} max_tokens must be greater than 1 (it counts the OOV and mask entries "
                                      f"too), got {max_tokens}; Keras raises. Use max_tokens=None for no limit.")
        if num_oov < 0:
            raise LayerError("SL114", f"{name} num_oov_indices must be >= 0, got {num_oov}; Keras raises.")
        if cfg["vocabulary_dtype"] != "int64":
            raise LayerError("SL114", f"{name} only supports vocabulary_dtype='int64', got "
                                      f"{cfg['vocabulary_dtype']!r}; Keras raises.")
    if max_tokens is not None and max_tokens <= 1:
        raise LayerError("SL114", f"{name} max_tokens must be greater than 1 (it counts the OOV and mask entries too), "
                                  f"got {max_tokens}; Keras raises 'If set, `max_tokens` must be greater than 1'. Use "
                                  f"max_tokens=None for no limit.")
    if cfg["pad_to_max_tokens"] and max_tokens is None:
        raise LayerError("SL114", f"{name} pad_to_max_tokens=True needs max_tokens (the width it pads to); Keras "
                                  f"raises 'If pad_to_max_tokens is True, must set `max_tokens`'.")
    if num_oov < 0:
        raise LayerError("SL114", f"{name} num_oov_indices must be >= 0, got {num_oov}; Keras raises.")
    if oov_method not in ("floormod", "farmhash"):
        raise LayerError("SL114", f"{name} oov_method must be 'floormod' or 'farmhash', got {oov_method!r}; Keras "
                                  f"raises.")
    if salt is not None:
        if kind == "int" and oov_method != "farmhash":
            raise LayerError("SL114", f"{name} salt= is only used with oov_method='farmhash'; Keras raises '`salt` "
                                      f"can only be used when `oov_method='farmhash'`'.")
        if not (isinstance(salt, tuple) and len(salt) == 2 or isinstance(salt, int)):
            raise LayerError("SL114", f"{name} salt must be an int or a pair of ints, got {salt!r}; Keras raises.")
    mode = _mode(cfg["output_mode"])
    if mode not in _MODES:
        raise LayerError("SL114", f"{name} output_mode={cfg['output_mode']!r} is not one of 'int', 'one_hot', "
                                  f"'multi_hot', 'count', 'tf_idf'; Keras raises 'Unknown value for `output_mode`'.")
    if invert and mode != "int":
        raise LayerError("SL114", f"{name} invert=True maps indices back to tokens, so output_mode must be 'int' "
                                  f"(got {mode!r}); Keras raises.")
    if cfg["sparse"] and mode == "int":
        raise LayerError("SL114", f"{name} sparse=True needs output_mode 'one_hot', 'multi_hot', 'count' or "
                                  f"'tf_idf' (got 'int'); Keras raises.")
    idf = cfg["idf_weights"]
    if idf is not None and mode != "tf_idf":
        raise LayerError("SL114", f"{name} idf_weights is only used with output_mode='tf_idf' (got {mode!r}); Keras "
                                  f"raises.")
    if not text:
        extra = [k for k in cfg if k not in _SIG_KEYS[kind] and k not in _LOOKUP_KWARGS and not k.startswith("_")]
        if extra:
            raise LayerError("SL114", f"{name} does not take {', '.join(repr(k) for k in extra)}; Keras raises "
                                      f"'Unrecognized keyword argument(s)'.")
    vocab = cfg["vocabulary"]
    if mode == "tf_idf" and vocab is not None and idf is None:
        raise LayerError("SL114", f"{name} with output_mode='tf_idf' and a vocabulary also needs idf_weights (one per "
                                  f"vocabulary entry); Keras raises.")
    st = _Vocab(mode, max_tokens, num_oov, mask, oov, bool(cfg["pad_to_max_tokens"]), bool(invert), None, None)
    if vocab is not None:
        _set_vocabulary(name, st, _literal_vocab(name, vocab, kind), idf)
    return st


def _count_adapt(name, st: _Vocab, tokens: list):
    """finalize_state: counts, the mask and OOV tokens dropped, most frequent first (ties: the
    greater token first), cut to ``max_tokens - token_start`` (a Python slice: a negative end
    drops tokens from the end).  Data that had tokens but keeps none fails in TensorFlow's lookup
    table ('keys and values cannot be empty tensors')."""
    counts = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    if not counts:  # nothing counted: Keras keeps the empty vocabulary
        st.tokens = []
        st.frozen = st.size()
        return
    if st.mask is not None:
        counts.pop(st.mask, None)
    if st.oov is not None:
        counts.pop(st.oov, None)
    key = (lambda t: (counts[t], t.encode("utf-8"))) if all(isinstance(t, str) for t in counts) else \
        (lambda t: (counts[t], t))
    order = sorted(counts, key=key, reverse=True)
    if st.max_tokens:
        order = order[:st.max_tokens - st.token_start]
    if not order:
        why = (f"max_tokens={st.max_tokens} leaves no room after the {st.token_start} special entries"
               if counts else "its data holds only the mask and OOV tokens")
        raise LayerError("SL114", f"{name}.adapt() learns no token: {why}; TensorFlow raises 'keys and values cannot "
                                  f"be empty tensors' on the adapt() call. Raise max_tokens or adapt on other data.")
    st.tokens = order
    st.frozen = st.size()


def _flat_items(v, depth=0):
    """The leaves of a literal nested list/tuple (and its rank); Unsure for anything else."""
    if _is_list(v):
        v = v.items
    if isinstance(v, tuple):
        leaves, ranks = [], set()
        for x in v:
            sub, r = _flat_items(x, depth + 1)
            leaves += sub
            ranks.add(r)
        if len(ranks) > 1:
            raise Unsure("ragged data")
        return leaves, 1 + (ranks.pop() if ranks else 0)
    if isinstance(v, (str, int, float)):
        return [v], 0
    raise Unsure("data")


def _adapted(cfg):
    """The engine's value of what ``adapt()`` got, or the marker that it was not adapted."""
    return cfg.get("_adapted", _NOT_ADAPTED)


_NOT_ADAPTED = object()


def _after_adapt(name, cfg, st: _Vocab, kind):
    data = _adapted(cfg)
    if data is _NOT_ADAPTED:
        return st
    if cfg["vocabulary"] is not None:
        raise LayerError("SL114", f"{name} was given a vocabulary, and Keras raises on its adapt() call ('Cannot "
                                  f"adapt layer ... after setting a static vocabulary'). Pass a vocabulary or call "
                                  f"adapt(), not both.")
    leaves, _ = _flat_items(data)
    want = str if kind == "string" else int
    if not all(isinstance(t, want) and not isinstance(t, bool) for t in leaves):
        raise Unsure("adapt data")
    _count_adapt(name, st, leaves)
    return st


def _lookup_output(shape, st: _Vocab):
    if st.mode == "int":
        return tuple(shape)
    depth = st.depth
    shape = tuple(shape)
    if st.mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            return shape[:-1] + (depth,)
        return shape + (depth,)
    return shape[:-1] + (depth,)


class _LookupRule(Rule):
    kind = "string"
    methods = ("vocabulary_size", "get_vocabulary")

    def validate(self, cfg):
        try:
            _lookup_state(self.name, cfg, self.kind)
        except Unsure:
            pass

    def state(self, cfg):
        return _after_adapt(self.name, cfg, _lookup_state(self.name, cfg, self.kind), self.kind)

    def output(self, cfg, shape, layer):
        # the width of a non-int output is None until a vocabulary is set (as Keras says)
        return _lookup_output(shape, self.state(cfg))

    def why(self, cfg, shape, out, layer):
        st = self.state(cfg)
        if st.mode == "int":
            return ("each token becomes its integer index: same shape",)
        return (f"{st.mode}: the last axis becomes the vocabulary size {st.depth}",)

    def layer_method(self, cfg, name, args, kwargs):
        try:
            st = self.state(cfg)
            if name == "vocabulary_size":
                return st.size()
            if name == "get_vocabulary":
                inc = args[0] if args else kwargs.get("include_special_tokens", True)
                if inc not in (True, False):
                    return None
                return tuple(st.vocabulary(inc))  # (a list in Keras; the catalog cannot make engine lists)
        except (Unsure, LayerError):
            return None
        return None


_SIG_KEYS = {}


@register
class StringLookup(_LookupRule):
    name = "StringLookup"
    kind = "string"

    def signature(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]", vocabulary=None,
                  idf_weights=None, invert=False, output_mode="int", pad_to_max_tokens=False, sparse=False,
                  encoding="utf-8", name=None, salt=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((1,), dtype='string')\n"
                  "y = layers.StringLookup(vocabulary=['a', 'b', 'c'], output_mode='one_hot')(x)\n",
             _I + "lookup = layers.StringLookup(output_mode='multi_hot')\nlookup.adapt(['red', 'green', 'red', 'blue'])\n"
                  "x = keras.Input((3,), dtype='string')\ny = lookup(x)\nn = lookup.vocabulary_size()\n")
    INVALID = ((_I + "layer = layers.StringLookup(vocabulary=['a', 'b', 'a'])\n", "SL114"),
               (_I + "layer = layers.StringLookup(max_tokens=3, vocabulary=['a', 'b', 'c'])\n", "SL114"),
               (_I + "layer = layers.StringLookup(output_mode='one_hot', invert=True)\n", "SL114"))


@register
class IntegerLookup(_LookupRule):
    name = "IntegerLookup"
    kind = "int"

    def signature(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
                  vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int", sparse=False,
                  pad_to_max_tokens=False, oov_method="floormod", salt=None, name=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((1,), dtype='int64')\n"
                  "y = layers.IntegerLookup(vocabulary=[12, 36, 1138], output_mode='one_hot')(x)\n",
             _I + "lookup = layers.IntegerLookup(output_mode='count')\nlookup.adapt([3, 3, 7, 9])\n"
                  "x = keras.Input((4,), dtype='int64')\ny = lookup(x)\n")
    INVALID = ((_I + "layer = layers.IntegerLookup(max_tokens=1)\n", "SL114"),
               (_I + "layer = layers.IntegerLookup(num_oov_indices=-1)\n", "SL114"))


import inspect as _inspect

for _cls, _kind in ((StringLookup, "string"), (IntegerLookup, "int")):
    _SIG_KEYS[_kind] = {p for p in _inspect.signature(_cls.signature).parameters if p != "kwargs"}


# =============================================================================================
# TextVectorization
# =============================================================================================

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


# =============================================================================================
# Normalization
# =============================================================================================


def _value_shape(v):
    """np.shape of a mean/variance value: a number, a nested literal list, an array."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return ()
    if _is_array(v):
        if v.shape is None or not all(_int(d) for d in v.shape):
            raise Unsure("array shape")
        return tuple(v.shape)
    if isinstance(v, tuple):
        subs = [_value_shape(x) for x in v]
        if subs and any(s != subs[0] for s in subs):
            raise Unsure("ragged")
        return (len(v),) + (subs[0] if subs else ())
    raise Unsure("value")


def _norm_axis(cfg):
    a = cfg["axis"]
    if a is None:
        return ()
    if _int(a):
        return (a,)
    if isinstance(a, tuple) and all(_int(x) for x in a):
        return a
    raise Unsure("axis")


def _broadcast_fails(a, b):
    """numpy broadcasting of two shapes fails on known dims (None/unknown dims never fail)."""
    for x, y in zip(reversed(a), reversed(b)):
        if known(x) and known(y) and x != y and x != 1 and y != 1:
            return (x, y)
    return None


@register
class Normalization(Rule):
    name = "Normalization"

    def signature(axis=-1, mean=None, variance=None, invert=False, **kwargs): ...

    VALID = (_I + "norm = layers.Normalization()\nnorm.adapt(np.random.rand(100, 4))\n"
                  "x = keras.Input((4,))\ny = norm(x)\n",
             _I + "x = keras.Input((8, 3))\ny = layers.Normalization(mean=[0.5, 0.5, 0.5], variance=[0.2, 0.2, 0.2])(x)\n")
    INVALID = ((_I + "norm = layers.Normalization()\nnorm.adapt(np.random.rand(100, 3))\n"
                     "x = keras.Input((4,))\ny = norm(x)\nmodel = keras.Model(x, y)\n", "SL116"),
               (_I + "layer = layers.Normalization(mean=[0.0, 1.0])\n", "SL114"),
               (_I + "x = keras.Input((None,))\ny = layers.Normalization()(x)\n", "SL114"))

    def _check(self, cfg):
        axis = _norm_axis(cfg)
        mean, var = cfg["mean"], cfg["variance"]
        if (mean is None) != (var is None):
            raise LayerError("SL114", "Normalization needs both mean and variance, or neither (then adapt() or the "
                                      "first call sets them); Keras raises 'both `mean` and `variance` must be set'.")
        if mean is not None:
            ms, vs = _value_shape(mean), _value_shape(var)
            if ms != vs:
                raise LayerError("SL114", f"Normalization mean has shape {ms} but variance {vs}; Keras raises "
                                          f"'`mean` and `variance` must have the same shape'.")
            if len(ms) > len(axis):
                raise LayerError("SL114", f"Normalization mean of shape {ms} has more axes than axis={cfg['axis']!r} "
                                          f"keeps ({len(axis)}); Keras raises.")
        return axis

    validate = _safe(_check)

    def _build(self, axis, build_shape, when):
        """Normalization.build: axes in range and known; (kept axes, broadcast shape)."""
        nd = len(build_shape)
        if any(a < -nd or a >= nd for a in axis):
            raise LayerError("SL114", f"Normalization axis={axis if len(axis) != 1 else axis[0]} is out of range for "
                                      f"{when} {fmt(build_shape)} (rank {nd}); Keras raises 'All `axis` values must be "
                                      f"in the range [-ndim, ndim)'.")
        keep = tuple(sorted(a if a >= 0 else a + nd for a in axis))
        for d in keep:
            if build_shape[d] is None:
                raise LayerError("SL114", f"Normalization keeps one mean and variance per position of axis {d}, but "
                                          f"that axis is None in {when} {fmt(build_shape)}; Keras raises 'All `axis` "
                                          f"values to be kept must have a known shape'. Give the input a fixed size "
                                          f"there, e.g. keras.Input(shape=(..., n_features)).")
            if not known(build_shape[d]):
                raise Unsure("kept dim")
        bshape = tuple(build_shape[d] if d in keep else 1 for d in range(nd))
        return keep, bshape

    def _adapt_shape(self, cfg):
        """The shape adapt() builds the layer with, or None when it was not adapted."""
        data = _adapted(cfg)
        if data is _NOT_ADAPTED:
            return None
        if _is_list(data) or isinstance(data, tuple):
            items = data.items if _is_list(data) else data
            if not items:
                raise LayerError("SL114", "Normalization.adapt() got an empty list; Keras raises 'adapt() received an "
                                          "empty iterable'. Pass a NumPy array.")
            first = items[0]
            if _is_array(first):
                data = first  # an iterable of batches: the first one sets the shape
            elif (isinstance(first, (int, float, str, tuple)) or _is_list(first)) and not isinstance(first, bool) \
                    or first is None:
                raise LayerError("SL114", "Normalization.adapt() got a Python list, which Keras reads as batches: its "
                                          "first item has no .shape, so Keras raises TypeError ('adapt() expects an "
                                          "iterable that yields arrays or tensors'). Pass np.array(...) instead.")
            else:
                raise Unsure("adapt data")
        if not _is_array(data) or data.shape is None:
            raise Unsure("adapt data")
        if not all(_int(d) for d in data.shape):
            raise Unsure("adapt shape")
        return tuple(data.shape)

    def _stats(self, cfg, shape):
        """(kept axes, broadcast shape, built from, weights) for a call on ``shape``."""
        axis = self._check(cfg)
        ashape = self._adapt_shape(cfg)
        if ashape is not None:
            keep, bshape = self._build(axis, ashape, "the data adapt() got,")
            return keep, bshape, ashape, cfg["mean"] is None
        keep, bshape = self._build(axis, shape, "its input")
        return keep, bshape, None, cfg["mean"] is None

    def output(self, cfg, shape, layer):
        keep, bshape, ashape, _ = self._stats(cfg, shape)
        if cfg["mean"] is not None:
            ms = _value_shape(cfg["mean"])
            if ms:
                expanded = [1] * len(shape)
                for i in range(1, len(ms) + 1):
                    expanded[keep[-i]] = ms[-i]
                for e, b in zip(expanded, bshape):
                    if known(b) and e != 1 and e != b:
                        raise LayerError(
                            "SL116", f"Normalization mean/variance of shape {ms} do not fit its input {fmt(shape)} "
                                     f"along the kept axis (size {b}); Keras raises when it broadcasts them "
                                     f"('Incompatible shapes'). Give one value per feature ({b}) or a scalar.")
        elif ashape is not None:
            bad = _broadcast_fails(tuple(shape), bshape)
            if bad is not None:
                feats = bshape[keep[-1]] if keep else 1
                raise LayerError(
                    "SL116", f"Normalization was adapted on data of shape {fmt(ashape)} ({feats} features along "
                             f"axis {keep[-1] if keep else '-'}), but it is called on {fmt(tuple(shape))}: its "
                             f"mean and variance (broadcast shape {fmt(bshape)}) do not fit the input "
                             f"({bad[0]} vs {bad[1]}), and Keras fails as soon as data flows (predict/fit: "
                             f"'Incompatible shapes'). Adapt it on data with the input's feature count, or feed it "
                             f"inputs like the adapted data.")
        return tuple(shape)

    def params(self, cfg, shape, layer):
        keep, bshape, _, weighted = self._stats(cfg, shape)
        if not weighted:
            return 0
        n = 1
        for d in keep:
            n *= bshape[d]
        return 2 * n + 1

    def non_trainable(self, cfg, shape, layer):
        return self.params(cfg, shape, layer)

    def why(self, cfg, shape, out, layer):
        keep, bshape, ashape, weighted = self._stats(cfg, shape)
        if not weighted:
            return ("mean and variance given: no weights",)
        n = 1
        for d in keep:
            n *= bshape[d]
        src = f"the adapted data {fmt(ashape)}" if ashape is not None else "its first input"
        return (f"non-trainable mean ({n}) + variance ({n}) + count (1), sized by {src}",)


# =============================================================================================
# Discretization, CategoryEncoding, Hashing, HashedCrossing
# =============================================================================================


@register
class Discretization(Rule):
    name = "Discretization"

    def signature(bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False, dtype=None,
                  name=None): ...

    VALID = (_I + "x = keras.Input((3,))\ny = layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])(x)\n",
             _I + "x = keras.Input((1,))\nbins = layers.Discretization(num_bins=4, output_mode='one_hot')\n"
                  "bins.adapt([[0.0], [1.0], [2.0], [3.0]])\ny = bins(x)\n")
    INVALID = ((_I + "layer = layers.Discretization()\n", "SL114"),
               (_I + "layer = layers.Discretization(bin_boundaries=[0.0, 1.0], num_bins=3)\n", "SL114"))

    def _check(self, cfg):
        n = self.name
        for k in ("bin_boundaries", "num_bins", "output_mode", "sparse"):
            if not literal(cfg[k]):
                raise Unsure(k)
        mode, nb, bb = cfg["output_mode"], cfg["num_bins"], cfg["bin_boundaries"]
        if cfg["sparse"] and mode == "int":
            raise LayerError("SL114", f"{n} sparse=True needs output_mode 'one_hot', 'multi_hot' or 'count'; Keras "
                                      f"raises.")
        if mode not in ("int", "one_hot", "multi_hot", "count"):
            raise LayerError("SL114", f"{n} output_mode={mode!r} is not one of 'int', 'one_hot', 'multi_hot', "
                                      f"'count'; Keras raises.")
        if nb is not None and not _int(nb):
            raise Unsure("num_bins")
        if nb is not None and nb < 0:
            raise LayerError("SL114", f"{n} num_bins must be >= 0, got {nb}; Keras raises.")
        if nb is not None and bb is not None:
            raise LayerError("SL114", f"{n} takes num_bins or bin_boundaries, not both; Keras raises. Keep "
                                      f"bin_boundaries to fix the bins, or num_bins to learn them with adapt().")
        if nb is None and bb is None:
            raise LayerError("SL114", f"{n} needs bin_boundaries=[...] or num_bins=n (then adapt()); Keras raises "
                                      f"'You need to set either `num_bins` or `bin_boundaries`'.")

    validate = _safe(_check)

    def output(self, cfg, shape, layer):
        self._check(cfg)
        bb, nb, mode = cfg["bin_boundaries"], cfg["num_bins"], cfg["output_mode"]
        if _adapted(cfg) is not _NOT_ADAPTED and nb is None:
            raise LayerError("SL114", "Discretization was made with bin_boundaries, and Keras raises on its adapt() "
                                      "call ('Cannot adapt a Discretization layer that has been initialized with "
                                      "`bin_boundaries`'). Use num_bins to learn the bins.")
        if mode == "int":
            return tuple(shape)
        if bb is not None:
            if not isinstance(bb, tuple):
                raise Unsure("bin_boundaries")
            depth = len(bb) + 1
        else:
            depth = nb
        shape = tuple(shape)
        if mode == "one_hot":
            if shape and shape[-1] == 1 and len(shape) > 1:
                return shape[:-1] + (depth,)
            return shape + (depth,)
        if len(shape) >= 2:
            return (shape[0],) + shape[2:] + (depth,)
        return (depth,)


@register
class CategoryEncoding(Rule):
    name = "CategoryEncoding"

    def signature(num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs): ...

    VALID = (_I + "x = keras.Input((3,), dtype='int32')\ny = layers.CategoryEncoding(num_tokens=10)(x)\n",
             _I + "x = keras.Input((1,), dtype='int32')\ny = layers.CategoryEncoding(5, output_mode='one_hot')(x)\n")
    INVALID = ((_I + "layer = layers.CategoryEncoding()\n", "SL114"),
               (_I + "layer = layers.CategoryEncoding(0)\n", "SL114"))

    def _check(self, cfg):
        mode, n = cfg["output_mode"], cfg["num_tokens"]
        if not literal(mode) or not literal(n):
            raise Unsure("args")
        mode = "multi_hot" if mode == "binary" else mode
        if mode not in ("count", "one_hot", "multi_hot"):
            raise LayerError("SL114", f"CategoryEncoding output_mode={cfg['output_mode']!r} is not one of 'count', "
                                      f"'one_hot', 'multi_hot'; Keras raises 'Unknown arg for output_mode'.")
        if n is None:
            raise LayerError("SL114", "CategoryEncoding needs num_tokens (the number of categories); Keras raises. "
                                      "If the categories are not known beforehand, use IntegerLookup.")
        if isinstance(n, bool) or not isinstance(n, (int, float)):
            raise Unsure("num_tokens")
        if n < 1:
            raise LayerError("SL114", f"CategoryEncoding num_tokens must be >= 1, got {n}; Keras raises.")
        return mode, n

    validate = _safe(_check)

    def output(self, cfg, shape, layer):
        mode, n = self._check(cfg)
        shape = tuple(shape)
        if len(shape) == 0:
            out = (n,)
        elif mode == "one_hot":
            if shape[-1] != 1 or len(shape) == 1:
                out = shape + (n,)
            else:
                out = shape[:-1] + (n,)
        else:
            out = shape[:-1] + (n,)
        return _dims_ok(self.name, out)


@register
class Hashing(Rule):
    name = "Hashing"

    def signature(num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs): ...

    VALID = (_I + "x = keras.Input((1,), dtype='string')\ny = layers.Hashing(num_bins=8)(x)\n",
             _I + "x = keras.Input((2,), dtype='string')\ny = layers.Hashing(8, output_mode='multi_hot')(x)\n")
    INVALID = ((_I + "layer = layers.Hashing(0)\n", "SL114"),
               (_I + "layer = layers.Hashing(8, salt=(1, 2, 3))\n", "SL114"))

    def _check(self, cfg):
        nb, mode, dtype, salt = cfg["num_bins"], cfg["output_mode"], cfg.get("dtype"), cfg["salt"]
        for v in (nb, mode, salt, cfg["sparse"]):
            if not literal(v):
                raise Unsure("args")
        if nb is None or (isinstance(nb, (int, float)) and nb <= 0):
            raise LayerError("SL114", f"Hashing num_bins must be a positive number of bins, got {nb!r}; Keras raises.")
        if isinstance(nb, bool) or not isinstance(nb, (int, float)):
            raise Unsure("num_bins")
        if mode == "int":
            if dtype is not None and not (isinstance(dtype, str)):
                raise Unsure("dtype")
            if dtype is not None and dtype not in ("int32", "int64"):
                raise LayerError("SL114", f"Hashing with output_mode='int' outputs bin indices, so dtype must be "
                                          f"'int32' or 'int64', got {dtype!r}; Keras raises.")
        if mode not in ("int", "one_hot", "multi_hot", "count"):
            raise LayerError("SL114", f"Hashing output_mode={mode!r} is not one of 'int', 'one_hot', 'multi_hot', "
                                      f"'count'; Keras raises.")
        if cfg["sparse"] and mode == "int":
            raise LayerError("SL114", "Hashing sparse=True needs output_mode 'one_hot', 'multi_hot' or 'count'; Keras "
                                      "raises.")
        if salt is not None and not (isinstance(salt, tuple) and len(salt) == 2 or isinstance(salt, int)):
            raise LayerError("SL114", f"Hashing salt must be an int or a pair of ints, got {salt!r}; Keras raises.")
        return nb, mode

    validate = _safe(_check)

    def output(self, cfg, shape, layer):
        nb, mode = self._check(cfg)
        if mode == "int":
            return tuple(shape)
        shape = tuple(shape)
        return _dims_ok(self.name, (shape[:-1] if shape else ()) + (nb,))


@register
class HashedCrossing(Rule):
    name = "HashedCrossing"
    multi_input = True

    def signature(num_bins, output_mode="int", sparse=False, name=None, dtype=None, **kwargs): ...

    VALID = (_I + "a = keras.Input((1,), dtype='int64')\nb = keras.Input((1,), dtype='string')\n"
                  "y = layers.HashedCrossing(num_bins=16)([a, b])\n",)
    INVALID = ((_I + "a = keras.Input((2,), dtype='int64')\nb = keras.Input((3,), dtype='int64')\n"
                     "y = layers.HashedCrossing(num_bins=16, output_mode='one_hot')([a, b])\n", "SL116"),
               (_I + "layer = layers.HashedCrossing(16, output_mode='multi_hot')\n", "SL114"))

    def _check(self, cfg):
        mode = cfg["output_mode"]
        if not literal(mode):
            raise Unsure("output_mode")
        if mode not in ("int", "one_hot"):
            raise LayerError("SL114", f"HashedCrossing output_mode must be 'int' or 'one_hot', got {mode!r}; Keras "
                                      f"raises.")
        return mode

    validate = _safe(_check)

    def output(self, cfg, shapes, layer):
        mode = self._check(cfg)
        if len(shapes) != 2:
            raise LayerError("SL107", f"HashedCrossing crosses exactly 2 features, but gets a list of {len(shapes)} "
                                      f"tensors; Keras raises 'Expected as input a list/tuple of 2 tensors'. Chain "
                                      f"two HashedCrossing layers to cross more.")
        a, b = tuple(shapes[0]), tuple(shapes[1])
        if not a or not b:
            raise Unsure("rank 0")
        if a[-1] != b[-1] and not (isinstance(a[-1], str) or isinstance(b[-1], str)):
            raise LayerError("SL116", f"HashedCrossing needs two inputs of the same shape, but gets {fmt(a)} and "
                                      f"{fmt(b)}; Keras raises 'Expected the two input tensors to have identical "
                                      f"shapes'. Give both features the same shape, e.g. (batch, 1).")
        if isinstance(a[-1], str) or isinstance(b[-1], str):
            raise Unsure("dim")
        nb = cfg["num_bins"]
        if mode == "int":
            return a
        if not _int(nb):
            raise Unsure("num_bins")
        if a[-1] != 1:
            return a + (nb,)
        return a[:-1] + (nb,)


# =============================================================================================
# Rescaling, Resizing, CenterCrop
# =============================================================================================


@register
class Rescaling(Rule):
    name = "Rescaling"

    def signature(scale, offset=0.0, **kwargs): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\ny = layers.Rescaling(1.0 / 255)(x)\n",
             _I + "x = keras.Input((10,))\ny = layers.Rescaling(scale=2.0, offset=-1.0)(x)\n")

    def output(self, cfg, shape, layer):
        return tuple(shape)

    def why(self, cfg, shape, out, layer):
        return (f"x·{cfg['scale']} + {cfg['offset']}: same shape",)


_RESIZE_INTERP = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _hw(cfg, shape):
    """The height and width axes of an image shape, as Resizing/CenterCrop index them."""
    first = _channels_first(cfg)
    if len(shape) == 4:
        return (2, 3) if first else (1, 2)
    return (1, 2) if first else (0, 1)


@register
class Resizing(_Image):
    name = "Resizing"

    def signature(height, width, interpolation="bilinear", crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                  fill_mode="constant", fill_value=0.0, antialias=False, data_format=None, *, factor=None,
                  bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((64, 48, 3))\ny = layers.Resizing(32, 32, crop_to_aspect_ratio=True)(x)\n",
             _I + "x = keras.Input((3, 64, 48))\ny = layers.Resizing(32, 24, data_format='channels_first')(x)\n")
    INVALID = ((_I + "y = layers.Resizing(32, 32, interpolation='linear')(np.zeros((2, 64, 64, 3)))\n", "SL114"),
               (_I + "y = layers.Resizing(32, 32, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)"
                     "(np.zeros((2, 64, 64, 3)))\n", "SL114"),
               (_I + "y = layers.Resizing(32, 32)(np.zeros((64, 64)))\n", "SL101"))

    def check(self, cfg):
        if cfg.get("factor") is not None:
            raise LayerError("SL114", "Resizing does not take a factor argument; Keras raises.")

    def _runtime(self, cfg):
        """What backend.image.resize rejects each time the layer runs (the symbolic call builds)."""
        interp = cfg["interpolation"]
        if literal(interp) and interp not in _RESIZE_INTERP:
            raise LayerError("SL114", f"Resizing interpolation={interp!r} is not one of "
                                      f"{', '.join(repr(a) for a in _RESIZE_INTERP)}; Keras raises 'Invalid value for "
                                      f"argument `interpolation`' as soon as data flows.")
        if literal(cfg["fill_mode"]) and cfg["fill_mode"] != "constant":
            raise LayerError("SL114", f"Resizing only supports fill_mode='constant', got {cfg['fill_mode']!r}; Keras "
                                      f"raises as soon as data flows.")
        c, p = cfg["crop_to_aspect_ratio"], cfg["pad_to_aspect_ratio"]
        if literal(c) and literal(p) and c and p:
            raise LayerError("SL114", "Resizing takes crop_to_aspect_ratio=True or pad_to_aspect_ratio=True, not "
                                      "both; Keras raises 'Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` "
                                      "can be `True`' as soon as data flows.")
        for arg in ("height", "width"):
            v = cfg[arg]
            if _int(v) and v == 0:
                raise LayerError("SL114", f"Resizing {arg}=0: TensorFlow raises 'output dimensions must be positive' "
                                          f"as soon as data flows. Resize to at least 1 pixel.")

    def output(self, cfg, shape, layer):
        h, w = cfg["height"], cfg["width"]
        _size_dims(self.name, h, w)
        self._runtime(cfg)
        out = list(shape)
        hi, wi = _hw(cfg, shape)
        out[hi], out[wi] = h, w
        return tuple(out)

    def why(self, cfg, shape, out, layer):
        return (f"resizes height and width to {cfg['height']}×{cfg['width']}; channels kept",)


@register
class CenterCrop(_Image):
    name = "CenterCrop"

    def signature(height, width, data_format=None, *, factor=None, bounding_box_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((64, 64, 3))\ny = layers.CenterCrop(32, 32)(x)\n",
             _I + "x = keras.Input((16, 16, 3))\ny = layers.CenterCrop(32, 32)(x)\n")
    INVALID = ((_I + "x = keras.Input((64,))\ny = layers.CenterCrop(32, 32)(x)\n", "SL101"),
               (_I + "x = keras.Input((64, 64, 3))\ny = layers.CenterCrop(-1, 32)(x)\n", "SL114"))

    def check(self, cfg):
        if cfg.get("factor") is not None:
            raise LayerError("SL114", "CenterCrop does not take a factor argument; Keras raises.")

    def output(self, cfg, shape, layer):
        h, w = cfg["height"], cfg["width"]
        _size_dims(self.name, h, w)
        out = list(shape)
        hi, wi = _hw(cfg, shape)
        H, W = shape[hi], shape[wi]
        if (h == 0 or w == 0) and known(H) and known(W) and (H < h or W < w):
            raise LayerError("SL114", f"CenterCrop({h}, {w}) is larger than its input {fmt(tuple(shape))} on one side, "
                                      f"so Keras resizes instead of cropping, and a target size of 0 divides by zero "
                                      f"(ZeroDivisionError) as soon as data flows. Give a crop of at least 1 pixel.")
        out[hi], out[wi] = h, w
        return tuple(out)

    def why(self, cfg, shape, out, layer):
        return (f"crops the centre {cfg['height']}×{cfg['width']} (a smaller image is resized up); channels kept",)


# =============================================================================================
# audio: MelSpectrogram, STFTSpectrogram
# =============================================================================================


@register
class MelSpectrogram(Rule):
    name = "MelSpectrogram"

    def signature(fft_length=2048, sequence_stride=512, sequence_length=None, window="hann", sampling_rate=16000,
                  num_mel_bins=128, min_freq=20.0, max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0,
                  min_power=1e-10, ref_power=1.0, **kwargs): ...

    VALID = (_I + "x = keras.Input((16000,))\ny = layers.MelSpectrogram(num_mel_bins=64)(x)\n",)
    INVALID = ((_I + "layer = layers.MelSpectrogram(fft_length=256, sequence_length=512)\n", "SL114"),)

    def _check(self, cfg):
        fft, sl = cfg["fft_length"], cfg["sequence_length"]
        if not literal(fft) or not literal(sl):
            raise Unsure("lengths")
        seq = sl or fft
        if isinstance(fft, (int, float)) and isinstance(seq, (int, float)) and fft < seq:
            raise LayerError("SL114", f"MelSpectrogram fft_length={fft} is shorter than sequence_length={seq}; Keras "
                                      f"raises '`fft_length` must be greater than or equal to `sequence_length`'.")

    validate = _safe(_check)

    def output(self, cfg, shape, layer):
        stride, bins = cfg["sequence_stride"], cfg["num_mel_bins"]
        if not _int(stride) or not _int(bins) or stride == 0:
            raise Unsure("ints")

        def frames(n):
            if n is None:
                return None
            if not known(n):
                raise Unsure("length")
            return (n + stride + 1) // stride

        if len(shape) == 1:
            return (bins, frames(shape[0]))
        return (shape[0], bins, frames(shape[1]))

    def why(self, cfg, shape, out, layer):
        return (f"{cfg['num_mel_bins']} mel bins × frames of stride {cfg['sequence_stride']}",)


_STFT_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


@register
class STFTSpectrogram(Rule):
    name = "STFTSpectrogram"
    ndim = 3
    expects = "(batch, time, channels)"

    def signature(mode="log", frame_length=256, frame_step=None, fft_length=None, window="hann", periodic=False,
                  scaling="density", padding="valid", expand_dims=False, data_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((1000, 1))\ny = layers.STFTSpectrogram(frame_length=64, window=None)(x)\n",)
    INVALID = ((_I + "layer = layers.STFTSpectrogram(frame_length=64, frame_step=128, window=None)\n", "SL114"),
               (_I + "x = keras.Input((1000,))\ny = layers.STFTSpectrogram(frame_length=64, window=None)(x)\n", "SL101"))

    def _check(self, cfg):
        fl, fs, fft = cfg["frame_length"], cfg["frame_step"], cfg["fft_length"]
        for v in (fl, fs, fft, cfg["mode"], cfg["scaling"], cfg["padding"]):
            if not literal(v):
                raise Unsure("args")
        if fs is not None and isinstance(fs, (int, float)) and isinstance(fl, (int, float)) and (fs > fl or fs < 1):
            raise LayerError("SL114", f"STFTSpectrogram frame_step must be a positive int not greater than "
                                      f"frame_length={fl}, got {fs}; Keras raises.")
        if fft is not None and isinstance(fft, (int, float)) and isinstance(fl, (int, float)) and fft < fl:
            raise LayerError("SL114", f"STFTSpectrogram fft_length={fft} is shorter than frame_length={fl}; Keras "
                                      f"raises '`fft_length` should be not less than `frame_length`'.")
        if cfg["mode"] not in _STFT_MODES:
            raise LayerError("SL114", f"STFTSpectrogram mode={cfg['mode']!r} is not one of "
                                      f"{', '.join(_STFT_MODES)}; Keras raises.")
        if cfg["scaling"] is not None and cfg["scaling"] not in ("density", "spectrum"):
            raise LayerError("SL114", f"STFTSpectrogram scaling must be None, 'density' or 'spectrum', got "
                                      f"{cfg['scaling']!r}; Keras raises.")
        if cfg["padding"] not in ("valid", "same"):
            raise LayerError("SL114", f"STFTSpectrogram padding must be 'valid' or 'same', got {cfg['padding']!r}; "
                                      f"Keras raises.")
        check_data_format(cfg, self.name)

    validate = _safe(_check)

    def _sizes(self, cfg):
        fl, fs, fft = cfg["frame_length"], cfg["frame_step"], cfg["fft_length"]
        if not _int(fl) or (fs is not None and not _int(fs)) or (fft is not None and not _int(fft)) or fl < 1:
            raise Unsure("sizes")
        step = fs or fl // 2
        n_fft = fft or 2 ** math.ceil(math.log2(fl))
        return fl, step, n_fft

    def output(self, cfg, shape, layer):
        self._check(cfg)
        fl, step, n_fft = self._sizes(cfg)
        if step < 1:
            raise Unsure("step")
        first = _channels_first(cfg)
        ch = shape[1] if first else shape[-1]
        length = shape[2] if first else shape[1]
        freq = n_fft // 2 + 1
        if cfg["mode"] == "stft":
            freq *= 2
        if ch is None:
            raise LayerError("SL114", f"STFTSpectrogram needs a known channel count, but its input {fmt(shape)} has "
                                      f"None channels; Keras raises (TypeError) while computing the output shape. "
                                      f"Give the input a fixed channel axis, e.g. keras.Input((time, 1)).")
        if not known(ch):
            raise Unsure("channels")
        if length is None:
            t = None
        elif not known(length):
            raise Unsure("length")
        elif cfg["padding"] == "valid":
            t = math.floor((length - (fl - 1) - 1) / step) + 1
            if t <= 0:
                raise LayerError("SL112", f"STFTSpectrogram frames of frame_length={fl} do not fit in its input's "
                                          f"{length} time steps {fmt(shape)}; Keras raises 'Computed output size would "
                                          f"be zero or negative'. Use a shorter frame_length, padding='same', or a "
                                          f"longer signal.")
        else:
            t = math.floor((length - 1) / step) + 1
        if cfg["expand_dims"] is True:
            return (shape[0], ch, t, freq) if first else (shape[0], t, freq, ch)
        if cfg["expand_dims"] not in (False, None, 0):
            raise Unsure("expand_dims")
        return (shape[0], freq * ch, t) if first else (shape[0], t, freq * ch)

    def params(self, cfg, shape, layer):
        fl, _, n_fft = self._sizes(cfg)
        kernels = 1 if cfg["mode"] in ("real", "imag") else 2
        return kernels * fl * (n_fft // 2 + 1)

    def why(self, cfg, shape, out, layer):
        fl, step, n_fft = self._sizes(cfg)
        return (f"frames of {fl} every {step} steps, {n_fft // 2 + 1} frequency bins (fft_length {n_fft})",)


# =============================================================================================
# Pipeline
# =============================================================================================

# How a layer behaves inside Pipeline.call, which Keras traces as a TensorFlow graph (the inner
# layers run their real ``call`` with training=True, not ``compute_output_shape``): the image
# layers that keep their static shape even where a dim is None, and those that need known sizes.
_PIPE_KEEP = {"RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness",
              "RandomShear", "RandomSharpness", "RandomPosterization", "RandomInvert", "RandomGaussianBlur",
              "AutoContrast", "MixUp", "Solarization", "MaxNumBoundingBoxes", "Equalization", "RandomColorJitter"}
_PIPE_NEED_HW = {"RandomPerspective", "RandomElasticTransform", "RandomErasing", "CutMix",
                 "ContrastLimitedAdaptiveHistogramEqualization", "RandomCrop"}
_PIPE_RGB = {"RandomHue": (3,), "RandomSaturation": (3,), "RandomColorDegeneration": (3,), "RandAugment": (3,),
             "AugMix": (1, 3), "RandomGrayscale": (1, 3)}
_PIPE_OTHER = {"Dense", "Rescaling"}  # not image layers: their own rule


@register
class Pipeline(Rule):
    """Its layers applied in order.  Keras traces ``call`` as a TensorFlow graph, so the inner
    layers run for real (training=True): the output is what that graph infers, which is each
    layer's ``compute_output_shape`` when the image sizes are known; a None height or width
    stays None through the layers that keep the shape, becomes None in CenterCrop, and makes
    the layers that need sizes Unknown.  The parameter count is the inner layers'.  A layer
    that ``adapt()`` may have taught (the engine keeps that per layer, not here) or any other
    layer makes the result Unknown."""

    name = "Pipeline"

    def signature(layers, name=None): ...

    VALID = (_I + "x = keras.Input((32, 32, 3))\n"
                  "y = layers.Pipeline([layers.RandomFlip(), layers.RandomRotation(0.1), layers.Rescaling(1 / 255)])(x)\n",)
    INVALID = ((_I + "x = keras.Input((64,))\ny = layers.Pipeline([layers.CenterCrop(32, 32)])(x)\n", "SL101"),)

    def _inner(self, cfg):
        items = cfg["layers"]
        if not isinstance(items, tuple) or not all(_is_layer(x) and x.rule is not None for x in items):
            raise Unsure("layers")
        return items

    def _run(self, cfg, shape):
        items = self._inner(cfg)
        shape = tuple(shape)
        allowed = _PIPE_KEEP | _PIPE_NEED_HW | set(_PIPE_RGB) | _PIPE_OTHER | {"Resizing", "CenterCrop"}
        if any(lay.rule.name not in allowed for lay in items):
            raise Unsure("inner layer")
        for lay in items:  # all of them keep the rank: each checks it, whatever the sizes
            err = lay.rule.check_rank(shape)
            if err:
                raise LayerError("SL101", f"Pipeline runs {lay.rule.name} on {fmt(shape)}: {err}; {lay.rule.name} "
                                          f"needs {lay.rule.expected_rank_text()}.")
        total = 0
        for lay in items:
            rule = lay.rule
            n = rule.name
            if n in _PIPE_OTHER:
                out = rule.output(lay.cfg, shape, lay)
                p = rule.params(lay.cfg, shape, lay)
                if not isinstance(out, tuple) or p is None:
                    raise Unsure("inner")
                total += p
                shape = out
                continue
            first = _channels_first(lay.cfg)
            hi, wi = _hw(lay.cfg, shape)
            ci = (len(shape) - 3) if first else len(shape) - 1
            h, w, c = shape[hi], shape[wi], shape[ci]
            # a 3-D image's height is the batch axis of keras.Input: None unless batch_size is set
            hw_known = known(h) and known(w)
            if n in _PIPE_NEED_HW and not hw_known:
                raise Unsure("sizes")
            if n in _PIPE_RGB:
                if not known(c):
                    raise Unsure("channels")
                if c not in _PIPE_RGB[n]:
                    raise Unsure("channels")  # Keras raises here (training=True); not modelled
            if n == "CenterCrop" and not hw_known:
                # a side known to be smaller than the crop: Keras resizes (static crop size);
                # else it slices at a start it cannot know: height and width become None
                ch, cw = lay.cfg["height"], lay.cfg["width"]
                if not (_int(ch) and _int(cw)):
                    raise Unsure("crop")
                resize = (known(h) and h < ch) or (known(w) and w < cw)
                out = list(shape)
                out[hi], out[wi] = (ch, cw) if resize else (None, None)
                shape = tuple(out)
                continue
            out = rule.output(lay.cfg, shape, lay)
            if not isinstance(out, tuple):
                raise Unsure("output")
            shape = out
        return shape, total

    def output(self, cfg, shape, layer):
        return self._run(cfg, shape)[0]

    def params(self, cfg, shape, layer):
        return self._run(cfg, shape)[1]
