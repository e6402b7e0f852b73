"""``tf.data``: a dataset is a value whose *element* is a nested structure (tuples, dicts) of
arrays, the static ``element_spec`` TensorFlow computes; Keras' generators (``ImageDataGenerator``
iterators, ``TimeseriesGenerator``, keras_data.py) are the same kind of value.  What ``fit``,
``evaluate`` and ``predict`` see of one is one element: a batch (:func:`fit_data`).

Every shape here is TensorFlow's *static* spec, not the size the data will have: ``batch(32)``
makes the batch axis ``None`` (the last batch may be smaller) unless ``drop_remainder=True``, a
window batched in ``flat_map`` has ``None`` steps, ``timeseries_dataset_from_array`` has ``None``
steps.  Keras builds and checks models against exactly this spec (checked in TF 2.21 / Keras
3.15.1: a functional model with ``Input((20, 3))`` trains on a timeseries dataset of 10 steps
without a word, since the spec says ``(None, None, 3)``), so a ``None`` here is what keeps the
engine silent where Keras is.

An element leaf is an :class:`ArrayV` (shape without the dataset's own axis), a dataset (the
windows of ``window()``), or ``UNKNOWN``; an element is ``UNKNOWN`` when even its structure is
not known.  ``map``/``flat_map``/``filter`` functions are run by the interpreter on the element
(the way TensorFlow traces them once), with diagnostics off: a function the engine does not
follow to the end gives an ``UNKNOWN`` element.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import debug
from ..values import UNKNOWN, ArrayV, DictV, LibValue, ListV, Tensor, is_int
from . import arrays
from .registry import attribute, function
from .registry import method as _registry_method

# -- the value ------------------------------------------------------------------------------------


@dataclass(eq=False)
class DatasetV(LibValue):
    """A ``tf.data.Dataset`` (``kind="tf.data"``) or a Keras data generator (``kind="keras"``: a
    ``PyDataset`` such as an ``ImageDataGenerator`` iterator or a ``TimeseriesGenerator``).

    ``element``: the structure one iteration yields (see the module's doc).  ``batched``: True
    when an element is a batch (``batch()``, ``image_dataset_from_directory``, generators),
    False when it is one sample (``from_tensor_slices``, ``unbatch()``), None when not known
    (``from_tensors``, a ``map`` that changed ranks).  ``attrs``: plain attributes the value
    carries (``image_shape``, ``batch_size``...), as ((name, value), ...)."""

    element: object
    batched: bool | None = None
    kind: str = "tf.data"
    attrs: tuple = ()
    __hash__ = object.__hash__


def dataset(element, batched=None, kind="tf.data", attrs=()) -> DatasetV:
    return DatasetV(element, batched, kind, tuple(attrs))


def _run(ctx, fn, args):
    """A user function given to ``map``/``flat_map`` run on an element (the way TensorFlow traces
    it once), with diagnostics off: what it returns, or UNKNOWN."""
    i = getattr(ctx, "i", None)
    if i is None or fn is UNKNOWN or fn is None:
        return UNKNOWN
    i.silent += 1
    try:
        return i.call(fn, list(args), {}, ctx.node, {}, ctx.scope)
    finally:
        i.silent -= 1


# -- element structures ---------------------------------------------------------------------------


def map_leaves(element, fn):
    """The element with every leaf replaced by ``fn(leaf)``; tuples and dicts kept."""
    if isinstance(element, tuple):
        return tuple(map_leaves(e, fn) for e in element)
    if isinstance(element, DictV):
        return DictV(tuple((key, map_leaves(v, fn)) for key, v in element.items))
    if element is UNKNOWN:
        return UNKNOWN
    return fn(element)


def leaves(element) -> list:
    if isinstance(element, tuple):
        return [x for e in element for x in leaves(e)]
    if isinstance(element, DictV):
        return [x for _, v in element.items for x in leaves(v)]
    return [element]


def _dtype_name(v) -> str | None:
    return arrays.dtype_of(v)


def as_leaf(v):
    """A value a ``map`` function returned, as an element leaf (ArrayV, dataset or UNKNOWN)."""
    if isinstance(v, ArrayV):
        return v
    if isinstance(v, DatasetV):
        return v
    if isinstance(v, Tensor):
        # a layer called on the element's data inside map (eager): its output shape; a symbolic
        # Keras tensor (built from keras.Input) has no place in a dataset
        if v.sources is not None and not v.sources:
            return ArrayV(v.shape, arrays.dtype_of(v.dtype) if v.dtype else None)
        return UNKNOWN
    if isinstance(v, bool):
        return ArrayV((), "bool")
    if is_int(v):
        return ArrayV((), "int")
    if isinstance(v, float):
        return ArrayV((), "float")
    return UNKNOWN


def as_element(v):
    """A structure a ``map`` function returned, as an element."""
    if isinstance(v, tuple):
        return tuple(as_element(x) for x in v)
    if isinstance(v, DictV):
        if not all(isinstance(key, str) for key, _ in v.items):
            return UNKNOWN
        return DictV(tuple((key, as_element(x)) for key, x in v.items))
    return as_leaf(v)


def tensor_of(v):
    """What TensorFlow makes a tensor of: an array, a (nested) literal list or a Python number."""
    if isinstance(v, ArrayV):
        return v
    if isinstance(v, ListV):
        if v.items and all(isinstance(x, str) for x in v.items):
            return ArrayV((len(v.items),), None)  # a list of strings: a tf.string tensor
        made = arrays.from_data([v], {})
        return made if isinstance(made, ArrayV) else UNKNOWN
    if isinstance(v, str):
        return ArrayV((), None)
    if isinstance(v, (bool, int, float)):
        return as_leaf(v)
    return UNKNOWN


def structure_of(v, leaf):
    """Tuples and dicts are structure (as ``tf.nest`` sees them); a list is one tensor."""
    if isinstance(v, tuple):
        return tuple(structure_of(x, leaf) for x in v)
    if isinstance(v, DictV):
        if not all(isinstance(key, str) for key, _ in v.items):
            return UNKNOWN
        return DictV(tuple((key, structure_of(x, leaf)) for key, x in v.items))
    if v is UNKNOWN:
        return UNKNOWN
    return leaf(tensor_of(v))


def sliced(a):
    """One row of an array: ``from_tensor_slices`` and ``unbatch``."""
    if not isinstance(a, ArrayV):
        return UNKNOWN
    if a.shape is None:
        return ArrayV(None, a.dtype)
    if len(a.shape) == 0:
        return UNKNOWN  # TensorFlow raises on a scalar: not followed
    return ArrayV(tuple(a.shape[1:]), a.dtype, a.one_hot if len(a.shape) > 1 else False)


def batched_leaf(n):
    def fn(a):
        if isinstance(a, ArrayV):
            return ArrayV((n,) + tuple(a.shape) if a.shape is not None else None, a.dtype, a.one_hot)
        return UNKNOWN
    return fn


def _join_leaf(a, b):
    if not (isinstance(a, ArrayV) and isinstance(b, ArrayV)):
        return UNKNOWN
    if a.shape is None or b.shape is None or len(a.shape) != len(b.shape):
        return ArrayV(None, a.dtype if a.dtype == b.dtype else None)
    return ArrayV(tuple(x if x == y else None for x, y in zip(a.shape, b.shape)), a.dtype if a.dtype == b.dtype else None)


def join_elements(a, b):
    """The element of two datasets concatenated: the same structure, dims that differ unknown."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return tuple(join_elements(x, y) for x, y in zip(a, b)) if len(a) == len(b) else UNKNOWN
    if isinstance(a, DictV) and isinstance(b, DictV):
        if a.keys() != b.keys():
            return UNKNOWN
        return DictV(tuple((key, join_elements(x, b.get(key))) for key, x in a.items))
    return _join_leaf(a, b)


# -- constructors: tf.data.Dataset.* ---------------------------------------------------------------

_DS = ("tensorflow.data.Dataset.", "tensorflow.compat.v2.data.Dataset.")


def _paths(name):
    return tuple(p + name for p in _DS)


def _arg(args, kwargs, pos, name, default=None):
    if len(args) > pos:
        return args[pos]
    return kwargs.get(name, default)


@function(*_paths("from_tensor_slices"), ctx=True)
def from_tensor_slices(args, kwargs, ctx):
    t = _arg(args, kwargs, 0, "tensors", UNKNOWN)
    if _slices_error(t, ctx):
        return UNKNOWN
    return dataset(structure_of(t, sliced), batched=False)


def _slices_error(t, ctx) -> bool:
    """What TensorFlow raises at ``from_tensor_slices`` (checked in TF 2.21): a *list* of arrays is
    one tensor to be, so arrays of different shapes raise ('Can't convert non-rectangular Python
    sequence to Tensor'); the components of a tuple or dict must have the same first dimension
    ('Dimensions 40 and 30 are not compatible')."""
    if isinstance(t, ListV) and len(t.items) >= 2 and all(isinstance(a, ArrayV) and a.shape is not None
                                                          for a in t.items):
        shapes = [tuple(a.shape) for a in t.items]
        if all(all(is_int(d) for d in sh) for sh in shapes) and len(set(shapes)) > 1:
            code = ctx.code(_key(ctx, 0, "tensors"))
            fix = f"({code[1:-1]})" if code and code.startswith("[") and code.endswith("]") else None
            ctx.error("SL201", f"from_tensor_slices() makes one tensor of a list, and arrays of shapes "
                      f"{', '.join(_fmt(sh) for sh in shapes)} cannot be stacked: TensorFlow raises 'Can't convert "
                      f"non-rectangular Python sequence to Tensor'. Pass a tuple to get (features, labels) pairs"
                      + (f": {fix}." if fix else "."), arg=_key(ctx, 0, "tensors"),
                      fixes=[f for f in [ctx.fix(f"Pass a tuple: {fix}", _key(ctx, 0, "tensors"), fix)] if f]
                      if fix else ())
            return True
        return False
    parts = [a for a in leaves(structure_of(t, lambda a: a)) if isinstance(a, ArrayV) and a.shape]
    firsts = [a.shape[0] for a in parts if is_int(a.shape[0])]
    if len(set(firsts)) > 1:
        shapes = [tuple(a.shape) for a in parts]
        ctx.error("SL202", f"from_tensor_slices() slices every component along its first axis, so they must hold "
                  f"the same number of samples, but the shapes are {', '.join(_fmt(sh) for sh in shapes)}; "
                  f"TensorFlow raises 'Dimensions {firsts[0]} and {next(f for f in firsts if f != firsts[0])} are not "
                  f"compatible'.", arg=_key(ctx, 0, "tensors"))
        return True
    return False


def _key(ctx, pos, name):
    nodes = getattr(ctx, "arg_nodes", None) or {}
    return name if name in nodes else pos


@function(*_paths("from_tensors"))
def from_tensors(args, kwargs):
    t = _arg(args, kwargs, 0, "tensors", UNKNOWN)
    return dataset(structure_of(t, lambda a: a if isinstance(a, ArrayV) else UNKNOWN), batched=None)


@function(*_paths("range"))
def range_(args, kwargs):
    return dataset(ArrayV((), "int"), batched=False)


@function(*_paths("zip"))
def zip_(args, kwargs):
    sets = args[0] if len(args) == 1 else tuple(args) if args else kwargs.get("datasets", UNKNOWN)
    return _zip(sets)


def _zip(sets):
    if isinstance(sets, DatasetV):
        return sets
    if isinstance(sets, tuple) and sets:
        if not all(isinstance(d, DatasetV) for d in sets):
            return dataset(UNKNOWN)
        return dataset(tuple(d.element for d in sets), batched=_same_batched(sets))
    if isinstance(sets, DictV) and all(isinstance(d, DatasetV) for d in sets.values()):
        return dataset(DictV(tuple((key, d.element) for key, d in sets.items)), batched=_same_batched(sets.values()))
    return dataset(UNKNOWN)


def _same_batched(sets):
    flags = {d.batched for d in sets}
    return flags.pop() if len(flags) == 1 else None


@function(*_paths("from_generator"))
def from_generator(args, kwargs):
    sig = _arg(args, kwargs, 3, "output_signature", None)
    if sig is None:
        return dataset(UNKNOWN)  # output_types/output_shapes (deprecated): not followed
    return dataset(structure_of(sig, lambda a: a if isinstance(a, ArrayV) else UNKNOWN), batched=None)


@function("tensorflow.TensorSpec", "tensorflow.TensorSpec.__call__")
def tensor_spec(args, kwargs):
    shape = _arg(args, kwargs, 0, "shape", UNKNOWN)
    dtype = _arg(args, kwargs, 1, "dtype", "float32")
    dims = arrays.shape_arg(shape) if shape is not UNKNOWN else None
    if shape is None:
        dims = None
    elif dims is None and isinstance(shape, (tuple, ListV)):
        items = shape.items if isinstance(shape, ListV) else shape
        if all(d is None or is_int(d) for d in items):
            dims = tuple(items)
    if dims is None and shape is not None:
        return UNKNOWN
    return ArrayV(dims, _dtype_name(dtype))


@function("tensorflow.data.TextLineDataset", "tensorflow.data.TFRecordDataset",
          *_paths("list_files"))
def _strings(args, kwargs):
    return dataset(ArrayV((), None), batched=False)


# -- methods ---------------------------------------------------------------------------------------

def method(*names):
    """A method of tf.data datasets: ``fn(ds, args, kwargs, ctx)``; Keras' generators do not have it."""
    def deco(fn):
        def handler(ds, args, kwargs, ctx):
            if ds.kind != "tf.data":
                return UNKNOWN
            try:
                return fn(ds, args, kwargs, ctx)
            except RecursionError:
                raise
            except Exception:  # a structure the code did not expect: nothing is known
                if debug.STRICT:
                    raise
                return UNKNOWN
        _registry_method(*names, on=DatasetV, ctx=True)(handler)
        return fn
    return deco


def _attr(name):
    def get(ds):
        for k, v in ds.attrs:
            if k == name:
                return v
        return UNKNOWN
    return get


for _name in ("image_shape", "batch_size", "num_classes"):
    attribute(_name, on=DatasetV)(_attr(_name))

@attribute("element_spec", on=DatasetV)
def _element_spec(ds):
    """The element's structure, each leaf an array value standing for its ``TensorSpec`` (what
    ``tf.TensorSpec`` is here too): ``ds.element_spec[0].shape[1:]`` is the images' shape.  A
    Keras generator has no element_spec."""
    if ds.kind != "tf.data" or ds.element is UNKNOWN:
        return UNKNOWN
    return ds.element


for _name in ("class_names", "class_indices", "classes", "samples", "n", "filenames", "labels",
              "file_paths", "length", "data", "targets"):
    attribute(_name, on=DatasetV)(lambda ds: UNKNOWN)


def iteration_item(v):
    """What a ``for`` loop over a dataset or a Keras generator gets each time: its element (each
    leaf an array of the spec's shape: a batch of unknown size for a batched dataset), or
    UNKNOWN for anything else."""
    if not isinstance(v, DatasetV) or v.element is UNKNOWN:
        return UNKNOWN
    return v.element


@method("shuffle", "prefetch", "cache", "repeat", "take", "skip", "shard", "filter", "with_options",
        "ignore_errors", "take_while", "unique", "assert_cardinality", "as_numpy_iterator")
def _same(ds, args, kwargs, ctx):
    # the same elements: where its images were resized is kept (for messages), nothing else
    # (class_names and the like stay on the dataset image_dataset_from_directory returned)
    return dataset(ds.element, ds.batched, attrs=[(k, v) for k, v in ds.attrs if k == "resized"])


@method("batch")
def _batch(ds, args, kwargs, ctx):
    n = _arg(args, kwargs, 0, "batch_size", UNKNOWN)
    drop = _arg(args, kwargs, 1, "drop_remainder", False)
    return dataset(map_leaves(ds.element, batched_leaf(n if drop is True and is_int(n) else None)), batched=True)


@method("padded_batch")
def _padded_batch(ds, args, kwargs, ctx):
    n = _arg(args, kwargs, 0, "batch_size", UNKNOWN)
    if _arg(args, kwargs, 1, "padded_shapes", None) is not None:
        return dataset(UNKNOWN, batched=True)  # explicit padded shapes: not followed
    drop = _arg(args, kwargs, 3, "drop_remainder", False)
    return dataset(map_leaves(ds.element, batched_leaf(n if drop is True and is_int(n) else None)), batched=True)


@method("rebatch")
def _rebatch(ds, args, kwargs, ctx):
    n = _arg(args, kwargs, 0, "batch_size", UNKNOWN)
    drop = _arg(args, kwargs, 1, "drop_remainder", False)
    dim = n if drop is True and is_int(n) else None
    return dataset(map_leaves(ds.element, lambda a: ArrayV((dim,) + tuple(a.shape[1:]), a.dtype, a.one_hot)
                              if isinstance(a, ArrayV) and a.shape else UNKNOWN), batched=True)


@method("unbatch")
def _unbatch(ds, args, kwargs, ctx):
    return dataset(map_leaves(ds.element, sliced), batched=False if ds.batched else None)


@method("map")
def _map(ds, args, kwargs, ctx):
    fn = _arg(args, kwargs, 0, "map_func", UNKNOWN)
    if ds.element is UNKNOWN:
        return dataset(UNKNOWN)
    # TensorFlow calls the function with a tuple element's items as its arguments
    out = as_element(_run(ctx, fn, ds.element if isinstance(ds.element, tuple) else (ds.element,)))
    return dataset(out, batched=_still_batched(ds, out))


def _still_batched(ds, out):
    """Is a mapped element still a batch (or still one sample)?  A batch stays one when every
    leaf keeps the batch axis first; a sample stays one when every leaf keeps its rank.
    Otherwise it is not known."""
    a, b = leaves(ds.element), leaves(out)
    if not b or not all(isinstance(y, ArrayV) and y.shape is not None for y in b):
        return None
    if ds.batched is True:
        first = {x.shape[0] for x in a if isinstance(x, ArrayV) and x.shape}
        return True if len(first) == 1 and all(y.shape and y.shape[0] in first for y in b) else None
    if ds.batched is False and len(a) == len(b) and all(
            isinstance(x, ArrayV) and x.shape is not None and len(x.shape) == len(y.shape) for x, y in zip(a, b)):
        return False
    return None


@method("flat_map", "interleave")
def _flat_map(ds, args, kwargs, ctx):
    fn = _arg(args, kwargs, 0, "map_func", UNKNOWN)
    if ds.element is UNKNOWN:
        return dataset(UNKNOWN)
    out = _run(ctx, fn, ds.element if isinstance(ds.element, tuple) else (ds.element,))
    if isinstance(out, DatasetV) and out.kind == "tf.data":
        # the elements of the datasets the function makes, one after the other: a window
        # batched into a sequence is one sample again, not a batch
        return dataset(out.element, batched=None)
    return dataset(UNKNOWN)


@method("window")
def _window(ds, args, kwargs, ctx):
    # each element is a dataset of up to `size` consecutive elements (a tuple of datasets for a
    # tuple element); flat_map(lambda w: w.batch(size)) turns them into sequences
    return dataset(map_leaves(ds.element, lambda a: dataset(a, batched=ds.batched)), batched=None)


@method("enumerate")
def _enumerate(ds, args, kwargs, ctx):
    return dataset((ArrayV((), "int"), ds.element), batched=ds.batched)


@method("concatenate")
def _concatenate(ds, args, kwargs, ctx):
    other = _arg(args, kwargs, 0, "dataset", UNKNOWN)
    if not isinstance(other, DatasetV):
        return dataset(UNKNOWN)
    return dataset(join_elements(ds.element, other.element), batched=ds.batched if ds.batched == other.batched else None)


@method("zip")
def _zip_method(ds, args, kwargs, ctx):
    return _zip((ds,) + tuple(args))


@method("apply")
def _apply(ds, args, kwargs, ctx):
    out = _run(ctx, _arg(args, kwargs, 0, "transformation_func", UNKNOWN), (ds,))
    return out if isinstance(out, DatasetV) else UNKNOWN


# -- what fit / evaluate / predict take ------------------------------------------------------------


def _batch_of(a):
    """A leaf of a batched element as fit() gets it: the first axis is the batch, of any size
    (``predict`` gives one row per sample of all the batches, not per batch)."""
    if not isinstance(a, ArrayV):
        return UNKNOWN
    if a.shape is None or not a.shape:
        return a
    b = ArrayV((None,) + tuple(a.shape[1:]), a.dtype, a.one_hot)
    b.batch_of = True  # (training.py makes no reshape fix for it: the data is not an array in the code)
    return b


def _as_given(a):
    if not isinstance(a, ArrayV):
        return UNKNOWN
    b = ArrayV(a.shape, a.dtype, a.one_hot)
    b.batch_of = True
    return b


def fit_data(k, x, y, xn, yn, inputs):
    """The hook of training.py: ``(x, y, yn)`` as fit/evaluate/predict check them.

    A dataset or generator given as ``x`` yields ``(x, y)`` or ``(x, y, sample_weight)`` tuples
    (or ``x`` alone), and Keras takes each element as one batch: a batched element's leaves come
    back with a batch axis of unknown size, any other element's as they are (that is what Keras
    gets); y comes from the element and is reported at x's argument.  A dataset of single
    samples that the model's input shows to be one sample is reported here.  Sequences of
    different lengths (keras.datasets.imdb) are reported here.  Anything else comes back as it
    was given."""
    if isinstance(x, ArrayV) and getattr(x, "ragged", False):
        _ragged(k, x, xn)
        return UNKNOWN, y, yn
    if not isinstance(x, DatasetV):
        return x, y, yn
    element = x.element
    if isinstance(element, tuple):
        if not element or len(element) > 3:
            return UNKNOWN, None, None
        ex, ey = element[0], (element[1] if len(element) > 1 else None)
    else:
        ex, ey = element, None
    if ey is not None and yn is None:
        yn = xn
    if x.batched is not True and _one_sample(k, ex, xn, inputs):
        return UNKNOWN, None, None
    leaf = _batch_of if x.batched is not False else _as_given
    bx = map_leaves(ex, leaf)
    resized = dict(x.attrs).get("resized")
    if resized is not None and isinstance(bx, ArrayV):
        bx.resized = resized  # where the images were resized (engine/keras/data_checks.py)
    by = map_leaves(ey, leaf) if ey is not None else None
    return bx, by, yn


def _one_sample(k, ex, xn, inputs) -> bool:
    """Report a dataset whose elements are single samples of the model's input: Keras takes each
    element as a batch, one rank short, and raises (``Invalid input shape ... Expected shape (None,
    784), but input has incompatible shape (784,)``, checked in Keras 3.15.1 for functional and
    Sequential models and for windows made by ``window``/``flat_map``)."""
    if not (isinstance(ex, ArrayV) and ex.shape is not None and inputs and len(inputs) == 1):
        return False
    want = inputs[0]
    if want is None or len(want) != len(ex.shape) + 1 or not ex.shape:
        return False
    if want[-1] == 1:
        return False  # Keras may add a trailing axis of size 1 itself: not decided here
    if not all(a is None or b is None or (is_int(a) and is_int(b) and a == b) for a, b in zip(ex.shape, want[1:])):
        return False
    i = k.i
    loc = i.vloc(xn.value) if xn is not None else None
    if loc is None:
        return False
    i.diag(loc, "SL201", f"The dataset yields single samples of shape {_fmt(ex.shape)}, but Keras takes each element of "
           f"a dataset as a whole batch: the model expecting {_fmt(want)} gets {_fmt(ex.shape)} and raises 'Invalid "
           f"input shape'. Batch the dataset first, e.g. {i.code(xn.value)}.batch(32).")
    return True


def _ragged(k, x, xn):
    """Sequences of different lengths (an object array, as keras.datasets.imdb/reuters return them)
    given to a model: Keras raises ``Invalid dtype: object`` (checked in Keras 3.15.1)."""
    i = k.i
    loc = i.vloc(xn.value) if xn is not None else None
    if loc is None:
        return
    i.diag(loc, "SL201", f"{i.code(xn.value)} holds sequences of different lengths (a NumPy object array, as "
           f"keras.datasets.imdb and reuters return them); Keras raises 'Invalid dtype: object'. Pad them to one "
           f"length first: keras.utils.pad_sequences({i.code(xn.value)}, maxlen=...).")


def _fmt(shape) -> str:
    dims = ["None" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


