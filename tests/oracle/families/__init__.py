"""Generators of further layer families, one module per family group (convolutions, pooling and
resampling, preprocessing, ...).  Each module registers its strategies in ``cases.GENERATORS``
with ``cases.generator`` when imported; cases.py imports this package at its end."""

import importlib
import pkgutil

for _m in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_m.name}")
