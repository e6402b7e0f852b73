"""Oracle generators for the preprocessing layers: text (TextVectorization, StringLookup,
IntegerLookup: literal vocabularies and ``adapt()`` on literal data), Normalization (axis,
mean/variance, ``adapt()`` on arrays: the feature count it is called on may differ, which fails
when data flows, so those cases run forward), the encoders (Discretization, CategoryEncoding,
Hashing, HashedCrossing), the image layers that are not random (Rescaling, Resizing, CenterCrop:
run forward, as their argument errors surface when data flows), the spectrograms and Pipeline.
Arguments by position and by keyword, invalid ones on purpose, input ranks 1-5 with None dims,
string/int/float inputs."""

from __future__ import annotations

from cases import (
    SMALL,
    Case,
    Raw,
    ctor,
    generator,
    input_line,
    input_spec,
    maybe_positional,
    r,
    single,
    style,
)
from hypothesis import strategies as st

WORDS = ["the", "cat", "sat", "on", "mat", "dog", "ran", "a", "b", "c"]


@st.composite
def sentence(draw):
    n = draw(st.integers(1, 5))
    words = [draw(st.sampled_from(WORDS)) for _ in range(n)]
    text = " ".join(words)
    if draw(st.floats(0, 1)) < 0.2:
        text = text.capitalize() + draw(st.sampled_from(["!", ".", ", ok", "?"]))
    return text


@st.composite
def text_shape(draw):
    """A string input: (batch,), (batch, 1), (batch, k) or a higher rank now and then."""
    how = draw(st.sampled_from(["()", "(1,)", "(1,)", "(k,)", "other"]))
    if how == "()":
        return ()
    if how == "(1,)":
        return (1,)
    if how == "(k,)":
        return (draw(st.sampled_from([2, 3, 5])),)
    return draw(st.sampled_from([(None,), (2, 1), (3, 2), (1, 1, 2)]))


@generator("TextVectorization")
@st.composite
def gen_TextVectorization(draw):
    imp, lp, kp = draw(style())
    kw = {}
    mode = draw(st.sampled_from(["int", "int", "multi_hot", "count", "tf_idf", "one_hot", "binary", None, "bogus"]))
    if mode is not None:
        kw["output_mode"] = mode
    m = {"binary": "multi_hot"}.get(mode, mode or "int")
    if draw(st.floats(0, 1)) < 0.5:
        kw["max_tokens"] = draw(st.sampled_from([5, 10, 20, 100, 3]) if draw(st.floats(0, 1)) < 0.93
                                else st.sampled_from([1, 0]))
    if (m == "int" and draw(st.floats(0, 1)) < 0.6) or draw(st.floats(0, 1)) < 0.05:
        kw["output_sequence_length"] = draw(st.sampled_from([4, 8, 16, 1]))
    if draw(st.floats(0, 1)) < 0.25:
        kw["split"] = draw(st.sampled_from([None, "whitespace", "character", "comma"]))
    if draw(st.floats(0, 1)) < 0.2:
        kw["standardize"] = draw(st.sampled_from([None, "lower", "strip_punctuation", "lower_and_strip_punctuation",
                                                  "upper"]))
    if draw(st.floats(0, 1)) < 0.25:
        kw["ngrams"] = draw(st.sampled_from([2, 3, (1, 2), (2,), 0.5]))
    if "max_tokens" in kw and draw(st.floats(0, 1)) < 0.25 or draw(st.floats(0, 1)) < 0.03:
        kw["pad_to_max_tokens"] = True
    source = draw(st.sampled_from(["none", "vocab", "adapt", "adapt"]))
    if source == "vocab":
        vocab = list(dict.fromkeys(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))))
        if draw(st.floats(0, 1)) < 0.1:
            vocab.append(vocab[0])  # repeated
        if draw(st.floats(0, 1)) < 0.15:
            vocab = (["", "[UNK]"] if m == "int" else ["[UNK]"]) + vocab
        kw["vocabulary"] = vocab
        if m == "tf_idf" and draw(st.floats(0, 1)) < 0.8:
            kw["idf_weights"] = [1.0] * (len(vocab) if draw(st.floats(0, 1)) < 0.9 else len(vocab) + 1)
    pos, kw = draw(maybe_positional(["max_tokens", "standardize", "split", "ngrams", "output_mode"], kw))
    layer = ctor(lp, "TextVectorization", pos, kw)
    shape = draw(text_shape())
    batch = 2 if draw(st.floats(0, 1)) < 0.1 else None
    dtype = "string" if draw(st.floats(0, 1)) < 0.9 else draw(st.sampled_from(["float32", "int32"]))
    src = imp + f"vec = {layer}\n"
    mode_ = "snippet"
    if source == "adapt":
        data = draw(st.lists(sentence(), min_size=1, max_size=5))
        if draw(st.floats(0, 1)) < 0.15:
            data = [[d] for d in data]
        src += f"vec.adapt({r(data)})\n"
        mode_ = "script"
    src += input_line(kp, "x", shape, batch, dtype) + "y = vec(x)\n"
    return Case("TextVectorization", src, "TextVectorization", frozenset({"TextVectorization"}), mode=mode_)


@generator("StringLookup", "IntegerLookup")
@st.composite
def gen_Lookup(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(["StringLookup", "IntegerLookup"]))
    strings = cls == "StringLookup"
    tokens = ["a", "b", "c", "d", "e"] if strings else [3, 7, 12, 36, 1138]
    kw = {}
    mode = draw(st.sampled_from(["int", "int", "one_hot", "multi_hot", "count", "tf_idf", "binary", None, "bogus"]))
    if mode is not None:
        kw["output_mode"] = mode
    m = {"binary": "multi_hot"}.get(mode, mode or "int")
    if draw(st.floats(0, 1)) < 0.4:
        kw["max_tokens"] = draw(st.sampled_from([3, 4, 6, 10]) if draw(st.floats(0, 1)) < 0.9 else st.sampled_from([1, 0]))
    if draw(st.floats(0, 1)) < 0.3:
        kw["num_oov_indices"] = draw(st.sampled_from([0, 1, 2, -1]))
    if draw(st.floats(0, 1)) < 0.3:
        kw["mask_token"] = "" if strings else 0
    if draw(st.floats(0, 1)) < 0.1:
        kw["invert"] = True
    if "max_tokens" in kw and draw(st.floats(0, 1)) < 0.3 or draw(st.floats(0, 1)) < 0.03:
        kw["pad_to_max_tokens"] = True
    if draw(st.floats(0, 1)) < 0.05:
        kw["sparse"] = True
    source = draw(st.sampled_from(["none", "vocab", "vocab", "adapt", "adapt"]))
    if source == "vocab":
        vocab = list(dict.fromkeys(draw(st.lists(st.sampled_from(tokens), min_size=1, max_size=5))))
        if draw(st.floats(0, 1)) < 0.1:
            vocab.append(vocab[-1])
        if draw(st.floats(0, 1)) < 0.1 and "mask_token" in kw:
            vocab.append(kw["mask_token"])
        if draw(st.floats(0, 1)) < 0.05:
            vocab = []
        kw["vocabulary"] = vocab
        if m == "tf_idf" and draw(st.floats(0, 1)) < 0.8:
            kw["idf_weights"] = [0.5] * max(1, len(vocab))
    names = ["max_tokens", "num_oov_indices", "mask_token", "oov_token", "vocabulary"]
    pos, kw = draw(maybe_positional(names, kw))
    layer = ctor(lp, cls, pos, kw)
    shape, batch = draw(input_spec(ranks=(2, 3), other_p=0.25, none_p=0.15, choices=[1, 1, 2, 3]))
    dtype = "string" if strings else "int64"
    src = imp + f"lookup = {layer}\n"
    mode_ = "snippet"
    if source == "adapt":
        data = [draw(st.sampled_from(tokens)) for _ in range(draw(st.integers(1, 8)))]
        if draw(st.floats(0, 1)) < 0.2:
            data = [[d] for d in data]
        src += f"lookup.adapt({r(data)})\n"
        mode_ = "script"
    src += input_line(kp, "x", shape, batch, dtype) + "y = lookup(x)\n"
    return Case("Lookup", src, cls, frozenset({cls}), mode=mode_)


@generator("Normalization")
@st.composite
def gen_Normalization(draw):
    imp, lp, kp = draw(style())
    how = draw(st.sampled_from(["plain", "adapt", "adapt", "mean"]))
    kw = {}
    if draw(st.floats(0, 1)) < 0.3:
        kw["axis"] = draw(st.sampled_from([-1, 1, 2, (1, 2), None, -2, 3]))
    if how == "plain":
        shape, batch = draw(input_spec(ranks=(2, 3), other_p=0.2, none_p=0.12, choices=SMALL))
        pos, kw = draw(maybe_positional(["axis"], kw))
        return single("Normalization", imp, kp, shape, batch, ctor(lp, "Normalization", pos, kw), "Normalization",
                      forward=True)
    if how == "mean":
        f = draw(st.sampled_from([1, 2, 3]))
        mean = draw(st.sampled_from([0.5, [0.5] * f, [[0.5] * f]]))
        var = mean if draw(st.floats(0, 1)) < 0.85 else draw(st.sampled_from([1.0, [1.0] * (f + 1), None]))
        kw["mean"], kw["variance"] = mean, var
        if var is None:
            del kw["variance"]
        shape, batch = draw(input_spec(ranks=(2, 3), other_p=0.15, none_p=0.1, choices=[1, 2, 3]))
        pos, kw = draw(maybe_positional(["axis", "mean", "variance"], kw))
        return single("Normalization", imp, kp, shape, batch, ctor(lp, "Normalization", pos, kw), "Normalization",
                      forward=True)
    # adapt on an array, then a call on an input that may have another feature count
    data_shape = draw(st.sampled_from([(10, 3), (10, 4), (8, 2, 3), (6,), (5, 1)]))
    data_src = draw(st.sampled_from([f"np.random.rand{r(data_shape)}", f"np.zeros({r(data_shape)})",
                                     f"np.ones({r(data_shape)}, dtype='float32')"]))
    if draw(st.floats(0, 1)) < 0.1:
        data_src = f"[{data_src}]"  # a list of batches
    if draw(st.floats(0, 1)) < 0.05:
        data_src = "[[1.0, 2.0], [3.0, 4.0]]"  # a Python list: Keras wants arrays
    feat = data_shape[-1]
    ax = kw.get("axis", -1)
    axes = () if ax is None else (ax,) if isinstance(ax, int) else ax
    if any(a % len(data_shape) == 0 for a in axes if -len(data_shape) <= a < len(data_shape)):
        kw["axis"] = -1  # statistics per batch position: they fit only a batch of that exact size (not known)
    shape = draw(st.sampled_from([(feat,), (feat,), (feat + 1,), (1,), (2, feat), (3,), (4,), (2, 3)]))
    pos, kw = draw(maybe_positional(["axis"], kw))
    src = (imp + "import numpy as np\n" + f"norm = {ctor(lp, 'Normalization', pos, kw)}\n" + f"norm.adapt({data_src})\n"
           + input_line(kp, "x", shape) + "y = norm(x)\n")
    return Case("Normalization", src, "Normalization", frozenset({"Normalization"}), mode="script", forward=True)


@generator("Discretization", "CategoryEncoding", "Hashing", "HashedCrossing")
@st.composite
def gen_Encoding(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(["Discretization", "CategoryEncoding", "Hashing", "HashedCrossing"]))
    if cls == "HashedCrossing":
        kw = {"num_bins": draw(st.sampled_from([4, 16, 100]))}
        if draw(st.booleans()):
            kw["output_mode"] = draw(st.sampled_from(["int", "one_hot", "one_hot", "multi_hot"]))
        pos, kw = draw(maybe_positional(["num_bins", "output_mode"], kw))
        a = draw(st.sampled_from([(), (1,), (1,), (2,), (2, 3)]))
        b = a if draw(st.floats(0, 1)) < 0.8 else draw(st.sampled_from([(), (1,), (3,), (2, 3)]))
        n = 2 if draw(st.floats(0, 1)) < 0.9 else draw(st.sampled_from([1, 3]))
        src = imp + input_line(kp, "a", a, dtype="int64") + input_line(kp, "b", b, dtype="string")
        names = ["a", "b", "a"][:n]
        src += f"y = {ctor(lp, cls, pos, kw)}([{', '.join(names)}])\n"
        return Case("Encoding", src, cls, frozenset({cls}))
    shape, batch = draw(input_spec(ranks=(1, 2, 3), other_p=0.2, none_p=0.12, choices=[1, 1, 2, 3, 4]))
    if cls == "Discretization":
        kw = {}
        how = draw(st.sampled_from(["bb", "bb", "nb", "both", "none", "adapt"]))
        if how in ("bb", "both"):
            kw["bin_boundaries"] = draw(st.sampled_from([[0.0], [0.0, 1.0], [-1.0, 0.0, 1.0, 2.0]]))
        if how in ("nb", "both", "adapt"):
            kw["num_bins"] = draw(st.sampled_from([1, 2, 4, -1]) if draw(st.floats(0, 1)) < 0.95 else st.just(-1))
        if draw(st.floats(0, 1)) < 0.7:
            kw["output_mode"] = draw(st.sampled_from(["int", "one_hot", "multi_hot", "count", "binary"]))
        if draw(st.floats(0, 1)) < 0.05:
            kw["sparse"] = True
        pos, kw = draw(maybe_positional(["bin_boundaries", "num_bins", "epsilon", "output_mode"], kw))
        layer = ctor(lp, cls, pos, kw)
        if how == "adapt" and kw.get("num_bins", 1) is not None and kw.get("num_bins", 1) >= 1:
            src = (imp + "import numpy as np\n" + f"disc = {layer}\n" + "disc.adapt(np.arange(20.0))\n"
                   + input_line(kp, "x", shape, batch) + "y = disc(x)\n")
            return Case("Encoding", src, cls, frozenset({cls}), mode="script")
        return single("Encoding", imp, kp, shape, batch, layer, cls)
    if cls == "CategoryEncoding":
        kw = {}
        if draw(st.floats(0, 1)) < 0.95:
            kw["num_tokens"] = draw(st.sampled_from([1, 3, 10]) if draw(st.floats(0, 1)) < 0.9 else st.sampled_from([0, -2]))
        if draw(st.floats(0, 1)) < 0.7:
            kw["output_mode"] = draw(st.sampled_from(["multi_hot", "one_hot", "count", "binary", "bogus"]))
        pos, kw = draw(maybe_positional(["num_tokens", "output_mode"], kw))
        return single("Encoding", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, dtype="int32")
    kw = {"num_bins": draw(st.sampled_from([2, 8, 32]) if draw(st.floats(0, 1)) < 0.93 else st.sampled_from([0, -1]))}
    if draw(st.floats(0, 1)) < 0.6:
        kw["output_mode"] = draw(st.sampled_from(["int", "one_hot", "multi_hot", "count", "bogus"]))
    if draw(st.floats(0, 1)) < 0.15:
        kw["salt"] = draw(st.sampled_from([7, (1, 2), (1, 2, 3)]))
    if draw(st.floats(0, 1)) < 0.15:
        kw["mask_value"] = "" if draw(st.booleans()) else None
    if draw(st.floats(0, 1)) < 0.08:
        kw["dtype"] = draw(st.sampled_from(["int32", "float32"]))
    pos, kw = draw(maybe_positional(["num_bins", "mask_value", "salt", "output_mode"], kw))
    return single("Encoding", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, dtype="string")


@generator("Rescaling", "Resizing", "CenterCrop")
@st.composite
def gen_ImagePreprocessing(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(["Rescaling", "Resizing", "Resizing", "CenterCrop", "CenterCrop"]))
    if cls == "Rescaling":
        shape, batch = draw(input_spec(ranks=(2, 3, 4), other_p=0.2, none_p=0.1, choices=SMALL))
        kw = {"scale": draw(st.sampled_from([1 / 255.0, 2.0, 1]))}
        if draw(st.booleans()):
            kw["offset"] = draw(st.sampled_from([0.0, -1.0]))
        pos, kw = draw(maybe_positional(["scale", "offset"], kw))
        return single("ImagePreprocessing", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, forward=True)
    shape, batch = draw(input_spec(ranks=(4, 3), other_p=0.2, none_p=0.1, choices=[1, 2, 3, 4, 6, 8]))
    sized = None not in shape and (len(shape) != 2 or batch is not None)
    kw = {"height": draw(st.sampled_from([1, 2, 4, 5, 8]) if draw(st.floats(0, 1)) < 0.93 or not sized
                         else st.sampled_from([0, -1])),
          "width": draw(st.sampled_from([1, 3, 4, 8]))}
    if draw(st.floats(0, 1)) < 0.25:
        kw["data_format"] = draw(st.sampled_from(["channels_first", "channels_last", "CHANNELS_LAST", "nhwc"]))
    if cls == "Resizing":
        if draw(st.floats(0, 1)) < 0.25:
            kw["interpolation"] = draw(st.sampled_from(["nearest", "bicubic", "area", "linear"]))
        if draw(st.floats(0, 1)) < 0.2:
            kw["crop_to_aspect_ratio"] = True
        if draw(st.floats(0, 1)) < 0.2:
            kw["pad_to_aspect_ratio"] = True
        if draw(st.floats(0, 1)) < 0.05:
            kw["fill_mode"] = "reflect"
        names = ["height", "width", "interpolation", "crop_to_aspect_ratio"]
    else:
        names = ["height", "width", "data_format"]
    pos, kw = draw(maybe_positional(names, kw))
    return single("ImagePreprocessing", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls, forward=True)


@generator("MelSpectrogram", "STFTSpectrogram")
@st.composite
def gen_Spectrogram(draw):
    imp, lp, kp = draw(style())
    cls = draw(st.sampled_from(["MelSpectrogram", "STFTSpectrogram"]))
    if cls == "MelSpectrogram":
        shape, batch = draw(input_spec(ranks=(2,), other_p=0.25, none_p=0.15, choices=[64, 100, 256, 1000]))
        kw = {}
        if draw(st.floats(0, 1)) < 0.7:
            kw["fft_length"] = draw(st.sampled_from([64, 128, 256]))
        if draw(st.floats(0, 1)) < 0.7:
            kw["sequence_stride"] = draw(st.sampled_from([16, 32, 64]))
        if draw(st.floats(0, 1)) < 0.3:
            kw["sequence_length"] = draw(st.sampled_from([32, 64, 512]))
        if draw(st.floats(0, 1)) < 0.5:
            kw["num_mel_bins"] = draw(st.sampled_from([16, 40, 64]))
        pos, kw = draw(maybe_positional(["fft_length", "sequence_stride", "sequence_length"], kw))
        return single("Spectrogram", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls)
    shape, batch = draw(input_spec(ranks=(3,), other_p=0.2, none_p=0.1, choices=[1, 2, 50, 100, 300]))
    kw = {"window": None}
    if draw(st.floats(0, 1)) < 0.6:
        kw["frame_length"] = draw(st.sampled_from([16, 32, 64]))
    if draw(st.floats(0, 1)) < 0.4:
        kw["frame_step"] = draw(st.sampled_from([8, 16, 0, 100]) if draw(st.floats(0, 1)) < 0.9 else st.just(0))
    if draw(st.floats(0, 1)) < 0.3:
        kw["fft_length"] = draw(st.sampled_from([64, 128, 8]))
    if draw(st.floats(0, 1)) < 0.5:
        kw["mode"] = draw(st.sampled_from(["log", "magnitude", "psd", "real", "imag", "angle", "stft", "bogus"]))
    if draw(st.floats(0, 1)) < 0.3:
        kw["padding"] = draw(st.sampled_from(["valid", "same", "causal"]))
    if draw(st.floats(0, 1)) < 0.3:
        kw["expand_dims"] = True
    if draw(st.floats(0, 1)) < 0.2:
        kw["data_format"] = "channels_first"
    if draw(st.floats(0, 1)) < 0.1:
        kw["scaling"] = draw(st.sampled_from([None, "spectrum", "bogus"]))
    pos, kw = draw(maybe_positional(["mode", "frame_length", "frame_step", "fft_length"], kw))
    return single("Spectrogram", imp, kp, shape, batch, ctor(lp, cls, pos, kw), cls)


PIPE_ITEMS = [("RandomFlip", [], {}), ("RandomRotation", [0.1], {}), ("Rescaling", [1 / 255.0], {}),
              ("CenterCrop", [2, 2], {}), ("Resizing", [3, 4], {}), ("RandomCrop", [2, 3], {}),
              ("RandomContrast", [0.2], {}), ("Dense", [4], {}), ("RandomZoom", [0.1], {})]


@generator("Pipeline")
@st.composite
def gen_Pipeline(draw):
    imp, lp, kp = draw(style())
    n = draw(st.integers(1, 3))
    items = [draw(st.sampled_from(PIPE_ITEMS)) for _ in range(n)]
    crop = any(c == "RandomCrop" for c, _, _ in items)
    shape, batch = draw(input_spec(ranks=(4, 3), other_p=0.2, none_p=0.0 if crop else 0.15, choices=[2, 3, 4, 5, 6]))
    if crop and len(shape) == 2 and batch is None:
        batch = 2  # a 3-D single image: its height is the batch axis, and RandomCrop needs it known
    covers = {"Pipeline"} | {c for c, _, _ in items}
    inner = "[" + ", ".join(ctor(lp, c, p, k) for c, p, k in items) + "]"
    pos, kw = draw(maybe_positional(["layers"], {"layers": Raw(inner)}))
    return single("Pipeline", imp, kp, shape, batch, ctor(lp, "Pipeline", pos, kw), "Pipeline", covers, forward=True)
