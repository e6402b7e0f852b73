"""``import`` statements, and the values of the user's other files.

A name imported from one of the user's own files (``from .blocks import TransformerBlock``,
``from models import build_model``, ``import mypkg.layers as L``) is the value the engine gives
it when it analyses that file: the module is read (never imported) through the session's
``loader`` (engine/modules.py, which caches the analyses of modules by path and text), and its
top-level names are looked up in the environment that analysis ended with.  Keras, NumPy,
TensorFlow and the standard library keep their canonical paths (engine/paths.py); a module the
loader does not find is what it was before (a dotted path, Unknown when relative).

A function of another file runs where it is called, exactly as a local one, but it sees its own
module's globals (:class:`ModuleGlobals`).  What can be shared between files is shared as Python
shares it: objects' attributes, layers' state and the mutable values of a module's globals are
kept in the importing run's environment (``exports``), so that a list one file appends to is
the list the other reads.  Facts and diagnostics placed in another file are not this file's:
the session drops them (session.py, ``_localize``); a model a function of another file makes
and returns is placed at the call (``relocate``)."""

from __future__ import annotations

import re
import sys

import libcst as cst

from ..records import MISSING, NameStart
from ..values import UNKNOWN, ClassV, DictV, InstanceV, ListV, ModelV, _module

# Top-level names never looked for among the user's files: the libraries the engine models by
# their canonical names, and the standard library.
_LIBRARIES = frozenset({"keras", "tensorflow", "tf_keras", "numpy", "__future__"})
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))

_MODULE_CLASS = ClassV("module", ())
_MODULE_CLASS.methods = True  # never a plain data class: its attributes are read from the module


_IMPORT_ONLY = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*(?:from|import)[ \t]")  # a top-level statement that only imports
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

class UserModuleV(InstanceV):
    """One of the user's modules as a value (``import models as M``).  It is an object like an
    instance: ``M.UNITS = 128`` sets an attribute of it in the run's environment (Mutation.set_attr),
    which is also where that module's functions read their globals.  One per analysis of the
    module (``ModuleResult.module_value``): compared by identity."""

    def __init__(self, result):  # (InstanceV's own __init__ is not used: only ``cls`` is needed)
        self.cls = _MODULE_CLASS
        self.result = result

    def __repr__(self) -> str:
        return f"<module {self.result.name!r}>"


def module_attr_key(mv, name: str) -> str:
    """Where an attribute of a module (its global ``name``) lives in the run's environment."""
    return f"\0attr:{id(mv)}:{name}"


class ModuleGlobals:
    """The module scope a function of another file sees while it runs: its module's globals
    (those the run changed first, kept in the run's environment under the module's attribute
    keys, then the environment its analysis ended with).  Keys of the run's own bookkeeping
    (``\\0...``: attributes, layers' state, Keras settings) are the run's, shared by every file."""

    __slots__ = ("real", "state")

    def __init__(self, real, state):
        self.real = real  # the run's Globals (or its overlay)
        self.state = state  # engine.modules.ModuleState of the function's file

    def _key(self, name: str) -> str:
        result = self.state.result
        return module_attr_key(result.module_value, name) if result is not None else "\0none:" + name

    def lookup(self, name):
        if name[:1] == "\0":
            return self.real.lookup(name)
        v = self.real.lookup(self._key(name))
        if v is not MISSING:
            return v
        result = self.state.result
        if result is None or result.unknown:
            return UNKNOWN
        # read from the module's analysis: the statement depends on that analysis (its marker,
        # written by the import, changes when the module's analysis does)
        self.real.lookup(f"\0mod:{id(result)}")
        return result.env.get(name, MISSING)

    def assign(self, name, value):
        self.real.assign(name if name[:1] == "\0" else self._key(name), value)

    def has_local(self, name) -> bool:
        return False

    def overlay(self) -> "ModuleGlobals":
        return ModuleGlobals(self.real.overlay(), self.state)

    # (Control and Mutation look at these only for the scope they run in, never another file's)
    @property
    def env(self):
        return self.real.env

    @property
    def reads(self):
        return self.real.reads

    @property
    def writes(self):
        return self.real.writes


def chunk_module(chunk):
    """The ModuleState of the file a statement belongs to (None: the analysed file itself)."""
    return getattr(chunk, "module", None)


class Imports:
    """Interp's part for import statements and the values of other files (mixed into Interp
    before the other parts: its ``getattr``, ``call_func`` and ``mutate`` come first)."""

    # -- statements ------------------------------------------------------------------------
    def exec_import(self, small: cst.Import, scope):
        for alias in small.names:
            full = self.code(alias.name)
            top = full.split(".")[0]
            if alias.asname is not None:
                mv = self.user_module(full, 0)
                self.bind(alias.asname.name, _module(self.k.canon(full), full) if mv is None else mv, scope)
                continue
            mv = self.user_module(top, 0)
            if mv is not None and full != top:
                self.user_module(full, 0)  # ``import a.b`` runs a/b.py too (its effects on shared state)
            self.bind(top, _module(self.k.canon(top), top) if mv is None else mv, scope)

    def _unused_here(self, small, names) -> bool:
        """In the file being checked itself (not a module it imports, whose names its importers
        may use): are these names mentioned nowhere but in statements that only import?  Then the
        module is not analysed (a package's ``__init__.py`` re-exporting hundreds of modules
        would otherwise analyse all of them; nothing this file reports rests on them)."""
        s = self.session
        text = getattr(s, "_text", None)
        if s.module is not None or not text or not names:
            return False
        if chunk_module(self.chunk) is not None:
            return False  # a statement of another file (a function of it called from here)
        counts = getattr(s, "_ident_counts", None)
        if counts is None or counts[0] is not text:
            # identifiers outside the statements that only import (``from m import (A as B)``:
            # ``__init__.py`` files re-export a name under several aliases, and one alias
            # mentioning the name does not use it)
            counts = (text, {})
            for _line, piece in getattr(s, "_pieces", None) or ((0, text),):
                if _IMPORT_ONLY.match(piece) and ";" not in piece:
                    continue
                for w in _IDENT.findall(piece):
                    counts[1][w] = counts[1].get(w, 0) + 1
            s._ident_counts = counts
        return all(counts[1].get(n, 0) == 0 for n in names)

    def exec_import_from(self, small: cst.ImportFrom, scope):
        level = len(small.relative)
        mod = self.code(small.module) if small.module is not None else ""
        star = isinstance(small.names, cst.ImportStar)
        if not star and (level or mod.split(".")[0] not in _LIBRARIES) \
                and self._unused_here(small, [self._alias_name(a) for a in small.names]):
            for alias in small.names:
                self.bind(self._alias_name(alias), UNKNOWN, scope)
            return
        mv = self.user_module(mod, level) if (level or mod) else None
        if mv is None:
            if level:  # a relative import of a module not found: its names are Unknown
                for alias in ([] if star else small.names):
                    self.bind(self._alias_name(alias), UNKNOWN, scope)
                return
            self.k.legacy_import(small, mod)  # a Keras 2 module Keras 3 removed (keras/legacy.py)
            if star:
                for name, path in self.k.star_names(self.k.canon(mod)):
                    scope.assign(name, _module(path, path))
                return
            for alias in small.names:
                name = self.code(alias.name)
                self.bind(self._alias_name(alias), _module(self.k.canon(mod + "." + name), mod + "." + name), scope)
            return
        if star:
            if mv is UNKNOWN:
                return  # which names it binds is not known (as for a module the engine does not model)
            for name in _public_names(mv.result.env):
                scope.assign(name, self.module_member(mv, name))
            return
        for alias in small.names:
            name = self.code(alias.name)
            self.bind(self._alias_name(alias), UNKNOWN if mv is UNKNOWN else self.module_member(mv, name), scope)

    # -- modules ---------------------------------------------------------------------------
    def _importer(self):
        """(path of the file whose code runs now, the import stack for its imports)."""
        s = self.session
        state = chunk_module(self.chunk)
        if state is None or state is s.module:
            return s.path, s.stack
        stack = s.stack if state.path in s.stack else s.stack + (state.path,)
        return state.path, stack

    def user_module(self, dotted: str, level: int, importer=None):
        """The user's module ``dotted`` (relative to the running file at ``level``), as a
        UserModuleV; UNKNOWN when it exists but cannot be followed (a cycle, too big, a syntax
        error, out of time); None when it is not one of the user's files."""
        s = self.session
        loader = getattr(s, "loader", None)
        if loader is None or s.run_ctx is None:
            return None
        if level == 0 and (not dotted or dotted.split(".")[0] in _LIBRARIES or dotted.split(".")[0] in _STDLIB):
            return None
        path, stack = self._importer()
        if importer is not None:
            path = importer
        req = (path, dotted, level, stack)
        try:
            res = loader.load(s.run_ctx, *req)
        except RecursionError:
            raise
        except Exception:
            from .. import debug

            if debug.STRICT:
                raise
            res = None
        s.note_dep(req, res)
        if res is None:
            return None
        if res.unknown:
            return UNKNOWN
        self.absorb(res)
        return res.module_value

    def absorb(self, res) -> None:
        """Once per run: what the module's analysis left in the shared environment (attributes,
        layers' state, the mutable values of its globals, the modules it imported in turn)."""
        marker = f"\0mod:{id(res)}"
        g = self.g
        if g.lookup(marker) is not MISSING:
            return
        # the marker's value: the automatic layer names the module's own statements used
        g.assign(marker, res.own_counts)
        counts = dict(res.own_counts)
        for k, v in res.exports.items():
            # an object's state (``\0kind:id:...``) a module imported before (through another)
            # left stays as the run made it; a setting (``\0data_format``) is the module's, run now
            if ":" not in k:
                g.assign(k, v)
            elif g.lookup(k) is MISSING:
                g.assign(k, v)
                if k[:5] == "\0mod:" and isinstance(v, dict):  # a module imported through this one, run now
                    for base, n in v.items():
                        counts[base] = counts.get(base, 0) + n
        if counts and not self.tentative:
            # the layers its statements made took their names first (Keras numbers them per process)
            rec = self.rec
            if rec.autos is None:
                rec.autos = {}
                rec.names = NameStart(self.session.name_counts)
            for base, n in counts.items():
                rec.autos[base] = rec.autos.get(base, 0) + n

    def module_member(self, mv, name: str):
        """``M.name`` / ``from M import name``: the module's global (as this run left it), else a
        submodule of a package, else Unknown."""
        res = mv.result
        if res.unknown:
            return UNKNOWN
        v = self.g.lookup(module_attr_key(mv, name))
        if v is not MISSING:
            return v
        v = res.env.get(name, MISSING)
        if v is not MISSING:
            return v
        if res.package:
            sub = self.user_module(name, 1, importer=res.init_path)
            if sub is not None:
                return sub
        return UNKNOWN

    # -- hooks into the other parts --------------------------------------------------------
    def getattr(self, base, attr, node):
        if type(base) is UserModuleV:
            return self.module_member(base, attr)
        return super().getattr(base, attr, node)

    def call_func(self, fn, args, kwargs, definition=False):
        s = self.session
        if definition and s.module is not None:
            return UNKNOWN  # an imported module's functions are run where they are called, not analysed alone
        state = chunk_module(getattr(fn, "chunk", None))
        g = self.g
        foreign_now = type(g) is ModuleGlobals
        if state is s.module and not foreign_now:
            return super().call_func(fn, args, kwargs, definition)
        real = g.real if foreign_now else g
        entering = not foreign_now and state is not s.module  # this file's code calls into another file
        site = self.cur_stmt_loc if entering else None
        self.g = real if state is s.module else ModuleGlobals(real, state)
        try:
            out = super().call_func(fn, args, kwargs, definition)
        finally:
            self.g = g
        if entering and site is not None:
            out = self.relocate(out, site, state)
        return out

    def mutate(self, old, new, scope):
        g = self.g
        if type(g) is ModuleGlobals:  # the holders are the run's names, whichever file's code runs
            self.g = g.real
            try:
                return super().mutate(old, new, scope)
            finally:
                self.g = g
        return super().mutate(old, new, scope)

    def relocate(self, v, site, state, depth: int = 2):
        """A model made by another file's function, handed back to this file, is this file's
        model from the call on (its facts are placed at the call); one its module holds stays there."""
        if isinstance(v, ModelV):
            if chunk_module(getattr(v.loc, "chunk", None)) is not None and not _held(v, state):
                return v.evolve(loc=site, var=None)
            return v
        if depth and type(v) is tuple:
            items = tuple(self.relocate(x, site, state, depth - 1) for x in v)
            return v if all(a is b for a, b in zip(items, v)) else items
        if depth and isinstance(v, ListV):
            items = tuple(self.relocate(x, site, state, depth - 1) for x in v.items)
            return v if all(a is b for a, b in zip(items, v.items)) else ListV(items)
        return v


def _held(m, state) -> bool:
    """Does the module's environment hold this very model (a module-level model)?"""
    result = getattr(state, "result", None)
    if result is None:
        return True
    for v in result.env.values():
        if v is m:
            return True
        if isinstance(v, (tuple, ListV)):
            for x in (v if isinstance(v, tuple) else v.items):
                if x is m:
                    return True
    return False


def _public_names(env: dict) -> list:
    """What ``from M import *`` binds: ``__all__`` when it is a known list of names, else the
    names not starting with an underscore."""
    names = env.get("__all__")
    if isinstance(names, (ListV, tuple)):
        items = names.items if isinstance(names, ListV) else names
        if all(isinstance(n, str) for n in items):
            return [n for n in items if n in env]
    return [n for n in env if n[:1] not in ("_", "\0")]


def exports_of(env: dict, module_value) -> dict:
    """What importing a module leaves in the importing run's environment: the shared
    bookkeeping (``\\0`` keys) and its globals that can change in place (lists, dicts, models,
    and tuples of them), under the module's attribute keys (so a mutation seen anywhere is
    seen by the module's functions and by every file that reads the name)."""
    out = {}
    for k, v in env.items():
        if k[:1] == "\0":
            out[k] = v
        elif _mutable(v):
            out[module_attr_key(module_value, k)] = v
    return out


def _mutable(v, depth: int = 2) -> bool:
    if isinstance(v, (ListV, DictV, ModelV)):
        return True
    if depth and type(v) is tuple:
        return any(_mutable(x, depth - 1) for x in v)
    return False
