"""Record what shapelens needs to know about ``keras.applications`` (a development script: it
imports Keras; the product only reads the JSON file it writes).

    .venv/bin/python scripts/record_applications.py            # all applications (~30 min)
    .venv/bin/python scripts/record_applications.py ResNet50   # only these (merged into the file)

For every application function Keras exports it writes to
``server/shapelens/engine/keras/applications.json``:

* ``sig``: its parameters and defaults, ``modules``: the submodules that export it, ``family``:
  which argument checks of Keras' source apply (engine/keras/applications.py repeats them),
  ``name``: the model's default name, ``default_size``/``min_size``;
* ``chain``: the spatial reductions from the input to the feature map, one list of operations
  applied to each spatial axis (``["v", k, s]`` a 'valid' convolution or pooling,
  ``["s", s]`` a 'same' one with stride s>1, ``["p", a, b]`` zero padding, ``["c", k2]``
  ``imagenet_utils.correct_pad`` (pads k2-1 or k2 before, by the parity of the size, k2 after),
  ``["x", a, b]`` cropping).  It is derived by walking the built Keras graph (every operation,
  nested models included), and checked two ways: at every merge (Add, Concatenate, Multiply...)
  the chains of all inputs give the same size for every input size from the minimum to 1,024
  (so the graph accepts all of them), and Keras' own output shapes at a few probe sizes (odd,
  even, non-square, the minimum, None) are the chain's;
* per variant (the arguments that change the weights: MobileNet's alpha, ...): ``ch`` the
  feature channels, ``p``/``nt`` the total/non-trainable weight count for C input channels as
  ``[a, b]`` = a + b*C (measured at C = 1, 3 and checked at C = 2, 4), ``p_none`` the same when
  the spatial size is None (NASNet builds other layers then), ``top`` the classifier's count
  ``[t0, tk, thw]`` = t0 + tk*classes + thw*h*w (h, w: the feature map's size; thw only for
  VGG's Flatten), measured at two class counts and two sizes.

Nothing is fitted: every formula is checked against builds it was not derived from, and the
script stops on any disagreement.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["CUDA_VISIBLE_DEVICES"] = ""
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import warnings

warnings.filterwarnings("ignore")

import keras

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "server" / "shapelens" / "engine" / "keras" / "applications.json"

# function -> (family, min_size).  The families are the argument checks in Keras' source:
# "standard" = imagenet_utils.obtain_input_shape with a fixed default size (VGG, ResNet,
# DenseNet, Inception, Xception, EfficientNet(V2), ConvNeXt, NASNet with their extras),
# "mobilenet", "mobilenet_v2", "mobilenet_v3" their own code.
APPS = {
    "VGG16": ("standard", 32), "VGG19": ("standard", 32),
    "ResNet50": ("standard", 32), "ResNet101": ("standard", 32), "ResNet152": ("standard", 32),
    "ResNet50V2": ("standard", 32), "ResNet101V2": ("standard", 32), "ResNet152V2": ("standard", 32),
    "DenseNet121": ("densenet", 32), "DenseNet169": ("densenet", 32), "DenseNet201": ("densenet", 32),
    "InceptionV3": ("standard", 75), "InceptionResNetV2": ("standard", 75), "Xception": ("standard", 71),
    "MobileNet": ("mobilenet", 32), "MobileNetV2": ("mobilenet_v2", 32),
    "MobileNetV3Small": ("mobilenet_v3", 32), "MobileNetV3Large": ("mobilenet_v3", 32),
    "NASNetMobile": ("nasnet", 32), "NASNetLarge": ("nasnet", 32),
    **{f"EfficientNetB{k}": ("standard", 32) for k in range(8)},
    **{f"EfficientNetV2{k}": ("standard", 32) for k in ("B0", "B1", "B2", "B3", "S", "M", "L")},
    **{f"ConvNeXt{k}": ("convnext", 32) for k in ("Tiny", "Small", "Base", "Large", "XLarge")},
}

# the arguments that change the weights, and the values recorded (Keras' pretrained ones);
# other values stay unknown to shapelens
VARIANTS = {
    "MobileNet": [{"alpha": a, "depth_multiplier": 1} for a in (0.25, 0.5, 0.75, 1.0)],
    "MobileNetV2": [{"alpha": a} for a in (0.35, 0.5, 0.75, 1.0, 1.3, 1.4)],
    "MobileNetV3Small": [{"alpha": a, "minimalistic": m} for m in (False, True) for a in (0.75, 1.0)],
    "MobileNetV3Large": [{"alpha": a, "minimalistic": m} for m in (False, True) for a in (0.75, 1.0)],
    **{f"EfficientNetV2{k}": [{"include_preprocessing": p} for p in (True, False)]
       for k in ("B0", "B1", "B2", "B3", "S", "M", "L")},
    **{f"ConvNeXt{k}": [{"include_preprocessing": p} for p in (True, False)]
       for k in ("Tiny", "Small", "Base", "Large", "XLarge")},
}

IDENTITY_LAYERS = {
    "InputLayer", "Activation", "ReLU", "BatchNormalization", "LayerNormalization", "Normalization",
    "Rescaling", "Dropout", "Add", "Multiply", "Concatenate", "CustomScaleLayer", "LayerScale",
    "StochasticDepth", "Dense",  # (ConvNeXt's pointwise Dense acts on the channels)
}
IDENTITY_OPS = {"Add", "Multiply", "Subtract", "TrueDivide", "Divide", "Relu6", "HardSigmoid", "HardSwish",
                "Sigmoid", "Swish", "Silu"}
MAX_SIZE = 1024


def key_of(vargs: dict) -> str:
    return "|".join(f"{k}={vargs[k]!r}" for k in sorted(vargs))


def build(fn, **kw):
    keras.backend.clear_session(free_memory=False)
    return getattr(keras.applications, fn)(weights=None, **kw)


def count(model):
    total = int(model.count_params())
    nt = int(sum(int(w.numpy().size) for w in model.non_trainable_weights))
    return total, nt


# -- the spatial chain ------------------------------------------------------------------------
def apply(ops, n):
    """The size after ``ops`` for an input of size ``n`` (None stays None); None too when an
    operation would make it smaller than 1 (Keras raises there)."""
    for op in ops:
        if n is None:
            return None
        kind = op[0]
        if kind == "v":
            n = (n - op[1]) // op[2] + 1
        elif kind == "s":
            n = -(-n // op[1])
        elif kind == "p":
            n = n + op[1] + op[2]
        elif kind == "c":
            n = n + (op[1] - (1 - n % 2)) + op[1]
        elif kind == "x":
            n = n - op[1] - op[2]
        if n < 1:
            return None
    return n


def _pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


class Walker:
    """Per tensor: the list of operations from the model's input (per axis: rows, cols), or
    "const" (a squeeze-excite branch pooled to 1x1, broadcast where it is merged)."""

    def __init__(self, min_size):
        self.min_size = min_size
        self.merges = []  # lists of chains that meet at a merge (checked afterwards)

    def layer_ops(self, layer, in_shape, out_shape):
        """The operation on (rows, cols) that this layer applies: ([...], [...])."""
        cls = type(layer).__name__
        cfg = layer.get_config()
        if cls in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D"):
            k = _pair(cfg.get("kernel_size", cfg.get("pool_size")))
            s = _pair(cfg["strides"])
            d = _pair(cfg.get("dilation_rate", 1))
            assert d == (1, 1), (layer.name, d)
            ops = []
            for a in range(2):
                if cfg["padding"] == "valid":
                    ops.append([] if k[a] == 1 and s[a] == 1 else [["v", k[a], s[a]]])
                else:
                    ops.append([] if s[a] == 1 else [["s", s[a]]])
            return ops
        if cls == "ZeroPadding2D":
            (t, b), (left, r) = cfg["padding"]
            rows, cols = in_shape[1], in_shape[2]
            # what each padding does at each parity: the correct_pad detection (derive_chain)
            for (before, after), n in (((t, b), rows), ((left, r), cols)):
                self.pads.setdefault(layer.name, set()).add((n % 2, before, after))
            return [[["p", t, b, layer.name]], [["p", left, r, layer.name]]]
        if cls == "Cropping2D":
            (t, b), (left, r) = cfg["cropping"]
            return [[["x", t, b]], [["x", left, r]]]
        raise KeyError(cls)

    def walk(self, model):
        """(rows, cols) chains of the model's output; the merges met are in self.merges."""
        self._chains = chains = {id(model.inputs[0]): ([], [])}
        self.merges = []
        self.pads = getattr(self, "pads", {})
        self._walk_ops(model, chains)
        return chains[id(model.outputs[0])]

    def _walk_ops(self, model, chains):
        for op in model.operations:
            for node in op._inbound_nodes:
                ins = [t for t in node.input_tensors]
                if not all(id(t) in chains for t in ins):
                    continue  # a node of another graph (a shared sub-model's own input node)
                if any(id(t) in chains for t in node.output_tensors) and type(op).__name__ == "InputLayer":
                    continue
                res = self.op_chain(op, ins, node)
                for t in node.output_tensors:
                    chains[id(t)] = res

    def op_chain(self, op, ins, node):
        cls = type(op).__name__
        in_chains = [self.chains_lookup(t) for t in ins]
        shape_in = tuple(ins[0].shape) if ins else None
        shape_out = tuple(node.output_tensors[0].shape)
        if isinstance(op, keras.Sequential):
            cur = in_chains[0]
            x = ins[0]
            for sub in op.layers:
                out_shape = sub.compute_output_shape(tuple(x.shape))
                cur = self.single(sub, cur, tuple(x.shape), out_shape)
                x = keras.KerasTensor(out_shape)
            return cur
        if isinstance(op, keras.Model):
            raise NotImplementedError(f"nested functional model {op.name}")
        if cls in ("GlobalAveragePooling2D", "GlobalMaxPooling2D"):
            return "const"  # squeeze-excite: pooled to 1x1 (or to a vector reshaped to 1x1 below)
        if cls == "Reshape":
            assert in_chains[0] == "const", op.name
            return "const"
        nonconst = [c for c in in_chains if c != "const"]
        if len(in_chains) > 1:
            if len(nonconst) > 1:
                self.merges.append((op.name, nonconst))
            if not isinstance(op, keras.layers.Layer) and cls not in IDENTITY_OPS:
                raise KeyError(f"op {cls} ({op.name})")
            if isinstance(op, keras.layers.Layer) and cls not in IDENTITY_LAYERS:
                raise KeyError(f"merge {cls} ({op.name})")
            return nonconst[0] if nonconst else "const"
        return self.single(op, in_chains[0], shape_in, shape_out)

    def chains_lookup(self, t):
        return self._chains[id(t)]

    def single(self, op, chain, shape_in, shape_out):
        cls = type(op).__name__
        if chain == "const":
            return "const"
        if isinstance(op, keras.layers.Layer) and cls in IDENTITY_LAYERS:
            assert shape_in[1:3] == shape_out[1:3], (op.name, shape_in, shape_out)
            return chain
        if not isinstance(op, keras.layers.Layer):
            if cls in IDENTITY_OPS:
                return chain
            raise KeyError(f"op {cls} ({op.name})")
        ops = self.layer_ops(op, shape_in, shape_out)
        return (chain[0] + ops[0], chain[1] + ops[1])


def derive_chain(fn, variant, min_size):
    """The chain of ``fn``, from builds at (h, w) sizes whose every zero padding sees both parities."""
    builds = []
    sizes = [(128, 129), (129, 134), (131, 128), (160, 171), (133, 140), (150, 157)]
    w = Walker(min_size)
    w.pads = pads = {}  # padding layer -> {(parity of its input, before, after)}
    for h, wd in sizes:
        m = build(fn, include_top=False, input_shape=(h, wd, 3), **variant)
        rows, cols = w.walk(m)
        assert len(rows) == len(cols)
        shape = [None if d is None else int(d) for d in m.output_shape]
        builds.append(((h, wd), shape, rows, cols, list(w.merges)))
        parities = all(len({p for p, _a, _b in s}) == 2 for s in pads.values())
        if len(builds) >= 2 and parities:
            break
    assert all(len({p for p, _a, _b in s}) == 2 for s in pads.values()), (fn, pads)
    # a padding whose before-part follows the parity as correct_pad makes it -> ["c", k2]
    kinds = {}
    for i, seen in pads.items():
        afters = {a for _p, _b, a in seen}
        befores = {(p, b) for p, b, _a in seen}
        if len({b for _p, b in befores}) == 1:
            kinds[i] = None  # fixed
        else:
            (k2,) = afters
            assert all(b == k2 - (1 - p) for p, b in befores), (fn, i, seen)
            kinds[i] = k2
    _hw, _shape, rows, cols, _m = builds[0]

    def norm(axis):
        out = []
        for op in axis:
            if op[0] == "p":
                out.append(["c", kinds[op[3]]] if kinds[op[3]] is not None else ["p", op[1], op[2]])
            else:
                out.append(list(op))
        return out

    chain = norm(rows)
    for _hw, _shape, r, c, _m in builds:
        assert norm(r) == chain and norm(c) == chain, (fn, "rows and cols differ")
    # every merge: all inputs agree at every size Keras accepts (min_size .. MAX_SIZE)
    for _hw, _shape, _r, _c, merges in builds:
        for name, ins in merges:
            for axis in (0, 1):
                cs = [norm(ch[axis]) for ch in ins]
                for n in range(min_size, MAX_SIZE + 1):
                    vals = {apply(c, n) for c in cs}
                    assert len(vals) == 1, (fn, name, n, vals, cs)
    # and the chain gives Keras' output size for the builds
    for (h, wd), shape, _r, _c, _m in builds:
        assert shape[1:3] == [apply(chain, h), apply(chain, wd)], (fn, h, wd, shape, chain)
    return chain, builds[0][1][3]


def record(fn):
    family, min_size = APPS[fn]
    f = getattr(keras.applications, fn)
    sig = [[p.name, p.default] for p in inspect.signature(f).parameters.values()]
    modules = sorted(m for m in dir(keras.applications) if not m[0].isupper() and not m.startswith("_")
                     and getattr(getattr(keras.applications, m), fn, None) is f)
    variants = VARIANTS.get(fn, [{}])
    default_size = None
    m = build(fn, include_top=True, **variants[-1 if fn.startswith("MobileNet") and len(variants) > 1 else 0]) \
        if family != "mobilenet_v3" else None
    if m is not None:
        default_size = int(m.input_shape[1])
    entry = {"family": family, "modules": modules, "sig": sig, "name": dict(sig).get("name"),
             "default_size": default_size, "min_size": min_size, "variants": {}}
    chain = None
    for i, variant in enumerate(variants):
        t0 = time.time()
        first = i == 0
        if first:
            chain, channels = derive_chain(fn, variant, min_size)
        else:  # the same chain (checked at one non-square size): only the weights differ
            m = build(fn, include_top=False, input_shape=(min_size + 9, min_size + 20, 3), **variant)
            assert list(m.output_shape[1:3]) == [apply(chain, min_size + 9), apply(chain, min_size + 20)], (fn, variant)
            channels = int(m.output_shape[3])
        s = max(min_size, 75)
        p = {}
        for c in (1, 2, 3):
            p[c] = count(build(fn, include_top=False, input_shape=(s, s + 3, c), **variant))
        a, b = p[1][0] - (p[3][0] - p[1][0]) // 2, (p[3][0] - p[1][0]) // 2
        na, nb = p[1][1] - (p[3][1] - p[1][1]) // 2, (p[3][1] - p[1][1]) // 2
        for c in (1, 2, 3):
            assert p[c] == (a + b * c, na + nb * c), (fn, variant, c, p)
        v = {"ch": channels, "p": [a, b], "nt": [na, nb]}
        # None spatial size (some graphs differ: NASNet compares static sizes)
        mn = build(fn, include_top=False, input_shape=(None, None, 3), **variant)
        assert list(mn.output_shape) == [None, None, None, channels], mn.output_shape
        pn = count(mn)
        if pn != (a + 3 * b, na + 3 * nb):
            pn1 = count(build(fn, include_top=False, input_shape=(None, None, 1), **variant))
            v["p_none"] = [pn1[0] - (pn[0] - pn1[0]) // 2, (pn[0] - pn1[0]) // 2]
            v["nt_none"] = [pn1[1] - (pn[1] - pn1[1]) // 2, (pn[1] - pn1[1]) // 2]
            assert v["p_none"][0] + 3 * v["p_none"][1] == pn[0]
        if first:  # pooling adds no weights (ConvNeXt's LayerNormalization is there with every pooling)
            for pooling in ("avg", "max"):
                mp = build(fn, include_top=False, input_shape=(s, s, 3), pooling=pooling, **variant)
                assert list(mp.output_shape) == [None, channels], (fn, pooling, mp.output_shape)
                assert count(mp) == (a + 3 * b, na + 3 * nb), (fn, pooling)
        # the classifier
        tops = {}
        s2 = next(n for n in range(s + 29, 4 * s) if apply(chain, n) != apply(chain, s))
        for classes, size in ((7, s), (11, s)) + (((7, s2),) if first else ()):
            mt = build(fn, include_top=True, input_shape=(size, size, 3), classes=classes, **variant)
            assert list(mt.output_shape) == [None, classes], (fn, mt.output_shape)
            hw = apply(chain, size) ** 2
            tops[(classes, size)] = (count(mt)[0] - (a + 3 * b), count(mt)[1] - (na + 3 * nb), hw)
        tk = (tops[(11, s)][0] - tops[(7, s)][0]) // 4
        if first:
            hw1, hw2 = tops[(7, s)][2], tops[(7, s2)][2]
            thw = (tops[(7, s2)][0] - tops[(7, s)][0]) // (hw2 - hw1)
        t0_ = tops[(7, s)][0] - 7 * tk - thw * tops[(7, s)][2]
        for (classes, size), (tp, tnt, hw) in tops.items():
            assert tp == t0_ + tk * classes + thw * hw, (fn, classes, size)
            assert tnt == 0, (fn, "non-trainable weights in the top")
        v["top"] = [t0_, tk, thw]
        entry["variants"][key_of(variant)] = v
        print(f"  {fn} {key_of(variant) or '-'}: {v}  ({time.time() - t0:.0f} s)", flush=True)
    entry["chain"] = chain
    entry["vargs"] = sorted(variants[0])
    probe(fn, entry)
    return entry


def probe(fn, entry):
    """Keras' output shape at sizes the chain was not derived from, and the minimum size."""
    variant = VARIANTS.get(fn, [{}])[0]
    v = entry["variants"][key_of(variant)]
    lo = entry["min_size"]
    for h, w in ((lo, lo + 1), (lo + 5, lo + 16), (lo + 30, 2 * lo + 7)):
        m = build(fn, include_top=False, input_shape=(h, w, 3), **variant)
        want = [apply(entry["chain"], h), apply(entry["chain"], w)]
        assert list(m.output_shape[1:3]) == want, (fn, h, w, m.output_shape, want)
        # the weights do not depend on the size (NASNet's graph does, on its None-ness only)
        assert count(m) == (v["p"][0] + 3 * v["p"][1], v["nt"][0] + 3 * v["nt"][1]), (fn, h, w)
    try:
        build(fn, include_top=False, input_shape=(lo - 1, lo + 3, 3), **variant)
    except ValueError as exc:
        assert f"at least {lo}x{lo}" in str(exc), (fn, exc)
    else:
        raise AssertionError(f"{fn}: {lo - 1} accepted")


def main(argv):
    names = argv or list(APPS)
    exported = sorted(n for n in dir(keras.applications) if n[0].isupper())
    assert sorted(APPS) == exported, set(exported) ^ set(APPS)
    data = json.loads(OUT.read_text()) if OUT.exists() and argv else {"apps": {}}
    data["keras"] = keras.__version__
    for fn in names:
        t = time.time()
        print(fn, flush=True)
        data["apps"][fn] = record(fn)
        print(f"  done in {time.time() - t:.0f} s", flush=True)
        write(data)
    write(data)


def write(data):
    apps = data["apps"]
    # one chain per distinct list (most of a family share theirs)
    chains, out_apps = {}, {}
    for fn in sorted(apps):
        e = dict(apps[fn])
        ch = e.get("chain")
        if isinstance(ch, list):
            key = json.dumps(ch)
            if key not in chains:
                chains[key] = f"c{len(chains)}"
            e["chain"] = chains[key]
        elif isinstance(ch, str):
            key = json.dumps(data["chains"][ch])
            chains.setdefault(key, f"c{len(chains)}")
            e["chain"] = chains[key]
        out_apps[fn] = e
    out = {"keras": data["keras"], "chains": {v: json.loads(k) for k, v in chains.items()}, "apps": out_apps}
    text = json.dumps(out, separators=(",", ":"), sort_keys=True)
    # one application per line: small diffs when Keras changes
    text = text.replace(',"apps":{', ',\n"apps":{\n').replace('},"', '},\n"')
    OUT.write_text(text + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
