"""The libraries that make arrays (data, not symbolic Keras tensors), one module each, behind one
registry (registry.py) keyed by canonical name.  The modules do not import each other; what they
share is the array algebra of arrays.py (shapes of filled arrays, reshapes, joins, indexing).

Adding a library is adding a module here that registers its names, and its tests."""

from . import (  # noqa: F401  (registration)
    images,
    keras_data,
    keras_utils,
    numpy,
    pandas,
    sklearn,
    tensorflow,
    tfdata,
)
from .registry import Ctx, call, call_method, get_attribute  # noqa: F401
