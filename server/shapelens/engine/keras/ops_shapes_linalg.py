"""The shapes of ``keras.ops.matmul``, ``dot`` and ``einsum``, and the errors they raise; the
rules' conventions: ops_shapes.py."""

from __future__ import annotations

import re

from ..values import is_int
from .ops_common import (
    OpError,
    Unsure,
    attr_shape,
    broadcast,
    fmt,
    known,
)


def matmul(a, op):
    s1, s2 = attr_shape(a["x1"]), attr_shape(a["x2"])
    if not s1 or not s2:
        raise Unsure  # Keras fails with an IndexError on a scalar
    o1, o2 = s1, s2
    one1, one2 = len(s1) == 1, len(s2) == 1
    if one1:
        s1 = (1, s1[0])
    if one2:
        s2 = (s2[0], 1)
    i, j = s1[-1], s2[-2]
    if i is not None and j is not None and i != j:
        if not (is_int(i) and is_int(j)):
            raise Unsure
        raise OpError("SL116", f"{op}: the inner dimensions of x1 {fmt(o1)} and x2 {fmt(o2)} differ ({i} and {j}); "
                               "Keras raises. x1's last axis must equal x2's second-to-last (transpose one with "
                               "ops.swapaxes(x, -1, -2)).")
    lead = broadcast(s1[:-2], s2[:-2], op, ("x1's batch axes", "x2's batch axes"))
    out = list(lead) + [s1[-2], s2[-1]]
    if one1:
        del out[-2]
    if one2:
        del out[-1]
    return tuple(out)


def dot(a, op):
    s1, s2 = list(attr_shape(a["x1"])), list(attr_shape(a["x2"]))
    if not s1 or not s2:
        return tuple(broadcast(s1, s2, op))
    if len(s1) == 1 and len(s2) == 1:
        return ()
    if len(s2) == 1:
        if s1[-1] != s2[0]:
            if not (known(s1[-1]) and known(s2[0])):
                raise Unsure
            raise OpError("SL116", f"{op}: x1 {fmt(s1)} and x2 {fmt(s2)} do not match on x1's last axis; Keras "
                                   "raises.")
        return tuple(s1[:-1])
    i, j = s1[-1], s2[-2]
    if i is None or j is None or i == j:
        return tuple(s1[:-1] + s2[:-2] + s2[-1:])
    if not (is_int(i) and is_int(j)):
        raise Unsure
    raise OpError("SL116", f"{op}: x1 {fmt(s1)} and x2 {fmt(s2)} differ on x1's last axis and x2's second-to-last "
                           f"({i} and {j}); Keras raises.")


def einsum(a, op):
    subscripts = a["subscripts"]
    operands = a["operands"]
    if not isinstance(subscripts, str):
        raise Unsure
    shapes = [attr_shape(x) for x in operands]
    if not all(known(d) for s in shapes for d in s):
        raise Unsure
    parts = subscripts.split("->")
    if len(parts) > 2:
        raise OpError("SL114", f"{op}: at most one '->' in the subscripts {subscripts!r}; Keras raises.")
    subs, out_spec = (parts[0], parts[1]) if len(parts) == 2 else (subscripts, None)
    specs = subs.split(",")
    if len(specs) != len(operands):
        raise OpError("SL114", f"{op}: {len(operands)} operand{'s' if len(operands) != 1 else ''} for the "
                               f"{len(specs)} input spec{'s' if len(specs) != 1 else ''} of {subscripts!r}; Keras "
                               "raises.")
    reduced, kept = set(), set()
    for ch in subs:
        if not ch.isalpha():
            continue
        if ch not in reduced and ch not in kept:
            kept.add(ch)
        elif ch in kept:
            kept.remove(ch)
            reduced.add(ch)
    if out_spec is not None:
        k2, r2 = set(kept), set(reduced)
        for ch in kept:
            if ch not in out_spec:
                k2.remove(ch)
                r2.add(ch)
        for ch in reduced:
            if ch in out_spec:
                r2.remove(ch)
                k2.add(ch)
        kept, reduced = k2, r2
    target = f"...{''.join(sorted(kept))}" if out_spec is None else out_spec
    expanded = []
    for shape, spec in zip(shapes, specs):
        x_shape = [-1 if d is None else d for d in shape]
        split_ = spec.split("...")
        e = target
        if len(split_) == 1:
            if len(x_shape) != len(split_[0]):
                raise OpError("SL101", f"{op}: the subscript {spec!r} names {len(split_[0])} axes but its operand "
                                       f"{fmt(shape)} has {len(x_shape)}; Keras raises (the batch axis counts).")
            for size, ch in zip(x_shape, split_[0]):
                e = e.replace(ch, f"{size} ")
            e = e.replace("...", "")
        else:
            if len(split_) > 2 or len(split_[0]) + len(split_[1]) > len(x_shape):
                raise Unsure
            for k in range(len(split_[0])):
                e = e.replace(split_[0][k], f"{x_shape[k]} ")
            for k in range(len(split_[1])):
                e = e.replace(split_[1][-k - 1], f"{x_shape[-k - 1]} ")
            end = len(x_shape) if len(split_[1]) == 0 else -len(split_[1])
            wild = x_shape[len(split_[0]):end]
            e = e.replace("...", f"{' '.join(str(d) for d in wild)} ")
        e = re.sub("[a-z]", "1 ", e)
        try:
            dims = [None if d == "-1" else int(d) for d in e.split()]
        except ValueError:
            raise Unsure from None
        expanded.append(dims)
    out = expanded[0]
    for k, dims in enumerate(expanded[1:], 1):
        try:
            out = broadcast(out, dims, op)
        except OpError:
            raise OpError("SL116", f"{op}: the operands {', '.join(fmt(s) for s in shapes)} do not fit the "
                                   f"subscripts {subscripts!r} (a letter stands for different sizes); Keras raises "
                                   "'Cannot broadcast shape'.") from None
    return tuple(out)
