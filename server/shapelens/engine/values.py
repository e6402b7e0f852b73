"""Abstract values of the interpreter.

Python ints, floats, strs, bools and None stand for themselves; tuples are Python tuples.
Everything the engine cannot know is ``UNKNOWN``, and nothing is ever reported about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "Unknown"

    def __bool__(self) -> bool:  # guard against accidental truth tests
        raise TypeError("truth value of Unknown")


UNKNOWN = _Unknown()


def is_unknown(v) -> bool:
    return v is UNKNOWN


@dataclass(frozen=True)
class Sym:
    """An int the engine cannot compute but can name (``X_train.shape[1]``, a parameter)."""

    expr: str

    def __str__(self) -> str:
        return self.expr


@dataclass(frozen=True)
class Param:
    """A value the engine did not follow, with a name to show: a parameter of a function analysed
    without a call (``input_shape``, ``units``) and what is computed from it.  Its type is not
    known (a tuple, an int, a list...), so nothing that depends on its type or value is ever
    reported; used where a dim is expected it is shown by name, like a symbol."""

    expr: str

    def __str__(self) -> str:
        return self.expr


def is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def dim_of(v):
    """A value used as a dimension: int, None, Sym/Param name (str) — or UNKNOWN."""
    if is_int(v) or v is None:
        return v
    if isinstance(v, (Sym, Param)):
        return v.expr
    return UNKNOWN


@dataclass(frozen=True, eq=False, slots=True)
class Loc:
    """A place in the source: a chunk (whose first line can move) and a chunk-relative span."""

    chunk: object
    line: int
    col: int
    end_line: int
    end_col: int

    @property
    def abs_line(self) -> int:
        return self.chunk.line + self.line


@dataclass(frozen=True)
class ListV:
    items: tuple


@dataclass(frozen=True)
class DictV:
    items: tuple  # ((key, value), ...)

    def get(self, key, default=None):
        for k, v in self.items:
            if k == key:
                return v
        return default

    def keys(self):
        return [k for k, _ in self.items]

    def values(self):
        return [v for _, v in self.items]


@dataclass(frozen=True)
class ModuleV:
    path: str  # canonical dotted path, e.g. "keras.layers", "numpy"
    # the path as imported, when it differs (tensorflow.keras.layers); two spellings of one
    # module are the same value (``try: import keras / except ImportError: from tensorflow import keras``)
    raw: str = field(default="", compare=False)


@dataclass(frozen=True)
class Builtin:
    path: str  # canonical dotted path of a known callable, e.g. "keras.layers.LSTM", "numpy.zeros"


@dataclass(frozen=True)
class BoundMethod:
    obj: object
    name: str
    receiver: Optional[str] = None  # the simple name the object was read from (for rebinding)


@dataclass(eq=False)
class FuncV:
    name: str
    node: object  # libcst FunctionDef or Lambda
    scope: object  # defining scope (None = module)
    chunk: object
    defaults: dict = field(default_factory=dict)


@dataclass(eq=False)
class ClassV:
    name: str
    bases: tuple
    is_layer: bool = False
    is_model: bool = False
    attrs: dict = field(default_factory=dict)  # plain values assigned in the class body
    # its methods: name -> (kind, FuncV) with kind "method" | "static" | "class" | "property", or
    # UNKNOWN (a decorator that may replace it); read for Keras Layer and Model subclasses
    funcs: dict = field(default_factory=dict)
    keras: str = ""  # "layer" | "model": a subclass the engine follows; "other": a Keras one it does not


@dataclass(eq=False)
class InstanceV:
    """An instance of a user class (not a Layer or Model): its attributes are whatever was
    assigned to them (in the run's environment, see Interp.set_attr), else the class's."""

    cls: ClassV


@dataclass(eq=False)
class KerasObjV(InstanceV):
    """An instance of a user-defined subclass of ``keras.layers.Layer`` or ``keras.Model``: its
    ``__init__``, ``build`` and ``call`` are run by the interpreter (engine/keras/subclass.py).
    Its attributes are kept in the run's environment (``"\\0attr:<id>:<name>"``), like any
    instance's; ``proxy`` stands for it in model graphs and layer tables (its name, its place,
    its weight count), and a model's summary is its ``ModelV`` kept in the environment."""

    kind: str = "layer"  # "layer" | "model"
    loc: Optional["Loc"] = None  # the constructor call (``Block(64)``)
    proxy: Optional["LayerV"] = None
    level: int = 0  # Interp.maybe when it was made: its own attributes set at that level are exact


@dataclass(eq=False)
class SuperV(InstanceV):
    """``super()`` in a method of ``cls`` (``InstanceV.cls``): attributes are looked up after it."""

    obj: object = None


@dataclass(frozen=True)
class PartialV:
    """``functools.partial(func, *args, **kwargs)``."""

    func: object
    args: tuple
    kwargs: tuple  # ((name, value), ...)


class LibValue:
    """Base of the values an array library makes that are not arrays (a scikit-learn scaler, a
    pandas ``.iloc`` indexer or column index): their attributes, items and methods are the
    library's business (engine/libraries); everything else treats them as Unknown."""

    __slots__ = ()


@dataclass(eq=False)
class ArrayV:
    """A numpy / tf array (data, not a symbolic tensor)."""

    shape: Optional[tuple]  # dims: int | Sym-name str | None (unknown dim); None = unknown rank
    dtype: Optional[str] = None  # "int" | "float" | "bool" | None
    one_hot: bool = False  # rows are one-hot (to_categorical / np.eye(n)[y])
    loc: Optional[Loc] = None


@dataclass(eq=False)
class Tensor:
    """A symbolic KerasTensor."""

    shape: Optional[tuple]  # None = rank unknown
    sources: frozenset = frozenset()  # ids of the keras.Input tensors it depends on
    layer: Optional["LayerV"] = None  # the layer whose output this is
    producer_loc: Optional[Loc] = None
    last_step_of: Optional["LayerV"] = None  # set when a recurrent layer returned only its last step
    index: int = 0  # which output of the layer
    is_input: bool = False
    input_id: int = 0
    input_loc: Optional[Loc] = None
    input_var: Optional[str] = None
    input_arg: object = None  # (Loc of the shape argument, its source text, kind) for fixes
    seq: int = 0  # order of creation (functional layer tables)
    dtype: Optional[str] = None
    parents: tuple = ()  # input tensors of the producing call (for model layer tables)


@dataclass(frozen=True)
class TensorList:
    """What a layer returns when it has several outputs (return_state, merge_mode=None)."""

    items: tuple
    names: tuple = ()
    layer: Optional["LayerV"] = None


@dataclass(eq=False)
class LayerV:
    rule: object  # catalog rule
    cfg: dict  # bound constructor arguments (after defaults)
    loc: Optional[Loc]
    name: str  # Keras name ("lstm_1")
    explicit: set = field(default_factory=set)  # argument names the user wrote
    inner: Optional["LayerV"] = None  # wrapped layer (Bidirectional, TimeDistributed)
    backward: Optional["LayerV"] = None
    cells: tuple = ()  # RNN cells
    cells_is_list: bool = False
    # (its weight count, once called, is in the run's environment: KerasOps.params_of)
    arg_locs: dict = field(default_factory=dict)  # argument name -> Loc of its value
    kwargs_loc: Optional[Loc] = None  # Loc of the whole constructor call's argument list end
    input_shape_arg: object = None  # input_shape= / batch_input_shape= given to the constructor
    input_arg: object = None  # (Loc, source text, keyword, value) of input_shape=
    has_args: bool = False
    insert_loc: Optional[Loc] = None  # zero-width place to add a keyword argument

    @property
    def class_name(self) -> str:
        return self.rule.name


@dataclass(eq=False)
class ModelV:
    kind: str  # "sequential" | "functional"
    loc: Optional[Loc]
    name: str
    layers: tuple = ()  # LayerV in order (Sequential: user layers)
    inputs: tuple = ()  # Tensor
    outputs: object = None  # Tensor | TensorList | DictV | tuple
    var: Optional[str] = None
    loss: object = None
    rows: tuple = ()  # (LayerV, output shape, params)
    seq_input: object = None  # Sequential: the Input tensor if known
    seq_out: object = None  # Sequential: the current output (Tensor/TensorList) or None if not built
    seq_broken: bool = False  # an error occurred while stacking: stop reporting further
    key: int = 0  # identity across versions (Sequential.add makes new versions)
    tentative: bool = False  # made while a function body was analysed at its definition
    # a subclassed model (kind "subclassed", or "functional" for the functional-in-__init__
    # pattern): its class name, the call its shapes come from (Loc, text, how: "call" | "build" |
    # "fit"...) and the weights it makes itself with add_weight
    cls_name: Optional[str] = None
    origin: object = None
    own_params: Optional[int] = 0
    # per row of a subclassed model: the distinct output shapes of a sublayer called more than
    # once with different shapes (() otherwise)
    row_calls: tuple = ()

    def evolve(self, **kw) -> "ModelV":
        return replace(self, **kw)


def _module(path: str, raw: str) -> ModuleV:
    return ModuleV(path, raw if raw != path else "")


class _Slice:
    __slots__ = ("lo", "hi", "step")

    def __init__(self, lo, hi, step):
        self.lo, self.hi, self.step = lo, hi, step

    def to_slice(self):
        for v in (self.lo, self.hi, self.step):
            if v is not None and not is_int(v):
                return None
        return slice(self.lo, self.hi, self.step)


def decided(v, depth=3) -> bool:
    """Is ``v`` a value whose equality the engine can decide (no Unknown, symbol or parameter in it)?"""
    if v is None or isinstance(v, (int, float, str, bool)):
        return True
    if isinstance(v, (tuple, ListV)) and depth:
        return all(decided(x, depth - 1) for x in (v if isinstance(v, tuple) else v.items))
    if isinstance(v, DictV) and depth:
        return all(decided(k, depth - 1) and decided(x, depth - 1) for k, x in v.items)
    return isinstance(v, (ModuleV, FuncV, ClassV, LayerV, ModelV, KerasObjV))
