"""Where Python names live while the interpreter runs (the module as one statement sees it, a
function's locals) and how control leaves a block (return, break, continue, raise, a time budget)."""

from __future__ import annotations

from ..records import MISSING, ChunkRecord

MAX_LOOP = 256  # loop iterations unrolled (a longer loop runs as one of unknown length)
# ... and only while the statements they run stay under this count (a training loop that calls
# functions each step is not unrolled 200 times: the rest runs as a loop of unknown length)
UNROLL_STEPS = 4000
MAX_DEPTH = 24  # nested calls of user functions
MAX_SEQ = 10000  # elements of a literal sequence we look at


class Budget(Exception):
    """The run took longer than its time budget."""


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Raise(Exception):
    """A ``raise`` statement: the path ends (an except clause may take it up)."""


_CONTROL = (Budget, _Return, _Break, _Continue, _Raise)


class _Unknowable(Exception):
    pass


class _Loop:
    """States at the breaks and continues of a loop taken under conditions the engine cannot decide."""

    __slots__ = ("breaks", "continues")

    def __init__(self):
        self.breaks = []
        self.continues = []


class Globals:
    """Module scope seen by one chunk: reads are recorded (first value seen), writes buffered."""

    __slots__ = ("env", "reads", "writes")

    def __init__(self, env: dict, record: ChunkRecord):
        self.env = env
        self.reads = record.reads
        self.writes = record.writes

    def lookup(self, name):
        if name in self.writes:
            return self.writes[name]
        v = self.env.get(name, MISSING)
        if name not in self.reads:
            self.reads[name] = v
        return v

    def assign(self, name, value):
        self.writes[name] = value

    def has_local(self, name) -> bool:
        return False

    def overlay(self) -> "Globals":
        """The module as a function analysed at its definition sees it: what it reads is
        recorded, what it writes stays in the overlay (the function was not called)."""
        g = Globals.__new__(Globals)
        g.env, g.reads, g.writes = self.env, self.reads, dict(self.writes)
        return g


class Local:
    __slots__ = ("vars", "parent", "globals", "decl", "sandbox")

    def __init__(self, parent, globals_: Globals):
        self.vars = {}
        self.parent = parent
        self.globals = globals_
        self.decl = None  # name -> the scope a global/nonlocal declaration sends it to
        self.sandbox = False  # a function analysed at its definition: enclosing scopes are not changed

    def declare(self, declared, enclosing, definition: bool):
        globals_, nonlocals = declared
        if not globals_ and not nonlocals:
            return
        self.decl = {}
        for name in globals_:
            self.decl[name] = self.globals
        for name in nonlocals:
            s = enclosing
            while isinstance(s, Local) and name not in s.vars:
                s = s.parent
            if isinstance(s, Local) and not definition:
                self.decl[name] = s

    def lookup(self, name):
        scope = self
        while isinstance(scope, Local):
            if scope.decl is not None and name in scope.decl:
                return scope.decl[name].lookup(name)
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return self.globals.lookup(name)

    def assign(self, name, value):
        if self.decl is not None and name in self.decl:
            self.decl[name].assign(name, value)
        else:
            self.vars[name] = value
