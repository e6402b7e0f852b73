"""Control flow: what may or may not run.

A path that leaves a block early (return, break, continue, raise) under a condition the engine
cannot decide is recorded where it lands: a return's value joins the function's result, a
break's bindings join the state after the loop, a continue's the state at the next iteration.
States are joined name by name: the same value stays, anything else is Unknown.  So a value is
never taken from one path when another path may bind a different one."""

from __future__ import annotations

import libcst as cst

from ..records import MISSING, same
from ..values import UNKNOWN, ClassV, DictV, InstanceV, ListV, ModelV
from .names import _BoundNames, walk
from .scopes import MAX_LOOP, UNROLL_STEPS, Globals, _Break, _Continue, _Loop, _Raise, _Return


class Control:
    """Interp's part for control flow (mixed into Interp)."""

    def _snapshot(self, scope):
        if isinstance(scope, Globals):
            return dict(scope.writes)
        return dict(scope.vars)

    def _current(self, scope):
        return scope.writes if isinstance(scope, Globals) else scope.vars

    def _restore(self, scope, state):
        cur = self._current(scope)
        cur.clear()
        cur.update(state)

    def _join(self, scope, states):
        """Set the scope to the join of ``states`` (snapshots taken in it)."""
        if len(states) == 1:
            self._restore(scope, states[0])
            return
        env = scope.env if isinstance(scope, Globals) else None
        names = set()
        for s in states:
            names.update(s)
        out = {}
        for name in names:
            vals = []
            for s in states:
                v = s.get(name, MISSING)
                if v is MISSING and env is not None:
                    v = env.get(name, MISSING)
                vals.append(v)
            first = vals[0]
            if all(same(first, v) for v in vals[1:]):
                if first is not MISSING:
                    out[name] = first
            elif name.startswith("\0"):
                out[name] = states[-1].get(name, first)  # facts of layers called on one path
            else:
                out[name] = UNKNOWN
        self._restore(scope, out)

    def _run(self, body):
        """Run ``body()``; the control exception that left it early, or None if it fell through."""
        try:
            body()
        except (_Return, _Break, _Continue, _Raise) as exc:
            return exc
        return None

    def _record_exit(self, exc, state):
        """A path left its block early under a condition: remember where it lands."""
        if isinstance(exc, _Return):
            if self.frames:
                self.frames[-1].append(exc.value)
        elif isinstance(exc, _Break):
            if self.loops:
                self.loops[-1].breaks.append(state)
        elif isinstance(exc, _Continue):
            if self.loops:
                self.loops[-1].continues.append(state)

    def exec_alternatives(self, scope, bodies, may_skip: bool):
        """Exactly one of ``bodies`` runs (``may_skip``: or none of them); the engine cannot tell which."""
        before = self._snapshot(scope)
        falls = [before] if may_skip else []
        exits = []
        self.maybe += 1
        try:
            for body in bodies:
                self._restore(scope, before)
                exc = self._run(body)
                state = self._snapshot(scope)
                if exc is None:
                    falls.append(state)
                else:
                    exits.append((exc, state))
        finally:
            self.maybe -= 1
        if not falls:  # every path left early: the first goes on up, the others are recorded
            for exc, state in exits[1:]:
                self._record_exit(exc, state)
            self._restore(scope, exits[0][1])
            raise exits[0][0]
        for exc, state in exits:
            self._record_exit(exc, state)
        self._join(scope, falls)

    def exec_if(self, st: cst.If, scope):
        cond = self.truth(self.eval(st.test, scope))
        if cond is True:
            self.exec_suite(st.body, scope)
            return
        orelse = st.orelse
        if cond is False:
            if isinstance(orelse, cst.If):
                self.exec_if(orelse, scope)
            elif orelse is not None:
                self.exec_suite(orelse.body, scope)
            return
        bodies = [lambda: self.exec_suite(st.body, scope)]
        if isinstance(orelse, cst.If):
            bodies.append(lambda: self.exec_if(orelse, scope))
        elif orelse is not None:
            bodies.append(lambda: self.exec_suite(orelse.body, scope))
        self.exec_alternatives(scope, bodies, may_skip=orelse is None)

    def exec_for(self, st: cst.For, scope):
        iterable = self.eval(st.iter, scope)
        items = self.iterate(iterable)
        if items is None or len(items) > MAX_LOOP:
            self.exec_loop_unknown(st.body, scope, st.target, st.orelse, self.iteration_item(iterable))
            return
        loop = _Loop()
        self.loops.append(loop)
        broke = rest_unknown = False
        start = self.session.steps
        try:
            for k, item in enumerate(items):
                if k and (k < 8 or k % 8 == 0) and (self.session.steps - start) * (len(items) - k) > UNROLL_STEPS * k:
                    # unrolling the rest would cost too much (a training loop): the remaining
                    # iterations run as a loop of unknown length, from where this one stands
                    rest_unknown = True
                    break
                self.assign_target(st.target, item, scope, None)
                exc = self._run(lambda: self.exec_suite(st.body, scope))
                if isinstance(exc, (_Return, _Raise)):
                    raise exc
                if loop.continues:
                    self._join(scope, [self._snapshot(scope)] + loop.continues)
                    loop.continues = []
                if isinstance(exc, _Break):
                    broke = True
                    break
        finally:
            self.loops.pop()
        if rest_unknown:
            if loop.breaks:
                self._join(scope, [self._snapshot(scope)] + loop.breaks)
            self.exec_loop_unknown(st.body, scope, st.target, st.orelse, self.iteration_item(iterable))
            return
        if st.orelse is not None and not broke:
            if loop.breaks:  # a break may have skipped it
                self.exec_alternatives(scope, [lambda: self.exec_suite(st.orelse.body, scope)], may_skip=True)
            else:
                self.exec_suite(st.orelse.body, scope)
        if loop.breaks:
            self._join(scope, [self._snapshot(scope)] + loop.breaks)

    def exec_loop_unknown(self, body, scope, target, orelse, item=UNKNOWN):
        """A loop run an unknown number of times (0 included): the names its body binds or
        mutates are Unknown from the start of the body (a later iteration may see what an earlier
        one left) and after the loop unless every path leaves them as they were.  ``item``: what
        every iteration gives the target, when that is known (a tf.data dataset's element)."""
        before = self._snapshot(scope)
        rebound, mutated = self.bound_names(body, target)
        for name in rebound:
            scope.assign(name, UNKNOWN)
        for name, methods in mutated.items():
            if name not in rebound and _changes_in_place(scope.lookup(name), methods):
                scope.assign(name, UNKNOWN)
        if target is not None:
            self.assign_target(target, item, scope, None)
        loop = _Loop()
        self.loops.append(loop)
        self.maybe += 1
        try:
            exc = self._run(lambda: self.exec_suite(body, scope))
        finally:
            self.maybe -= 1
            self.loops.pop()
        if isinstance(exc, _Return):
            self._record_exit(exc, None)
        states = [before, self._snapshot(scope)] + loop.breaks + loop.continues
        self._join(scope, states)
        if orelse is not None:
            self.exec_alternatives(scope, [lambda: self.exec_suite(orelse.body, scope)], may_skip=True)

    def exec_try(self, st, scope):
        before = self._snapshot(scope)
        exc = self._run(lambda: self.exec_suite(st.body, scope))
        after_body = self._snapshot(scope)
        falls, exits = [], []
        if exc is None and st.orelse is not None:
            exc = self._run(lambda: self.exec_suite(st.orelse.body, scope))
        if exc is None:
            falls.append(self._snapshot(scope))
        elif not isinstance(exc, _Raise):
            exits.append((exc, self._snapshot(scope)))
        if st.handlers:
            # a handler starts wherever the body stopped: what the body bound may or may not be bound
            self._join(scope, [before, after_body])
            entry = self._snapshot(scope)
            self.maybe += 1
            try:
                for h in st.handlers:
                    self._restore(scope, entry)
                    if h.name is not None:
                        self.assign_target(h.name.name, UNKNOWN, scope, None)
                    hexc = self._run(lambda h=h: self.exec_suite(h.body, scope))
                    if hexc is None:
                        falls.append(self._snapshot(scope))
                    elif not isinstance(hexc, _Raise):
                        exits.append((hexc, self._snapshot(scope)))
            finally:
                self.maybe -= 1
        if st.finalbody is not None and not falls:
            self._join(scope, [before, after_body])
            self.exec_suite(st.finalbody.body, scope)
        if not falls:
            for e, state in exits[1:]:
                self._record_exit(e, state)
            if exits:
                raise exits[0][0]
            raise exc if exc is not None else _Raise()
        for e, state in exits:
            self._record_exit(e, state)
        self._join(scope, falls)
        if st.finalbody is not None:
            self.exec_suite(st.finalbody.body, scope)

    def bound_names(self, node, target=None) -> tuple:
        """(the names a block may bind, {name: methods} of what it may change in place):
        assignment targets, loop targets, imports, definitions; receivers of mutating calls,
        bases of item and attribute assignments."""
        cache = self.parsed.__dict__.setdefault("_bound_names", {}) if hasattr(self.parsed, "__dict__") else {}
        hit = cache.get(id(node))
        if hit is not None and hit[0] is node:
            names, mutated = hit[1]
        else:
            collector = _BoundNames()
            walk(node, collector)
            names, mutated = frozenset(collector.names), collector.mutated
            cache[id(node)] = (node, (names, mutated))
        if target is not None:
            c = _BoundNames()
            c.target(target)
            names = names | c.names
        return names, mutated


def _changes_in_place(value, methods) -> bool:
    """Does a call of these methods (or an item / attribute assignment, "") change this value
    as the engine holds it?  An array's items do not change its shape; a built model's shapes
    do not change with fit or predict (an unbuilt Sequential is built by them)."""
    if isinstance(value, (ListV, DictV, InstanceV, ClassV)):
        return True
    if isinstance(value, ModelV):
        return bool(methods & {"add", "pop", "build", "compile"}) or (value.kind == "sequential" and value.seq_out is None)
    return False
