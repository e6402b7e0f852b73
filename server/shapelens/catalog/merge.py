"""Merge layers (Concatenate, Add, ...) and attention layers: they take a list of tensors."""

from __future__ import annotations

from .base import UNKNOWN_DIM, LayerError, Rule, Unsure, fmt, known, need_int, register

_I = "import keras\nfrom keras import layers\n"


def _eq(a, b) -> bool:
    """Certainly different? Only when both dims are known ints."""
    return not (known(a) and known(b) and a != b)


class _Merge(Rule):
    multi_input = True
    min_inputs = 2

    def check_count(self, shapes):
        if len(shapes) < self.min_inputs:
            raise LayerError("SL107", f"{self.name} needs a list of at least {self.min_inputs} tensors, got {len(shapes)}.")


@register
class Concatenate(_Merge):
    name = "Concatenate"

    def signature(axis=-1, **kwargs): ...

    VALID = (_I + "a = keras.Input((10, 8))\nb = keras.Input((10, 4))\nc = layers.Concatenate()([a, b])\n",)
    INVALID = ((_I + "a = keras.Input((10, 8))\nb = keras.Input((4,))\nc = layers.Concatenate()([a, b])\n", "SL110"),)

    def output(self, cfg, shapes, layer):
        self.check_count(shapes)
        axis = cfg["axis"]
        if not known(axis):
            raise Unsure("axis")
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes) or not -rank <= axis < rank:
            raise LayerError(
                "SL110",
                f"Concatenate needs inputs of the same rank that match except on the concatenation axis; "
                f"got {', '.join(fmt(s) for s in shapes)}. Flatten, reshape or RepeatVector one of them first.",
            )
        ax = axis % rank
        out = list(shapes[0])
        # Keras' build: on every other axis (the batch axis too) the inputs' known sizes must
        # be one size; None matches anything.  Two known sizes that differ anywhere among the
        # inputs fail, even when the first input has None there.
        for i in range(rank):
            if i == ax:
                continue
            sizes = {s[i] for s in shapes if known(s[i])}
            if len(sizes) > 1:
                a, b = sorted(sizes)[:2]
                raise LayerError(
                    "SL110",
                    f"Concatenate on axis {axis} needs every other axis to match, but got "
                    f"{', '.join(fmt(s) for s in shapes)} (axis {i} differs: {a} vs {b}). "
                    f"Reshape one input or concatenate on the axis where they differ.",
                )
        total = 0
        for s in shapes:
            d = s[ax]
            if d is None:
                total = None
                break
            if not known(d):
                total = UNKNOWN_DIM
                break
            total += d
        out[ax] = total
        return tuple(out)


class _Elementwise(_Merge):
    """Keras' Merge._compute_elemwise_op_output_shape: right-aligned broadcasting where None wins."""

    min_inputs = 1

    def signature(**kwargs): ...

    def _pair(self, a, b, shapes):
        if len(a) < len(b):
            a, b = b, a
        if not b:
            return list(a)
        out = list(a[: len(a) - len(b)])
        for i, j in zip(a[len(a) - len(b):], b):
            if i is None or j is None:
                out.append(None)
            elif i == 1:
                out.append(j)
            elif j == 1:
                out.append(i)
            elif known(i) and known(j):
                if i != j:
                    raise LayerError(
                        "SL110",
                        f"{self.name} needs inputs of the same shape (or broadcastable), got "
                        f"{', '.join(fmt(x) for x in shapes)}; make the dimensions equal (e.g. a Dense layer with "
                        f"matching units).",
                    )
                out.append(i)
            else:
                raise Unsure("symbolic")
        return out

    def output(self, cfg, shapes, layer):
        self.check_count(shapes)
        batches = {s[0] for s in shapes if s} - {None}
        if len(batches) > 1:
            raise Unsure("batch")
        out = list(shapes[0][1:])
        for s in shapes[1:]:
            out = self._pair(out, list(s[1:]), shapes)
        return (next(iter(batches)) if batches else None,) + tuple(out)


for _n in ("Add", "Multiply", "Average", "Maximum", "Minimum"):
    register(type(_n, (_Elementwise,), {"name": _n}))


@register
class Subtract(_Elementwise):
    name = "Subtract"

    def check_count(self, shapes):
        if len(shapes) != 2:
            raise LayerError("SL107", f"Subtract needs a list of exactly 2 tensors, got {len(shapes)}.")


@register
class Dot(_Merge):
    """Keras' own Dot.build/compute_output_shape: the two axes must be equal (None included)."""

    name = "Dot"

    def signature(axes, normalize=False, **kwargs): ...

    def output(self, cfg, shapes, layer):
        if len(shapes) != 2:
            raise LayerError("SL107", f"Dot needs a list of exactly 2 tensors, got {len(shapes)}.")
        a, b = list(shapes[0]), list(shapes[1])
        axes = cfg["axes"]
        if known(axes):
            axes = [axes % len(a), axes % len(b)] if axes < 0 else [axes, axes]
        elif isinstance(axes, tuple) and len(axes) == 2 and all(known(x) for x in axes):
            axes = list(axes)
        else:
            raise Unsure("axes")
        if not (-len(a) <= axes[0] < len(a)) or not (-len(b) <= axes[1] < len(b)):
            raise LayerError("SL116", f"Dot(axes={cfg['axes']}) names an axis that {fmt(tuple(a))} or {fmt(tuple(b))} "
                             f"does not have.")
        da, db = a[axes[0]], b[axes[1]]
        if da != db and (known(da) or known(db) or da is None or db is None):
            if isinstance(da, str) or isinstance(db, str):
                raise Unsure("symbolic")
            raise LayerError("SL116", f"Dot(axes={cfg['axes']}) multiplies {fmt(tuple(a))} and {fmt(tuple(b))} along axes "
                             f"of size {da} and {db}; Keras requires them equal.")
        a.pop(axes[0])
        b.pop(axes[1])
        if not b:
            raise LayerError("SL116", "Dot needs inputs with a batch axis and at least one more axis.")
        b.pop(0)
        out = a + b
        if len(out) == 1:
            out.append(1)
        return tuple(out)


class _Attention(Rule):
    multi_input = True

    def _qv(self, shapes):
        if len(shapes) not in (2, 3):
            raise LayerError("SL107", f"{self.name} needs [query, value] or [query, value, key], got {len(shapes)} tensors.")
        return shapes[0], shapes[1], shapes[2] if len(shapes) == 3 else shapes[1]

    def output(self, cfg, shapes, layer):
        q, v, k = self._qv(shapes)
        concat = cfg.get("score_mode") == "concat"
        if concat and known(q[-1]) and known(k[-1]) and q[-1] != k[-1] and 1 not in (q[-1], k[-1]):
            raise LayerError("SL116", f"Attention(score_mode='concat') adds query {fmt(q)} and key {fmt(k)}, so their "
                             f"last dimensions must match ({q[-1]} vs {k[-1]}); project one with Dense first.")
        if not concat and not _eq(q[-1], k[-1]):
            raise LayerError("SL116", f"{self.name} compares query {fmt(q)} with key {fmt(k)} by a dot product, "
                             f"so their last dimensions must match ({q[-1]} vs {k[-1]}); project one with Dense first.")
        return tuple(q[:-1]) + (v[-1],)


@register
class Attention(_Attention):
    name = "Attention"

    def signature(use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs): ...

    def validate(self, cfg):
        if isinstance(cfg["score_mode"], str) and cfg["score_mode"] not in ("dot", "concat"):
            raise LayerError("SL114", f"Attention score_mode must be 'dot' or 'concat', got {cfg['score_mode']!r}.")

    def params(self, cfg, shapes, layer):
        if cfg["use_scale"] not in (True, False) or cfg["score_mode"] not in ("dot", "concat"):
            raise Unsure("flags")
        return int(cfg["use_scale"]) + int(cfg["score_mode"] == "concat")


@register
class AdditiveAttention(_Attention):
    name = "AdditiveAttention"

    def signature(use_scale=True, dropout=0.0, **kwargs): ...

    def output(self, cfg, shapes, layer):
        q, v, k = self._qv(shapes)
        if not _eq(q[-1], k[-1]) and 1 not in (q[-1], k[-1]):
            raise LayerError("SL116", f"AdditiveAttention adds query {fmt(q)} and key {fmt(k)}, so their last "
                             f"dimensions must match ({q[-1]} vs {k[-1]}); project one with Dense first.")
        return tuple(q[:-1]) + (v[-1],)

    def params(self, cfg, shapes, layer):
        if cfg["use_scale"] is False:
            return 0
        if cfg["use_scale"] is True:
            return need_int(shapes[0][-1])
        raise Unsure("use_scale")


@register
class MultiHeadAttention(Rule):
    """Called as mha(query, value[, key]); the interpreter passes [query, value(, key)]."""

    name = "MultiHeadAttention"
    multi_input = True
    build_creates = ("softmax", "dropout")  # keras MultiHeadAttention._build_attention

    def signature(num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
                  attention_axes=None, sliding_window=None, flash_attention=None,
                  kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                  bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                  bias_constraint=None, use_gate=False, seed=None, **kwargs): ...

    def output(self, cfg, shapes, layer):
        if len(shapes) not in (2, 3):
            raise Unsure("inputs")
        q = shapes[0]
        osh = cfg["output_shape"]
        if osh is None:
            return tuple(q)
        if known(osh):
            return tuple(q[:-1]) + (osh,)
        if isinstance(osh, tuple) and all(known(x) for x in osh):
            return tuple(q[:-1]) + osh
        raise Unsure("output_shape")

    def params(self, cfg, shapes, layer):
        if cfg["attention_axes"] is not None or cfg["use_gate"] is not False or cfg["use_bias"] not in (True, False):
            raise Unsure("flags")
        q, v = shapes[0], shapes[1]
        k = shapes[2] if len(shapes) == 3 else v
        h = need_int(cfg["num_heads"])
        kd = need_int(cfg["key_dim"])
        vd = need_int(cfg["value_dim"]) if cfg["value_dim"] is not None else kd
        dq, dk, dv = need_int(q[-1]), need_int(k[-1]), need_int(v[-1])
        osh = cfg["output_shape"]
        if osh is None:
            out = dq
        elif known(osh):
            out = osh
        elif isinstance(osh, tuple) and all(known(x) for x in osh):
            out = 1
            for x in osh:
                out *= x
        else:
            raise Unsure("output_shape")
        b = 1 if cfg["use_bias"] else 0
        return (dq * h * kd + b * h * kd) + (dk * h * kd + b * h * kd) + (dv * h * vd + b * h * vd) + (h * vd * out + b * out)
