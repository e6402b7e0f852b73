"""What an analysis produces: plain data, no LSP types.

Positions are 0-based lines and 0-based columns counted in code points (Python ``str``
indices), end exclusive.  The CLI adds 1 for its 1-based output; the language server converts
code points to the client's position encoding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

# A dim is an int, None (unknown / batch, as Keras prints it) or a str (symbolic: the
# expression it came from, e.g. "X_train.shape[1]").
Dim = Union[int, None, str]
Shape = tuple  # tuple[Dim, ...]


@dataclass(frozen=True)
class Span:
    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        if (line, col) < (self.line, self.col):
            return False
        return (line, col) <= (self.end_line, self.end_col)

    def size(self) -> tuple:
        """For picking the innermost of nested spans: lines, then columns."""
        return (self.end_line - self.line, self.end_col - self.col if self.end_line == self.line else 10**6)


@dataclass(frozen=True)
class Edit:
    span: Span
    new_text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple  # tuple[Edit, ...]
    preferred: bool = False
    kind: str = "quickfix"  # "quickfix" | "refactor"


@dataclass(frozen=True)
class Related:
    span: Span
    message: str


@dataclass(frozen=True)
class Diagnostic:
    span: Span
    severity: str  # "error" | "warning" | "information" | "hint"
    code: str  # "SL101"
    message: str
    fixes: tuple = ()  # tuple[Fix, ...]
    related: tuple = ()  # tuple[Related, ...]


@dataclass(frozen=True)
class LayerFact:
    """One application of a layer (a Sequential entry or a functional call)."""

    span: Span  # the constructor call, e.g. ``LSTM(64, return_sequences=True)``
    layer: str  # Keras class name, e.g. "LSTM"
    name: str  # Keras layer name as summary() prints it, e.g. "lstm_1"
    input_shape: object  # Shape | list[Shape] | None
    output_shape: object  # Shape | list[Shape] | None
    params: Optional[int]
    output_names: Optional[tuple] = None  # ("output", "state_h", "state_c") for return_state
    why: tuple = ()  # one-line explanations, e.g. "return_sequences=False → only the last time step"
    hint_at: Optional[tuple] = None  # (line, col) where an inlay hint goes (end of the expression)
    call_span: Optional[Span] = None  # the whole expression the layer was applied in


@dataclass(frozen=True)
class ModelLayerRow:
    name: str
    layer: str
    output_shape: object
    params: Optional[int]
    span: Optional[Span] = None
    # a sublayer of a subclassed model called more than once with different shapes: each call's
    # output shape (``output_shape`` is the last one's); Keras 2's summary printed "multiple"
    calls: tuple = ()


@dataclass(frozen=True)
class ModelFact:
    name: str  # variable name if bound, else Keras name ("sequential", "functional")
    span: Span  # the statement that creates the model
    kind: str  # "sequential" | "functional" | "subclassed"
    inputs: tuple  # tuple[Shape | None, ...]
    outputs: tuple  # tuple[Shape | None, ...]
    params: Optional[int]
    rows: tuple = ()  # tuple[ModelLayerRow, ...]
    trainable_params: Optional[int] = None
    # a subclassed model: which call its shapes come from (and what Keras' own summary shows)
    note: str = ""


@dataclass(frozen=True)
class SymbolFact:
    """A name or expression whose value is a tensor, array or model (for hover)."""

    span: Span
    text: str  # e.g. "x", "model.predict(X)"
    kind: str  # "tensor" | "array" | "model" | "layer" | "prediction"
    shape: object  # Shape | list[Shape] | None
    detail: str = ""  # markdown extra (e.g. the summary table of a model)


@dataclass
class Analysis:
    layers: list = field(default_factory=list)  # list[LayerFact]
    models: list = field(default_factory=list)  # list[ModelFact]
    diagnostics: list = field(default_factory=list)  # list[Diagnostic]
    symbols: list = field(default_factory=list)  # list[SymbolFact]
    refactors: list = field(default_factory=list)  # list[tuple[Span, Fix]]: code actions not tied to a diagnostic
    notices: list = field(default_factory=list)  # list[str]: e.g. "analysis stopped after 2 s"
    complete: Optional[bool] = None  # False when the time budget stopped the analysis before the end
    covered_to: Optional[int] = None  # when not complete: the results of lines before this one are final

    def covers(self, line: int) -> bool:
        """Are the results on this (0-based) line final?"""
        if self.complete is not False and not any(str(n).startswith("analysis stopped") for n in self.notices or ()):
            return True
        return self.covered_to is not None and line < self.covered_to

    def layer_and_span_at(self, line: int, col: int) -> Optional[tuple]:
        """The innermost layer fact whose constructor or call contains the place, and that span."""
        best = None
        for fact in self.layers_on(line, line):
            for sp in (fact.span, fact.call_span):
                if sp is not None and sp.contains(line, col):
                    if best is None or sp.size() < best[1].size():
                        best = (fact, sp)
        return best

    def layer_at(self, line: int, col: int) -> Optional[LayerFact]:
        best = self.layer_and_span_at(line, col)
        return best[0] if best else None

    def symbol_at(self, line: int, col: int) -> Optional[SymbolFact]:
        best = None
        for sym in self.symbols_on(line, line):
            if sym.span.contains(line, col):
                if best is None or sym.span.size() < best.span.size():
                    best = sym
        return best

    # Place queries.  The engine's analysis answers them from the chunks on those lines only;
    # these plain versions look at everything.
    def layers_on(self, first: int, last: int) -> list:
        """The layer facts with a span (constructor, call) or an inlay-hint place on these lines."""
        return [f for f in self.layers if _on(f.span, first, last) or _on(f.call_span, first, last)
                or (f.hint_at is not None and first <= f.hint_at[0] <= last)]

    def symbols_on(self, first: int, last: int) -> list:
        return [s for s in self.symbols if _on(s.span, first, last)]

    def refactors_on(self, first: int, last: int) -> list:
        return [r for r in self.refactors if _on(r[0], first, last)]

    def layer_count(self) -> int:
        return len(self.layers)

    def model_at(self, line: int) -> Optional[ModelFact]:
        for m in self.models:
            if m.span.line <= line <= m.span.end_line:
                return m
        return None


def _on(sp: Optional[Span], first: int, last: int) -> bool:
    """Does the span touch lines first..last?"""
    return sp is not None and sp.line <= last and sp.end_line >= first


def format_dim(d: Dim) -> str:
    if d is None:
        return "None"
    return str(d)


def format_shape(shape: object) -> str:
    """Format like Keras prints: ``(None, 10, 64)``, lists as ``[(None, 64), (None, 64)]``."""
    if shape is None:
        return "?"
    if isinstance(shape, list):
        return "[" + ", ".join(format_shape(s) for s in shape) + "]"
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{k!r}: {format_shape(v)}" for k, v in shape.items()) + "}"
    if len(shape) == 1:
        return "(" + format_dim(shape[0]) + ",)"
    return "(" + ", ".join(format_dim(d) for d in shape) + ")"


def format_params(n: Optional[int]) -> str:
    return "?" if n is None else f"{n:,}"
