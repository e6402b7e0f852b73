"""The lookup layers: StringLookup, IntegerLookup, and the vocabulary state they share with
TextVectorization's StringLookup.

* The lookup layers (StringLookup, IntegerLookup and the StringLookup inside TextVectorization)
  output the input shape in ``output_mode='int'``; otherwise the last axis becomes the
  vocabulary size (``max_tokens`` with ``pad_to_max_tokens=True``, else the size frozen when a
  vocabulary was set or ``adapt()`` ran; None before).  ``one_hot`` replaces a last axis of 1
  and appends otherwise.  The vocabulary is computed exactly from a literal list or from
  ``adapt()`` on literal data (TextVectorization: lower-casing, punctuation, whitespace or
  character split, n-grams), so ``vocabulary_size()`` and ``get_vocabulary()`` are answered too.
"""

from __future__ import annotations

from ..base import LayerError, Rule, Unsure, register
from ..spatial import literal
from .common import _I, _NOT_ADAPTED, _adapted, _int, _is_list

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
