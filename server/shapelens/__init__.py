"""shapelens: Keras tensor shapes from source, without running it."""

from .results import Analysis, Diagnostic, Fix, Edit, LayerFact, ModelFact, Span, SymbolFact, format_shape
from .analysis import Analyzer, analyze

__version__ = "0.1.0"

__all__ = [
    "Analysis", "Analyzer", "Diagnostic", "Edit", "Fix", "LayerFact", "ModelFact", "Span",
    "SymbolFact", "analyze", "format_shape", "__version__",
]
