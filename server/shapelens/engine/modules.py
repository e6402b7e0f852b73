"""The user's other files, analysed as modules for the files that import them.

The engine reads files only through a :class:`ModuleSource` the adapter gives (the CLI: the
file system, shapelens/workspace.py; the language server: the editor's text of open documents,
else the disk).  A :class:`ModuleLoader` is shared by the analyses of one process: it keeps, per
module file, an incremental :class:`~engine.session.Session` (so an edit in an imported file
re-runs from its changed statement) and the result of its last run (the environment its
top-level statements ended with).  A result is reused while the module's text and the results of
the modules it imports are the same; it is computed again otherwise.

Import cycles are cut: a module on the current import stack is Unknown.  Because a module's
result then depends on which of the modules it reaches are on the stack, each result records
that set (``ctx``) and serves only imports made with the same one.  Imports deeper than
``max_depth`` are Unknown too; a result that met that bound serves only imports at the same
depth, one that did not serves any import with room for its own chain of imports (``height``).
So the results never depend on the order in which files are analysed.  A module that is too big,
unreadable, has a syntax error or was not analysed to its end in time is Unknown as a whole.

Time: the imports of one run may take ``IMPORT_SHARE`` of its budget (the importing file's own
statements always get the rest); an import not analysed by then is Unknown for this run, which
says so (``RunContext.time_cut``: the language server runs again and the analyses go on from
where they stopped).  None of this is ever reported as a diagnostic."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Optional

from .python.imports import UserModuleV, exports_of

MAX_DEPTH = 16  # nested imports followed (a deeper one is Unknown)
MAX_MODULES = 256  # module files kept analysed per loader (least recently used dropped)
MAX_VARIANTS = 4  # analyses of one file for different import stacks (cycles)
MODULE_BUDGET = 5.0  # seconds for one module's analysis (and never past the importing run's end)
IMPORT_SHARE = 0.75  # of a run's time budget, what its imports may take


@dataclass(frozen=True)
class Found:
    """A module a source found: its file (a package's ``__init__.py``), its text (None: not
    readable, or too big), whether it is a package, and whether it is a namespace package (a
    folder without ``__init__.py``: ``path`` is the folder, it has no text)."""

    path: str
    text: Optional[str]
    package: bool = False
    namespace: bool = False


# (importing file's path or None, dotted name, level of a relative import) -> Found | None
ModuleSource = Callable[[Optional[str], str, int], Optional[Found]]


class ModuleResult:
    """One analysis of a module: the environment its top-level statements ended with (or
    ``unknown``), the files it rests on (``reach``) and its value (a UserModuleV)."""

    __slots__ = ("state", "name", "env", "unknown", "reach", "package", "init_path", "module_value", "_exports",
                 "own_counts", "height", "depth_cut", "__weakref__")

    def __init__(self, state, name: str, env: dict, unknown: bool, reach: frozenset, package: bool = False,
                 init_path: Optional[str] = None, height: int = 1, depth_cut: bool = False):
        self.state = state
        self.name = name
        self.env = env
        self.unknown = unknown
        self.reach = reach
        self.package = package
        self.init_path = init_path
        self.module_value = UserModuleV(self)
        self._exports = None
        self.own_counts: dict = {}  # Keras' automatic layer names its own statements used (base -> how many)
        self.height = height  # the longest chain of imports it rests on (itself: 1)
        self.depth_cut = depth_cut  # an import below it was too deep (so it depends on the depth it is at)

    @property
    def exports(self) -> dict:
        if self._exports is None:
            self._exports = {} if self.unknown else exports_of(self.env, self.module_value)
        return self._exports


class ModuleState:
    """A module file's incremental session for one import context, and its last result."""

    __slots__ = ("path", "name", "session", "text", "result", "requests", "reach", "ctx", "package", "room")

    def __init__(self, path: str, name: str, package: bool):
        self.path = path
        self.name = name
        self.package = package
        self.session = None
        self.text = None
        self.result: Optional[ModuleResult] = None
        self.requests: dict = {}  # import request -> the result it had (None: not found)
        self.reach: frozenset = frozenset()
        self.ctx: Optional[frozenset] = None
        self.room = 0  # how many more nested imports were allowed when it was analysed


class RunContext:
    """One analysis of a file (and of what it imports): the loads made during it, so that a module
    is looked at once per run, and when the run must end."""

    __slots__ = ("memo", "deadline", "time_cut")

    def __init__(self, deadline: float):
        self.memo: dict = {}
        self.deadline = deadline  # when the run's imports must be done
        self.time_cut = False  # an import was not analysed (to its end) in time


class ModuleLoader:
    """The analyses of the user's modules, shared by the analyses of one process (thread-safe:
    one import is analysed at a time)."""

    def __init__(self, source: ModuleSource, *, max_modules: int = MAX_MODULES, max_depth: int = MAX_DEPTH,
                 module_budget: float = MODULE_BUDGET):
        self.source = source
        self.max_modules = max_modules
        self.max_depth = max_depth
        self.module_budget = module_budget
        self.states: OrderedDict = OrderedDict()  # path -> [ModuleState, ...] (least recently used first)
        self.fixed: dict = {}  # path -> ModuleResult of a file with no analysis (unreadable, namespace, cut)
        self.lock = threading.RLock()
        self.analysed = 0  # module analyses run (for tests and statistics)

    def begin(self, budget: float) -> RunContext:
        """The context of a run with this time budget (seconds)."""
        return RunContext(time.monotonic() + IMPORT_SHARE * budget)

    def forget(self, path: Optional[str] = None, block: bool = True) -> bool:
        """Drop what is kept of a file (all files: None); the next run reads it again.  With
        ``block=False`` nothing is done (False) while an import is being analysed."""
        if not self.lock.acquire(blocking=block):
            return False
        try:
            if path is None:
                self.states.clear()
                self.fixed.clear()
            else:
                self.states.pop(path, None)
                for key in [k for k in self.fixed if k[0] == path]:
                    del self.fixed[key]
            return True
        finally:
            self.lock.release()

    # -- loading ---------------------------------------------------------------------------
    def load(self, ctx: RunContext, importer: Optional[str], dotted: str, level: int, stack: tuple):
        """The result of the module an import names (None: not one of the user's files)."""
        key = (importer, dotted, level, stack)
        memo = ctx.memo
        if key in memo:
            return memo[key]
        with self.lock:
            try:
                found = self.source(importer, dotted, level)
            except Exception:
                found = None
            res = None if found is None else self._load(ctx, found, dotted, stack)
        memo[key] = res
        return res

    def _fixed(self, path: str, name: str, unknown: bool, package=False, init_path=None, depth_cut=False) -> ModuleResult:
        key = (path, unknown, package, depth_cut)
        res = self.fixed.get(key)
        if res is None:
            if len(self.fixed) > 4 * self.max_modules:
                self.fixed.clear()
            res = self.fixed[key] = ModuleResult(None, name, {}, unknown, frozenset({path}), package, init_path,
                                                 depth_cut=depth_cut)
        return res

    def _load(self, ctx: RunContext, found: Found, dotted: str, stack: tuple) -> ModuleResult:
        path = found.path
        name = dotted.rsplit(".", 1)[-1] if dotted else path
        if found.namespace:  # its names are its submodules
            return self._fixed(path, name, False, True, path.rstrip("/\\") + "/__init__.py")
        room = self.max_depth - len(stack)  # (the importing file is on the stack)
        if room < 0:
            return self._fixed(path, name, True, depth_cut=True)  # too deep: Unknown
        if found.text is None or path in stack:
            return self._fixed(path, name, True)  # unreadable, too big, a cycle: Unknown
        text = found.text
        variants = self.states.get(path)
        if variants is None:
            variants = self.states[path] = []
        else:
            self.states.move_to_end(path)
        here = frozenset(stack)
        st = None
        for v in variants:
            if v.result is not None and here & v.reach == v.ctx and (
                    v.room == room or (not v.result.depth_cut and room >= v.result.height - 1)):
                st = v
                break
        if st is not None and st.session.complete and (st.text is text or st.text == text) \
                and self._requests_hold(ctx, st):
            return st.result
        remaining = ctx.deadline - time.monotonic()
        if remaining <= 0.02:
            ctx.time_cut = True
            return self._fixed(path, name, True)  # no time left: Unknown (analysed on a later run)
        if st is None:
            st = ModuleState(path, dotted or name, found.package)
            variants.append(st)
            if len(variants) > MAX_VARIANTS:
                variants.pop(0)
            while len(self.states) > self.max_modules:
                self.states.popitem(last=False)
        st.room = room
        self._run(ctx, st, text, stack + (path,), min(remaining, self.module_budget), found)
        if not st.session.complete:
            ctx.time_cut = True
        return st.result

    def _requests_hold(self, ctx: RunContext, st: ModuleState) -> bool:
        for req, res in st.requests.items():
            if self.load(ctx, *req) is not res:
                return False
        return True

    def _run(self, ctx: RunContext, st: ModuleState, text: str, stack: tuple, budget: float, found: Found) -> None:
        from .session import Session

        if st.session is None:
            st.session = Session(path=st.path, loader=self, module=st, seed={"__name__": st.name})
        s = st.session
        before = s.executed_total
        self.analysed += 1
        s.run(text, time_budget=budget, imports=ctx, stack=stack)
        changed = st.result is None or s.executed_total != before or not (st.text is text or st.text == text)
        st.text = text
        requests = {}
        for deps in s.deps.values():
            requests.update(deps)
        st.requests = requests
        reach = {st.path}
        height, depth_cut = 1, False
        for res in requests.values():
            if res is not None:
                reach.update(res.reach)
                height = max(height, res.height + 1)
                depth_cut = depth_cut or res.depth_cut
        st.reach = frozenset(reach)
        st.ctx = frozenset(stack[:-1]) & st.reach
        unknown = not s.complete or s.broken
        if changed or unknown != st.result.unknown or height != st.result.height or depth_cut != st.result.depth_cut:
            init = st.path if found.package else None
            st.result = ModuleResult(st, st.name, s.env, unknown, st.reach, found.package, init, height, depth_cut)
            st.result.own_counts = _own_counts(s.name_counts, s.env)


def _own_counts(total: dict, env: dict) -> dict:
    """The automatic names a module's own statements used: all it counted, less those of the
    modules it imported (the markers of imported modules hold their own counts)."""
    own = dict(total)
    for k, v in env.items():
        if k[:5] == "\0mod:" and isinstance(v, dict):
            for base, n in v.items():
                own[base] = own.get(base, 0) - n
    return {b: n for b, n in own.items() if n > 0}
