"""The registry of the libraries that make arrays: one handler per canonical name
(``numpy.zeros``, ``tensorflow.random.normal``, ``keras.utils.to_categorical``), and one per
method name of an array value (``reshape``, ``astype``).  A library is a module of this package
that registers its names; the interpreter asks :func:`call` and :func:`call_method`.

A handler takes ``(args, kwargs)`` (the evaluated arguments) and returns the value: an
``ArrayV`` with the shape the library computes, or ``UNKNOWN`` where it cannot know.
"""

from __future__ import annotations

from ..records import MISSING

FUNCTIONS: dict = {}
METHODS: dict = {}


def function(*paths: str):
    """Register a handler for these canonical names."""
    def deco(fn):
        for p in paths:
            FUNCTIONS[p] = fn
        return fn
    return deco


def method(*names: str):
    """Register a handler ``(array, args, kwargs)`` for these methods of array values."""
    def deco(fn):
        for n in names:
            METHODS[n] = fn
        return fn
    return deco


def call(path: str, args, kwargs):
    fn = FUNCTIONS.get(path)
    return MISSING if fn is None else fn(args, kwargs)


def call_method(arr, name: str, args, kwargs):
    fn = METHODS.get(name)
    return MISSING if fn is None else fn(arr, args, kwargs)
