"""``keras.applications``: the backbones (ResNet50, MobileNetV2, EfficientNetB0, ...) built from
their arguments, as Keras builds them with ``weights=None``: output shape and parameter count,
without weights or downloads.

What Keras builds is computed from ``applications.json`` (written by
``scripts/record_applications.py`` from Keras itself): per application its signature, default
and minimum input size, the chain of spatial reductions from the input to the feature map, the
feature channels and the weight counts (as functions of the input channels and of the
classifier).  The argument checks are those of Keras' source (``imagenet_utils.
obtain_input_shape`` and each family's own), repeated here: an argument combination Keras
rejects is SL114; anything the engine does not know (a weights file, an alpha without recorded
weights counts, channels_first, an input of unknown shape) makes the call Unknown.

The model is one ``ApplicationModel`` (a functional ModelV): its input, its output tensor, one
row for the whole backbone in its table (and in the table of a model that calls it, as Keras'
summary shows ``resnet50 (Functional)``).  Called on a tensor, it gives what Keras computes
(``call_application``): the same output when its input size is fixed, the size recomputed when
the backbone was built for any size (``FunctionalModels.call_model`` hands the call here).

``<module>.preprocess_input`` (``keras.applications.mobilenet_v2.preprocess_input``) keeps the
shape of a tensor or array (three channels for the "caffe" and "torch" modes).
"""

from __future__ import annotations

import inspect
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from ..records import MISSING
from ..values import (
    UNKNOWN,
    ArrayV,
    ListV,
    ModelV,
    ModuleV,
    Tensor,
    is_int,
)
from .context import _call_seq
from .graph import InputRow, _find_inputs

log = logging.getLogger("shapelens.engine")

_DATA_FILE = Path(__file__).with_name("applications.json")
_data_cache: dict = {}


def _data() -> dict:
    """The recorded applications (empty when the file is missing: every call is then Unknown)."""
    if "apps" not in _data_cache:
        try:
            raw = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
            _data_cache["apps"] = raw.get("apps", {})
            _data_cache["chains"] = raw.get("chains", {})
        except (OSError, ValueError):
            log.warning("keras.applications data missing: %s", _DATA_FILE)
            _data_cache["apps"], _data_cache["chains"] = {}, {}
    return _data_cache


class _KerasRaises(Exception):
    """An argument combination Keras rejects (args: what Keras says, and how to fix it)."""


class _Unknown(Exception):
    """Something the engine cannot decide: the call is Unknown."""


def apply_chain(ops, n):
    """The size of one spatial axis after ``ops`` (see scripts/record_applications.py); None
    stays None; raises _Unknown when an operation would leave less than 1 (Keras raises there,
    with a message this module does not repeat)."""
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
        elif kind == "c":  # imagenet_utils.correct_pad: one less before when the size is even
            n = n + (op[1] - (1 - n % 2)) + op[1]
        elif kind == "x":
            n = n - op[1] - op[2]
        else:
            raise _Unknown(kind)
        if n < 1:
            raise _Unknown("size below 1")
    return n


def _chain_as_built_without_size(ops):
    """correct_pad on an input of unknown size pads (k2-1, k2) whatever size comes later: the
    layers of a backbone built for any size, called on a sized input."""
    return [["p", op[1] - 1, op[1]] if op[0] == "c" else op for op in ops]


@dataclass(frozen=True)
class AppSpec:
    """What a call of the built backbone needs: how Keras built it."""

    fn: str
    chain: tuple  # the operations on each spatial axis (as built: correct_pad resolved or not)
    in_shape: tuple  # the backbone's input shape (batch included)
    channels: int  # feature channels
    head: str  # "top" | "pool" | "none"
    classes: int | None
    recompute: bool  # its size can be recomputed for an input of another size (NASNet: no)
    fixed_only: bool = False  # layers before the backbone (input_tensor=): only its own input size is known


@dataclass(eq=False)
class ApplicationModel(ModelV):
    """A keras.applications backbone (functional): a ModelV with how Keras built it."""

    app: AppSpec | None = None


class _Body:
    """The backbone's layers as one row of its table."""

    loc = None

    def __init__(self, name, class_name):
        self.name = name
        self.class_name = class_name


def _is_callable_activation(v):
    return isinstance(v, ModuleV) and v.path in ("keras.activations.softmax", "keras.activations.linear")


def _decided_scalar(v):
    """A plain Python value the engine knows (None, bool, int, float, str), else _Unknown."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    raise _Unknown("argument")


def _truth(v) -> bool:
    return bool(_decided_scalar(v))


def _shape_tuple(v):
    """An input_shape argument as Keras sees it: None, a tuple or a list of ints/None."""
    if v is None:
        return None
    if isinstance(v, ListV):
        items, is_list = v.items, True
    elif isinstance(v, tuple):
        items, is_list = v, False
    else:
        raise _Unknown("input_shape")
    dims = []
    for d in items:
        if d is None or (is_int(d) and not isinstance(d, bool)):
            dims.append(d)
        else:
            raise _Unknown("input_shape dim")
    return list(dims) if is_list else tuple(dims)


def obtain_input_shape(input_shape, default_size, min_size, require_flatten, weights):
    """keras.src.applications.imagenet_utils.obtain_input_shape (channels_last)."""
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        default_shape = (default_size, default_size, input_shape[-1])
    else:
        default_shape = (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and input_shape != default_shape:
            if isinstance(input_shape, list) and tuple(input_shape) == default_shape:
                fix = (f"Write input_shape as a tuple, {default_shape}: Keras compares it with one, and a list is "
                       "not equal.")
            else:
                fix = (f"The ImageNet classifier takes {default_shape} only: for another size pass include_top=False "
                       "and put your own classifier on the features (or use weights=None).")
            raise _KerasRaises(f"When setting `include_top=True` and loading `imagenet` weights, `input_shape` "
                               f"should be {default_shape}.  Received: input_shape={input_shape}", fix)
        return default_shape
    if input_shape:
        if len(input_shape) != 3:
            raise _KerasRaises("`input_shape` must be a tuple of three integers.",
                               "input_shape is (height, width, channels), without the batch size.")
        if input_shape[-1] != 3 and weights == "imagenet":
            raise _KerasRaises(f"The input must have 3 channels; Received `input_shape={input_shape}`",
                               "ImageNet weights take RGB images: give 3 channels (repeat a grayscale channel) or use "
                               "weights=None.")
        if (input_shape[0] is not None and input_shape[0] < min_size) or (
                input_shape[1] is not None and input_shape[1] < min_size):
            raise _KerasRaises(f"Input size must be at least {min_size}x{min_size}; Received: "
                               f"input_shape={input_shape}",
                               f"Give images of at least {min_size}x{min_size} (resize them first).")
    else:
        input_shape = default_shape if require_flatten else (None, None, 3)
    if require_flatten and None in input_shape:
        raise _KerasRaises(f"If `include_top` is True, you should specify a static `input_shape`. Received: "
                           f"input_shape={input_shape}",
                           "The classifier needs a fixed size: give input_shape=(height, width, channels) with "
                           "numbers, or pass include_top=False.")
    return input_shape


# keras.applications.<module>.preprocess_input: imagenet_utils.preprocess_input's mode, or the
# identity (the models whose first layers normalise)
_PREPROCESS = {
    "vgg16": "caffe", "vgg19": "caffe", "resnet": "caffe", "resnet50": "caffe", "densenet": "torch",
    "resnet_v2": "tf", "inception_v3": "tf", "inception_resnet_v2": "tf", "xception": "tf", "mobilenet": "tf",
    "mobilenet_v2": "tf", "nasnet": "tf",
    "mobilenet_v3": "identity", "efficientnet": "identity", "efficientnet_v2": "identity", "convnext": "identity",
}


def _preprocess_sig(x, data_format=None):
    ...


def _fmt_float(v) -> str:
    return f"{v:0.2f}"


class Applications:
    """KerasOps' part for keras.applications."""

    def application(self, path, args, kwargs, node, arg_nodes):
        data = _data()
        parts = path.split(".")
        fn = parts[-1]
        fmt_ = self.i.g.lookup("\0data_format")
        if fmt_ is not MISSING and fmt_ != "channels_last":
            return UNKNOWN  # channels_first (or not known): not modelled
        if fn == "preprocess_input" and len(parts) == 4 and parts[2] in _PREPROCESS:
            return self._preprocess_input(_PREPROCESS[parts[2]], args, kwargs)
        app = data["apps"].get(fn)
        if app is None or len(parts) not in (3, 4) or (len(parts) == 4 and parts[2] not in app["modules"]):
            return UNKNOWN  # decode_predictions, imagenet_utils, ...: not modelled
        params = [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=d) for n, d in app["sig"]]
        try:
            bound = inspect.Signature(params).bind(*args, **kwargs)
        except TypeError as exc:
            self.i.diag(self.i.loc(node), "SL114", f"keras.applications.{fn}(): {exc}; it takes "
                        f"{', '.join(n for n, _d in app['sig'])}.")
            return UNKNOWN
        bound.apply_defaults()
        a = dict(bound.arguments)
        try:
            return self._build_application(fn, app, a, node)
        except _KerasRaises as exc:
            says, fix = exc.args[0], exc.args[1] if len(exc.args) > 1 else ""
            self.i.diag(self.i.loc(node), "SL114", f"keras.applications.{fn}() with these arguments: Keras raises "
                        f"'{says}'. {fix}".rstrip())
            return UNKNOWN
        except _Unknown:
            return UNKNOWN

    def _preprocess_input(self, mode, args, kwargs):
        """``keras.applications.<module>.preprocess_input(x)``: x itself (the models that normalise
        their input themselves), or x scaled ("tf": x / 127.5 - 1 on any shape) or shifted per
        channel ("caffe", "torch": three channels last), the same shape; an array stays an array."""
        try:
            bound = inspect.signature(_preprocess_sig).bind(*args, **kwargs)
        except TypeError:
            return UNKNOWN
        x, data_format = bound.arguments.get("x"), bound.arguments.get("data_format")
        if data_format not in (None, "channels_last"):
            return UNKNOWN
        if mode == "identity":
            return x if isinstance(x, (Tensor, ArrayV)) else UNKNOWN
        shape = x.shape if isinstance(x, (Tensor, ArrayV)) else None
        if shape is None or not shape or (mode != "tf" and shape[-1] != 3):
            return UNKNOWN
        if isinstance(x, ArrayV):
            return ArrayV(tuple(shape), "float")
        return Tensor(tuple(shape), x.sources, parents=(x,), seq=next(_call_seq), dtype=x.dtype)

    # -- what Keras' code for each family does with the arguments ----------------------------------
    def _build_application(self, fn, app, a, node):
        family = app["family"]
        include_top = _truth(a["include_top"])
        weights = _decided_scalar(a["weights"])
        if weights not in (None, "imagenet"):
            raise _Unknown("a weights file")  # Keras checks that the file exists: not known here
        classes = _decided_scalar(a["classes"]) if include_top else None
        if weights == "imagenet" and include_top and classes != 1000:
            raise _KerasRaises(f"If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  "
                               f"Received classes={classes}",
                               f"The ImageNet classifier has 1000 classes: for {classes} pass include_top=False and add "
                               f"your own Dense({classes}) on the features (or use weights=None).")
        input_shape = _shape_tuple(a["input_shape"])
        input_tensor = a["input_tensor"]
        tshape = None
        if input_tensor is not None:
            if not (isinstance(input_tensor, Tensor) and input_tensor.shape is not None and len(input_tensor.shape) == 4
                    and all(d is None or is_int(d) for d in input_tensor.shape)):
                raise _Unknown("input_tensor")
            tshape = tuple(input_tensor.shape)
        vargs = {}
        for k in app["vargs"]:
            v = _decided_scalar(a[k])
            if k == "alpha":
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    raise _Unknown("alpha")
                v = float(v)
            elif k in ("minimalistic", "include_preprocessing"):
                v = _truth(v)
            vargs[k] = v
        name = _decided_scalar(a["name"])

        if family == "mobilenet":
            input_shape, name = self._mobilenet(a, input_shape, include_top, weights, name)
        elif family == "mobilenet_v2":
            input_shape, name = self._mobilenet_v2(a, input_shape, tshape, include_top, weights, name)
        elif family == "mobilenet_v3":
            input_shape = self._mobilenet_v3(input_shape, tshape, weights, vargs)
        else:
            if family == "nasnet":
                if fn == "NASNetMobile" and not include_top and input_shape is None:
                    input_shape = (224, 224, 3)
                if isinstance(input_shape, tuple) and None in input_shape and weights == "imagenet":
                    raise _KerasRaises("When specifying the input shape of a NASNet and loading `ImageNet` weights, "
                                       f"the input_shape argument must be static (no None entries). Got: "
                                       f"`input_shape={input_shape}`.",
                                       "Give input_shape with numbers, or use weights=None.")
            input_shape = obtain_input_shape(input_shape, app["default_size"], app["min_size"], include_top, weights)
        if include_top and weights == "imagenet":  # imagenet_utils.validate_activation
            act = a["classifier_activation"]
            if isinstance(act, str) and act not in ("softmax", "linear"):
                raise _KerasRaises("Only `None` and `softmax` activations are allowed for the `classifier_activation` "
                                   f"argument when using pretrained weights, with `include_top=True`; Received: "
                                   f"classifier_activation={act}",
                                   "Use classifier_activation=\"softmax\" or None with the ImageNet classifier, or "
                                   "include_top=False and your own classifier.")
            if not (act is None or isinstance(act, str) or _is_callable_activation(act)):
                raise _Unknown("classifier_activation")
        # name=None: Keras' automatic name, "functional", "functional_1", ... (shared with keras.Model);
        # ConvNeXt and EfficientNetV2 raise on it (not modelled)
        auto_name = name is None and not ({"convnext", "efficientnet_v2"} & set(app["modules"]))
        if not isinstance(name, str) and not auto_name:
            raise _Unknown("name")
        if family == "convnext" and weights == "imagenet" and app["name"] not in name:
            raise _KerasRaises(f'Model name "{name}" does not match weights variant "{app["name"]}". When using '
                               f"imagenet weights, model name must contain the weights variant (e.g., "
                               f'"{app["name"]}").',
                               f"Use a name that contains \"{app['name']}\", or leave name= out.")
        variant = app["variants"].get("|".join(f"{k}={vargs[k]!r}" for k in sorted(vargs)))
        if variant is None:
            raise _Unknown("a variant without recorded weights counts")

        # the graph's input: keras.Input(shape=input_shape), or the tensor given
        if len(input_shape) != 3:
            raise _Unknown("input rank")
        if input_tensor is not None:
            if input_shape[-1] != tshape[3]:
                raise _Unknown("input_tensor channels")  # some layers follow input_shape's channels
            shape = tshape
        else:
            shape = (None,) + tuple(input_shape)
        h, w, c = shape[1], shape[2], shape[3]
        if not is_int(c) or c < 1:
            raise _Unknown("channels")
        if weights == "imagenet" and c != 3:
            raise _Unknown("imagenet weights on other channels")  # load_weights fails: message not known
        chain = _data()["chains"][app["chain"]]
        if (h is None) != (w is None) and (any(op[0] == "c" for op in chain) or "p_none" in variant):
            raise _Unknown("one spatial axis sized")
        oh, ow = apply_chain(chain, h), apply_chain(chain, w)
        p = variant["p_none"] if h is None and w is None and "p_none" in variant else variant["p"]
        params = p[0] + p[1] * c
        ch = variant["ch"]
        if include_top:
            if not is_int(classes) or classes < 1:
                raise _Unknown("classes")
            t0, tk, thw = variant["top"]
            if thw and (oh is None or ow is None):
                raise _Unknown("Flatten of an unsized feature map")
            params += t0 + tk * classes + (thw * oh * ow if thw else 0)
            out, head = (shape[0], classes), "top"
        else:
            pooling = _decided_scalar(a["pooling"])
            if pooling in ("avg", "max"):
                out, head = (shape[0], ch), "pool"
            else:
                out, head = (shape[0], oh, ow, ch), "none"
        if auto_name:
            name = self.uniq("functional")
        return self._make_application_model(fn, name, shape, out, params, input_tensor, chain, ch, head,
                                            classes if include_top else None, "p_none" not in variant, node)

    def _mobilenet(self, a, input_shape, include_top, weights, name):
        if input_shape is None:
            default_size = 224
        else:
            if len(input_shape) < 2:
                raise _Unknown("input_shape")
            rows, cols = input_shape[0], input_shape[1]
            default_size = rows if rows == cols and rows in [128, 160, 192, 224] else 224
        input_shape = obtain_input_shape(input_shape, default_size, 32, include_top, weights)
        rows, cols = input_shape[0], input_shape[1]
        alpha = _decided_scalar(a["alpha"])
        dm = _decided_scalar(a["depth_multiplier"])
        if weights == "imagenet":
            if dm != 1:
                raise _KerasRaises(f"If imagenet weights are being loaded, depth multiplier must be 1.  Received "
                                   f"depth_multiplier={dm}",
                                   "Use depth_multiplier=1, or weights=None.")
            if alpha not in [0.25, 0.50, 0.75, 1.0]:
                raise _KerasRaises("If imagenet weights are being loaded, alpha can be one of`0.25`, `0.50`, `0.75` "
                                   f"or `1.0` only.  Received alpha={alpha}",
                                   "Use one of these alpha values, or weights=None.")
            if rows != cols or rows not in [128, 160, 192, 224]:
                rows = 224
        if name is None:
            name = f"mobilenet_{_fmt_float(alpha)}_{rows}"
        return input_shape, name

    def _mobilenet_v2(self, a, input_shape, tshape, include_top, weights, name):
        if input_shape is not None and tshape is not None:
            if len(input_shape) < 2:
                raise _Unknown("input_shape")
            if tshape[2] != input_shape[1]:
                raise _KerasRaises(f"input_tensor.shape[2] must equal input_shape[1]; Received "
                                   f"`input_tensor.shape={tshape}`, `input_shape={input_shape}`",
                                   "Leave input_shape out when input_tensor is given (or make them agree).")
        if input_shape is None and tshape is not None:
            rows, cols = tshape[1], tshape[2]
            default_size = rows if rows == cols and rows in [96, 128, 160, 192, 224] else 224
        elif input_shape is None:
            default_size = 224
        else:
            if len(input_shape) < 2:
                raise _Unknown("input_shape")
            rows, cols = input_shape[0], input_shape[1]
            default_size = rows if rows == cols and rows in [96, 128, 160, 192, 224] else 224
        input_shape = obtain_input_shape(input_shape, default_size, 32, include_top, weights)
        rows, cols = input_shape[0], input_shape[1]
        alpha = _decided_scalar(a["alpha"])
        if weights == "imagenet":
            if alpha not in [0.35, 0.50, 0.75, 1.0, 1.3, 1.4]:
                raise _KerasRaises("If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, "
                                   f"`0.75`, `1.0`, `1.3` or `1.4` only; Received `alpha={alpha}`",
                                   "Use one of these alpha values, or weights=None.")
            if rows != cols or rows not in [96, 128, 160, 192, 224]:
                rows = 224
        if name is None:
            name = f"mobilenetv2_{_fmt_float(alpha)}_{rows}"
        return input_shape, name

    def _mobilenet_v3(self, input_shape, tshape, weights, vargs):
        if input_shape is not None and tshape is not None:
            if len(input_shape) < 2:
                raise _Unknown("input_shape")
            if tshape[2] != input_shape[1]:
                raise _KerasRaises(f"input_shape[1] must equal input_tensor.shape[2].  Received "
                                   f"input_shape={input_shape}, input_tensor.shape={tshape}",
                                   "Leave input_shape out when input_tensor is given (or make them agree).")
        if input_shape is None and tshape is not None:
            input_shape = (tshape[2], tshape[1], 3)
        if input_shape is None:
            input_shape = (None, None, 3)
        if len(input_shape) != 3:
            raise _Unknown("input_shape")
        rows, cols = input_shape[0], input_shape[1]
        if rows and cols and (rows < 32 or cols < 32):
            raise _KerasRaises(f"Input size must be at least 32x32; Received `input_shape={input_shape}`",
                               "Give images of at least 32x32 (resize them first).")
        if weights == "imagenet":
            alpha, minimalistic = vargs["alpha"], vargs["minimalistic"]
            if (not minimalistic and alpha not in [0.75, 1.0]) or (minimalistic and alpha != 1.0):
                raise _KerasRaises("If imagenet weights are being loaded, alpha can be one of `0.75`, `1.0` for non "
                                   "minimalistic or `1.0` for minimalistic only.",
                                   "Use one of these alpha values, or weights=None.")
        return input_shape

    # -- the model value ---------------------------------------------------------------------------
    def _make_application_model(self, fn, name, shape, out, params, input_tensor, chain, ch, head, classes,
                                 recompute, node):
        i = self.i
        loc = i.loc(node)
        rows = []
        if input_tensor is None:
            t_in = self._input_tensor(shape, None)  # its fact on this line is the backbone's (below)
            t_in.input_loc = loc
            ins = (t_in,)
            rows.append((InputRow(t_in.input_name), shape, 0))
            srcs = t_in.sources
        else:
            t_in = input_tensor
            srcs = t_in.sources
            if t_in.is_input:
                ins = (t_in,)
                rows.append((InputRow(getattr(t_in, "input_name", "input_layer")), shape, 0))
            else:
                # Keras' model starts at the keras.Input the tensor comes from: the layers between
                # are the model's too (imagenet_utils: operation_utils.get_source_inputs)
                found = _find_inputs(t_in, t_in.sources or frozenset())
                if not found or len(found) != len(t_in.sources or ()):
                    raise _Unknown("input_tensor sources")
                ins = tuple(sorted(found, key=lambda t: t.seq))
                rows.extend(self.functional_rows(list(ins), [t_in]))
        body = ModelV("functional", loc, name, rows=((_Body(name, fn), out, params),), key=next(_call_seq))
        t_out = Tensor(out, srcs, layer=body, parents=(t_in,), seq=next(_call_seq))
        rows.append((_Body(name, fn), out, params))
        built_chain = chain if shape[1] is not None else _chain_as_built_without_size(chain)
        before = len(ins) != 1 or ins[0] is not t_in  # layers between the model's input and the backbone
        spec = AppSpec(fn, tuple(tuple(op) for op in built_chain), ins[0].shape if len(ins) == 1 else None, ch, head,
                       classes, recompute and not before, fixed_only=before)
        m = ApplicationModel("functional", loc, name, inputs=ins, outputs=t_out, rows=tuple(rows),
                             key=next(_call_seq), tentative=i.tentative > 0, app=spec)
        # hover and inlay hint on the call: the backbone as one layer (its output, its weights)
        i.layer_fact(loc=loc, layer=fn, name=name, input_shape=shape, output_shape=out, params=params,
                     output_names=None, why=(), hint_loc=loc, call_loc=None)
        self.note_model(m)
        return m

    # -- a backbone called on a tensor -------------------------------------------------------------
    def call_application(self, m: ApplicationModel, args, kwargs, node):
        """``base(x)``: Keras checks x against the backbone's input (a fixed size must be x's) and runs
        its layers on x: a backbone built for any size gives the feature map of x's size."""
        from ..libraries import arrays

        x = args[0] if args else kwargs.get("inputs", UNKNOWN)
        tensors, _is_list, _ = self._flatten(x)
        if not tensors:
            return UNKNOWN
        srcs = arrays._union_sources(tensors)
        spec = m.app
        t = tensors[0]
        if spec is None or len(tensors) != 1 or t.shape is None or len(t.shape) != 4:
            return Tensor(None, srcs)
        built_out = m.outputs.shape if isinstance(m.outputs, Tensor) and m.outputs.shape is not None else None
        if built_out is None or spec.in_shape is None or len(spec.in_shape) != 4:
            return Tensor(None, srcs)
        if spec.fixed_only:  # the layers before the backbone are not followed on another input
            if tuple(t.shape[1:]) != tuple(spec.in_shape[1:]) or None in t.shape[1:]:
                return Tensor(None, srcs)
            return Tensor((t.shape[0],) + tuple(built_out[1:]), srcs, layer=m, parents=(t,), seq=next(_call_seq))
        spatial = []
        for k in (1, 2, 3):
            d, s = t.shape[k], spec.in_shape[k]
            if not (d is None or is_int(d)):
                return Tensor(None, srcs)
            if s is not None and d is not None and s != d:
                return Tensor(None, srcs)  # Keras raises: the input does not fit the model's
            if k < 3:
                if s is not None or d is None:
                    spatial.append(built_out[k] if s is not None and d is not None and spec.head == "none" else None)
                elif not spec.recompute:
                    return Tensor(None, srcs)
                else:
                    try:
                        spatial.append(apply_chain(spec.chain, d))
                    except _Unknown:
                        return Tensor(None, srcs)  # Keras raises: too small for the backbone
        if spec.head == "none":
            shape = (t.shape[0], spatial[0], spatial[1], spec.channels)
        elif spec.head == "pool":
            shape = (t.shape[0], spec.channels)
        else:
            shape = (t.shape[0], spec.classes)
        return Tensor(shape, srcs, layer=m, parents=(t,), seq=next(_call_seq))

