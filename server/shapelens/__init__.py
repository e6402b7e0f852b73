"""shapelens: Keras tensor shapes from source, without running it."""

__version__ = "0.1.0"

__all__ = [
    "Analysis", "Analyzer", "Diagnostic", "Edit", "Fix", "LayerFact", "ModelFact", "Span",
    "SymbolFact", "analyze", "format_shape", "__version__",
]

_RESULTS = {"Analysis", "Diagnostic", "Edit", "Fix", "LayerFact", "ModelFact", "Span", "SymbolFact", "format_shape"}


def __getattr__(name):
    # Lazy, so that ``python -m shapelens`` can take the working folder off sys.path before any
    # dependency (libcst, pygls) is imported: a user's file named libcst.py must never run.
    if name in ("Analyzer", "analyze"):
        from . import analysis as module
    elif name in _RESULTS:
        from . import results as module
    else:
        raise AttributeError(name)
    return getattr(module, name)
