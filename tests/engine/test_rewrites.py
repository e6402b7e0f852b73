"""Soundness as a property: rewrites that keep a correct program's meaning but move knowledge out
of the engine's easy reach must never add an error or a warning, and every shape the engine can
still know must stay what it was.

Programs: the valid corpus scripts (tests/corpus/scripts, each built by Keras when recorded) and
the examples.  Rewrite families (hypothesis picks the program, the family and the place):

* ``param``: a literal argument of a layer or ``Input`` becomes a parameter of a builder function
  that holds the rest of the program and is called with that literal;
* ``generic``: the same builder, never called, added after the program (the engine analyses it
  with a parameter of unknown type: it may say nothing new);
* ``append`` / ``append_loop``: ``Sequential([a, b])`` gets a list filled by ``append`` (one call
  per item, or in a loop over the literal list);
* ``dict``: ``x = keras.Input(...)`` goes through a dict filled by item assignment;
* ``kwargs``: a layer's keyword arguments go through ``**dict(...)``;
* ``partial``: a layer is made through ``functools.partial`` with its keyword arguments;
* ``try_import``: ``import keras`` / ``from keras import layers`` gets a ``try/except
  ImportError`` fallback to the ``tensorflow.keras`` spelling;
* ``case``: a convolution's ``padding`` and any layer's ``data_format`` in upper case (Keras
  lower-cases both; pooling layers' padding is not touched: Keras does not lower-case it).
"""

from __future__ import annotations

import collections
from pathlib import Path

import libcst as cst
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shapelens import analyze

ROOT = Path(__file__).resolve().parent.parent.parent
PROGRAMS = {p.name: p.read_text() for p in sorted((ROOT / "tests" / "corpus" / "scripts").glob("*.py"))
            if not p.name.startswith("bad_")}
PROGRAMS.update({"examples/" + p.name: p.read_text() for p in sorted((ROOT / "examples").glob("*.py"))})

_analyses: dict = {}


def _analysis(text: str):
    if text not in _analyses:
        _analyses[text] = analyze(text)
    return _analyses[text]


def _callee(call: cst.Call) -> str:
    f = call.func
    return f.attr.value if isinstance(f, cst.Attribute) else f.value if isinstance(f, cst.Name) else ""


def _is_layer_call(call: cst.Call) -> bool:
    name = _callee(call)
    return bool(name) and name[0].isupper() and name not in ("Sequential", "Model")


def _code(node) -> str:
    return cst.Module(body=[]).code_for_node(node)


# ----------------------------------------------------------------------------- the rewrites


class _Sites(cst.CSTVisitor):
    """Where each rewrite can apply (in source order)."""

    def __init__(self):
        self.literals = []  # literal arguments of layer / Input calls
        self.layer_calls = []  # layer constructor calls
        self.kw_calls = []  # layer calls with keyword arguments
        self.sequential_lists = []  # top-level statements `v = ...Sequential([...])`
        self.input_assigns = []  # top-level `v = ...Input(...)`
        self.imports = []  # top-level `import keras` / `from keras import layers`
        self.case_args = []  # padding=/data_format= arguments that Keras lower-cases
        self.depth = 0

    def visit_FunctionDef(self, node):
        self.depth += 1

    def leave_FunctionDef(self, node):
        self.depth -= 1

    def visit_ClassDef(self, node):
        self.depth += 1

    def leave_ClassDef(self, node):
        self.depth -= 1

    def visit_Call(self, node):
        name = _callee(node)
        if _is_layer_call(node) or name == "Input":
            for a in node.args:
                if isinstance(a.value, (cst.Integer, cst.Tuple)) and a.star == "" and _literal(a.value):
                    self.literals.append(a.value)
        if _is_layer_call(node) and name != "Input":
            self.layer_calls.append(node)
            if any(a.keyword is not None for a in node.args) and all(a.star == "" for a in node.args):
                self.kw_calls.append(node)
            for a in node.args:
                if (a.keyword is not None and isinstance(a.value, cst.SimpleString)
                        and (a.keyword.value == "data_format"
                             or (a.keyword.value == "padding" and name.startswith(("Conv", "Convolution"))))):
                    self.case_args.append(a.value)

    def visit_SimpleStatementLine(self, node):
        if self.depth:
            return
        small = node.body[0] if len(node.body) == 1 else None
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call):
            call = small.value
            if _callee(call) == "Sequential" and call.args and isinstance(call.args[0].value, cst.List) \
                    and call.args[0].keyword is None:
                self.sequential_lists.append(node)
            if _callee(call) == "Input" and isinstance(small.targets[0].target, cst.Name):
                self.input_assigns.append(node)
        if isinstance(small, cst.Import) and [_code(a.name) for a in small.names] == ["keras"] and small.names[0].asname is None:
            self.imports.append(node)
        if (isinstance(small, cst.ImportFrom) and small.module is not None and _code(small.module) == "keras"
                and not isinstance(small.names, cst.ImportStar) and [_code(a.name) for a in small.names] == ["layers"]):
            self.imports.append(node)


def _literal(node) -> bool:
    if isinstance(node, cst.Integer):
        return True
    return isinstance(node, cst.Tuple) and all(isinstance(e.value, (cst.Integer, cst.Name)) and
                                               (not isinstance(e.value, cst.Name) or e.value.value == "None")
                                               for e in node.elements)


class _Replace(cst.CSTTransformer):
    def __init__(self, old, new):
        self.old, self.new = old, new

    def on_leave(self, original, updated):
        if original is self.old:
            return self.new
        return updated


def _split_imports(module: cst.Module):
    """(leading import statements, the rest)."""
    body = list(module.body)
    k = 0
    while k < len(body) and (isinstance(body[k], cst.SimpleStatementLine)
                             and all(isinstance(s, (cst.Import, cst.ImportFrom, cst.Expr)) for s in body[k].body)):
        k += 1
    return body[:k], body[k:]


def rewrite(text: str, family: str, pick) -> str | None:
    module = cst.parse_module(text)
    sites = _Sites()
    module.visit(sites)

    def choose(seq):
        return seq[pick(len(seq))] if seq else None

    if family in ("param", "generic"):
        lit = choose(sites.literals)
        if lit is None:
            return None
        changed = module.visit(_Replace(lit, cst.Name("p_")))
        head, rest = _split_imports(changed)
        if not rest:
            return None
        fn = cst.FunctionDef(name=cst.Name("build_"), params=cst.Parameters(params=[cst.Param(cst.Name("p_"))]),
                             body=cst.IndentedBlock(body=rest))
        if family == "param":
            call = cst.parse_statement(f"build_({_code(lit)})\n")
            return cst.Module(body=head + [fn, call]).code
        return text + "\n\n" + cst.Module(body=[fn]).code
    if family in ("append", "append_loop"):
        stmt = choose(sites.sequential_lists)
        if stmt is None:
            return None
        call = stmt.body[0].value
        lst = call.args[0].value
        if family == "append":
            fill = "".join(f"items_.append({_code(e.value)})\n" for e in lst.elements)
        else:
            fill = f"for it_ in {_code(lst)}:\n    items_.append(it_)\n"
        new_stmt = stmt.visit(_Replace(lst, cst.Name("items_")))
        pre = list(cst.parse_module("items_ = []\n" + fill).body)
        return module.visit(_ReplaceStatement(stmt, pre + [new_stmt])).code
    if family == "dict":
        stmt = choose(sites.input_assigns)
        if stmt is None:
            return None
        a = stmt.body[0]
        var = a.targets[0].target.value
        pre = list(cst.parse_module(f"d_ = {{}}\nd_['k'] = {_code(a.value)}\n{var} = d_['k']\n").body)
        return module.visit(_ReplaceStatement(stmt, pre)).code
    if family == "kwargs":
        call = choose(sites.kw_calls)
        if call is None:
            return None
        pos = [a for a in call.args if a.keyword is None]
        kws = [a for a in call.args if a.keyword is not None]
        packed = "dict(" + ", ".join(f"{a.keyword.value}={_code(a.value)}" for a in kws) + ")"
        new_args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in pos] + [
            cst.Arg(cst.parse_expression(packed), star="**")]
        return module.visit(_Replace(call, call.with_changes(args=new_args))).code
    if family == "partial":
        call = choose(sites.layer_calls)
        if call is None or any(a.star for a in call.args):
            return None
        pos = [a for a in call.args if a.keyword is None]
        kws = [a for a in call.args if a.keyword is not None]
        inner = ", ".join([_code(call.func)] + [f"{a.keyword.value}={_code(a.value)}" for a in kws])
        outer = ", ".join(_code(a.value) for a in pos)
        new = cst.parse_expression(f"functools.partial({inner})({outer})")
        return "import functools\n" + module.visit(_Replace(call, new)).code
    if family == "try_import":
        stmt = choose(sites.imports)
        if stmt is None:
            return None
        small = stmt.body[0]
        fallback = ("from tensorflow import keras" if isinstance(small, cst.Import)
                    else "from tensorflow.keras import layers")
        new = cst.parse_statement(f"try:\n    {_code(small)}\nexcept ImportError:\n    {fallback}\n")
        return module.visit(_ReplaceStatement(stmt, [new])).code
    if family == "case":
        s = choose(sites.case_args)
        if s is None:
            return None
        return module.visit(_Replace(s, cst.SimpleString(s.value.upper()))).code
    raise ValueError(family)


class _ReplaceStatement(cst.CSTTransformer):
    def __init__(self, old, new: list):
        self.old, self.new = old, new

    def leave_SimpleStatementLine(self, original, updated):
        if original is self.old:
            return cst.FlattenSentinel(self.new)
        return updated


FAMILIES = ["param", "generic", "append", "append_loop", "dict", "kwargs", "partial", "try_import", "case"]


# ----------------------------------------------------------------------------- the property


def _loud(a, first_line: int = 0) -> collections.Counter:
    return collections.Counter(d.code for d in a.diagnostics
                               if d.severity in ("error", "warning") and d.span.line >= first_line)


def _concrete(shape) -> bool:
    if shape is None:
        return False
    if isinstance(shape, list):
        return all(_concrete(s) for s in shape)
    return all(d is None or isinstance(d, int) for d in shape)


def _known_facts(a, lines: int = 10**9) -> collections.Counter:
    return collections.Counter((f.layer, f.name, str(f.output_shape), f.params) for f in a.layers
                               if _concrete(f.output_shape) and f.params is not None and f.span.line < lines)


def check(name: str, family: str, pick) -> None:
    text = PROGRAMS[name]
    new = rewrite(text, family, pick)
    if new is None:
        return
    before, after = _analysis(text), analyze(new)
    # ``generic`` adds a function after the program: what the program itself says must not change,
    # and the copy in the function may say only what the program says (a bug that does not rest
    # on the parameter is still a bug)
    lines = text.count("\n") + 1 if family == "generic" else 10**9
    if family == "generic":
        added = (_loud(after) - _loud(after, lines)) - _loud(before) | (_loud(after, lines) - _loud(before))
    else:
        added = _loud(after) - _loud(before)
    assert not added, (f"{family} on {name} adds {dict(added)}:\n"
                       + "\n".join(f"  {d.code} line {d.span.line + 1}: {d.message}" for d in after.diagnostics
                                   if d.code in added) + "\n--- rewritten ---\n" + new)
    lost = _known_facts(before) - _known_facts(after, lines)
    gained = _known_facts(after, lines) - _known_facts(before)
    assert not lost and not gained, (f"{family} on {name} changes what is known:\n  lost {sorted(lost)}\n"
                                      f"  gained {sorted(gained)}\n--- rewritten ---\n{new}")


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_rewrites_keep_what_is_known_and_add_no_alarm(data):
    name = data.draw(st.sampled_from(sorted(PROGRAMS)), label="program")
    family = data.draw(st.sampled_from(FAMILIES), label="family")
    check(name, family, lambda n: data.draw(st.integers(0, n - 1), label="site"))


def test_every_family_applies_somewhere():
    """The rewrites are not vacuous: each one changes at least three programs."""
    for family in FAMILIES:
        changed = sum(rewrite(t, family, lambda n: 0) not in (None, t) for t in PROGRAMS.values())
        assert changed >= 3, f"{family} applies to {changed} programs"


def test_every_site_of_every_program():
    """Besides the random draws: every family at its first and last site of every program."""
    for name in PROGRAMS:
        for family in FAMILIES:
            check(name, family, lambda n: 0)
            check(name, family, lambda n: n - 1)
