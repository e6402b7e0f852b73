"""Keras 1/2 imports of modules Keras 3 removed (``from keras.layers.core import Dense``, ``from
keras.utils import np_utils``), and what every entry of the Legacy mixin (legacy.py) shares: the
report it makes (SL120, with the Keras 3 spelling as a quick fix) and the version guards under
which it stays silent (code that checks the Keras version before using an old spelling)."""

from __future__ import annotations

import logging
import re

import libcst as cst

from ...catalog import ALIASES, FUNCTIONAL_MERGES, RULES
from ...catalog import legacy as table

log = logging.getLogger("shapelens.engine")

LEGACY_CODE = "SL120"
LEGACY_METHODS = frozenset(table.REMOVED_METHODS)


_VERSION_MARKS = ("__version__", "VERSION", "LooseVersion", "version.parse", "parse_version", "keras.version(")
_VERSION_ASSIGN = re.compile(r"^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)(.*)$", re.MULTILINE)


def _names(node, depth=0):
    """The Name nodes in an expression."""
    if depth > 100:
        return
    if isinstance(node, cst.Name):
        yield node
    for child in node.children:
        yield from _names(child, depth + 1)


class LegacyImports:
    """Legacy's part for imports of removed modules, version guards and the report."""

    # -- imports of removed modules --------------------------------------------------------------
    def legacy_import(self, small, mod: str) -> None:
        """``from <a module Keras 3 removed> import ...`` (keras.layers.core, keras.utils.np_utils,
        ...) or ``from keras.utils import np_utils``: what Keras 3 raises, with the Keras 3 import
        as the fix.  The names it binds are followed as before (engine/paths.py reads
        keras.layers.core.Dense as keras.layers.Dense)."""
        try:
            self._legacy_import(small, mod)
        except Exception:  # noqa: BLE001
            from .. import debug

            if debug.STRICT:
                raise
            log.debug("legacy import failed", exc_info=True)

    @staticmethod
    def _module_has(module: str, name: str) -> bool:
        if module == "keras.layers":
            return name in RULES or name in FUNCTIONAL_MERGES or name in ALIASES or name in ("Input", "Layer",
                                                                                           "InputLayer")
        if module == "keras.utils":
            return name in table.UTILS_NAMES
        return False

    def _import_guarded(self, small) -> bool:
        """Is the import inside an ``if`` or a ``try`` (the usual way of supporting both Keras 2
        and 3: ``try: from keras.layers.core import Dense / except ImportError: ...``)?  Then
        whether it runs under Keras 3 is not known: nothing is said."""
        module = getattr(self.i.parsed, "module", None)
        if module is None:
            return True
        cache = self.__dict__.setdefault("_guarded_imports", {})
        key = id(module)
        if key not in cache:
            guarded: set = set()
            guards = tuple(t for t in (cst.If, cst.Try, getattr(cst, "TryStar", None), cst.While, cst.For, cst.With)
                           if t is not None)

            def walk(node, inside, depth=0):
                if depth > 200:
                    return
                if isinstance(node, (cst.ImportFrom, cst.Import)) and inside:
                    guarded.add(id(node))
                inside = inside or isinstance(node, guards)
                for child in node.children:
                    walk(child, inside, depth + 1)

            walk(module, False)
            cache[key] = (module, guarded)  # the module is kept so that its id is not reused
        return id(small) in cache[key][1]

    def _call_guarded(self, node) -> bool:
        """Is this call written where the Keras 2 spelling is guarded: inside the body or a handler
        of a ``try`` whose handlers catch what Keras 3 raises (``try: Adam(lr=...) / except
        ValueError: Adam(learning_rate=...)``, or the other way round), or
        under an ``if`` on the library version (``if keras.__version__.startswith("2")``, or a
        name set from ``tf.__version__``) or on ``hasattr(model, "fit_generator")`` (a removed
        method: Keras 3 takes the other branch)?  Then nothing is said.  (``hasattr(...,
        "legacy")`` is no guard: Keras 3 still has keras.optimizers.legacy, whose optimizers
        raise.)"""
        module = getattr(self.i.parsed, "module", None)
        if module is None:
            return False
        # names set from the version anywhere in the document (each top-level statement is its
        # own chunk: ``major = int(tf.__version__.split(".")[1])`` / ``if major < 11: ...``)
        texts = [getattr(c, "text", "") for c in getattr(self.i.session, "chunks", ())] or [module.code]
        names = frozenset(m.group(1) for t in texts for m in _VERSION_ASSIGN.finditer(t)
                          if any(k in m.group(2) for k in _VERSION_MARKS))
        cache = self.__dict__.setdefault("_guarded_calls", {})
        key = (id(module), names)
        if key not in cache:
            cache[key] = (module, self._guarded_call_ids(module, names))
        return id(node) in cache[key][1]

    @staticmethod
    def _guarded_call_ids(module, version_names) -> set:
        code = module.code_for_node
        version_marks = _VERSION_MARKS
        removed = "|".join(sorted(LEGACY_METHODS))
        has_removed = re.compile(r"(?:hasattr|getattr)\([^()]*?,\s*['\"](?:" + removed + r")['\"]")
        caught = {"Exception", "BaseException", "ValueError", "TypeError", "AttributeError", "ImportError",
                  "ModuleNotFoundError"}

        def catches(handler) -> bool:
            if handler.type is None:
                return True
            names = re.findall(r"[A-Za-z_][A-Za-z_0-9]*", code(handler.type))
            return any(n in caught for n in names)

        def guard_test(test) -> bool:
            text = code(test)
            if any(m in text for m in version_marks) or has_removed.search(text):
                return True
            return any(isinstance(n, cst.Name) and n.value in version_names for n in _names(test))

        guarded: set = set()
        trys = tuple(t for t in (cst.Try, getattr(cst, "TryStar", None)) if t is not None)

        def walk(node, inside, depth=0):
            if depth > 200:
                return
            if inside and isinstance(node, cst.Call):
                guarded.add(id(node))
            if isinstance(node, trys) and any(catches(h) for h in node.handlers):
                # the body may raise under Keras 3, and a handler runs only if it did
                for child in node.children:
                    walk(child, inside or child is node.body or any(child is h for h in node.handlers), depth + 1)
                return
            if isinstance(node, cst.If) and guard_test(node.test):
                for child in node.children:
                    walk(child, True, depth + 1)
                return
            for child in node.children:
                walk(child, inside, depth + 1)

        walk(module, False)
        return guarded

    def _legacy_diag(self, node, loc, msg, fixes=None) -> None:
        """The SL120 diagnostic of a call, unless the call is guarded (``_call_guarded``)."""
        if self._call_guarded(node):
            return
        if fixes is None:
            self.i.diag(loc, LEGACY_CODE, msg)
        else:
            self.i.diag(loc, LEGACY_CODE, msg, fixes=fixes)

    def _legacy_import(self, small, mod: str) -> None:
        i = self.i
        if not mod.startswith("keras.") or self._import_guarded(small):
            return
        names = None if isinstance(small.names, cst.ImportStar) else [i.code(a.name) for a in small.names]
        if mod in table.REMOVED_MODULES:
            new = table.REMOVED_MODULES[mod]
            missing = table.MISSING_MODULE.get(mod, mod)
            fixes = []
            if new and names and all(self._module_has(new, n) for n in names):
                fixes.append(self.fix(f"Import from {new}", [(i.loc(small.module), new)], True))
            hint = f" The same names are in {new}." if new else table.MODULE_HINT.get(mod, "")
            i.diag(i.loc(small.module), LEGACY_CODE,
                   f"Keras 3 has no module {mod}: this import raises \"ModuleNotFoundError: No module named "
                   f"'{missing}'\".{hint}", fixes=[f for f in fixes if f])
            return
        if not names:
            return
        for alias in small.names:
            name = i.code(alias.name)
            moved = table.REMOVED_NAMES.get((mod, name))
            if moved is not None:
                fixes = []
                if len(small.names) == 1:
                    fixes.append(self.fix(f"Import it from {moved}", [(i.loc(small.module), moved)], True))
                i.diag(i.loc(alias), LEGACY_CODE,
                       f"Keras 3 no longer exports {name} from {mod}: this import raises \"ImportError: cannot import "
                       f"name '{name}' from '{mod}'\". {moved} still gives it (or use "
                       f"keras.utils.{'image_dataset_from_directory' if 'image' in mod else 'timeseries_dataset_from_array'}"
                       f").", fixes=[f for f in fixes if f])
                continue
            new = table.REMOVED_SUBMODULES.get((mod, name))
            if new is None:
                continue
            fixes = []
            if len(small.names) == 1:
                pkg, last = new.rsplit(".", 1)
                bound = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) \
                    else name
                fixes.append(self.fix(f"Import {new} as {bound}", [(i.loc(small), f"from {pkg} import {last} as {bound}")],
                                      True))
            i.diag(i.loc(alias), LEGACY_CODE,
                   f"Keras 3 has no {mod}.{name}: this import raises \"ImportError: cannot import name '{name}' from "
                   f"'{mod}'\". What it held (to_categorical, ...) is in {new} itself.", fixes=[f for f in fixes if f])
