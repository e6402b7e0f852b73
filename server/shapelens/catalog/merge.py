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

    min_inputs = 1  # Concatenate()([a]) builds: Keras asks for a list of at least 1 input

    def output(self, cfg, shapes, layer):
        """Keras' Concatenate.build and compute_output_shape, step by step: each shape without
        its ``axis`` entry (``del shape[axis]``, only where ``len(shape) > axis``, the raw axis)
        must be one shape, or all of one rank whose known sizes agree axis by axis; the output
        is the first shape with the sizes on ``axis`` added (None if any is None)."""
        self.check_count(shapes)
        axis = cfg["axis"]
        if not known(axis):
            raise Unsure("axis")
        if any(not (d is None or known(d)) for s in shapes for d in s):
            raise Unsure("symbolic")

        def mismatch(detail=""):
            return LayerError(
                "SL110",
                f"Concatenate(axis={axis}) needs inputs that match except on the concatenation axis; got "
                f"{', '.join(fmt(s) for s in shapes)}{detail}. Flatten, reshape or RepeatVector one of them first, "
                f"or concatenate on the axis where they differ.",
            )

        reduced = []
        for s in shapes:
            r = list(s)
            if len(r) > axis:
                try:
                    del r[axis]
                except IndexError:
                    raise mismatch(f" (axis {axis} is out of range for {fmt(s)})")
            reduced.append(tuple(r))
        distinct = set(reduced)
        if len(distinct) != 1:
            ranks = {len(r) for r in distinct}
            if len(ranks) != 1:
                raise mismatch()
            (rank,) = ranks
            for i in range(rank):
                sizes = {r[i] for r in distinct if r[i] is not None}
                if len(sizes) > 1:
                    a, b = sorted(sizes)[:2]
                    raise mismatch(f" (sizes {a} and {b} differ off the concatenation axis)")
        out = list(shapes[0])
        try:
            for s in shapes[1:]:
                if out[axis] is None or s[axis] is None:
                    out[axis] = None
                    break
                out[axis] += s[axis]
        except IndexError:
            raise mismatch(f" (axis {axis} is out of range)")
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


@register
class GroupedQueryAttention(Rule):
    """keras.layers.GroupQueryAttention, called as gqa(query, value[, key]); the interpreter
    passes [query, value(, key)].  Its projections are EinsumDense layers on 3-D inputs
    (batch, length, features): query 'bqm,muh->bquh', key and value 'bkm,mvh->bkvh',
    output 'bquh,uhm->bqm' back to the query's width."""

    name = "GroupedQueryAttention"
    multi_input = True
    build_creates = ("softmax", "dropout")  # GroupedQueryAttention.build makes Softmax and Dropout

    def signature(head_dim, num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True, sliding_window=None,
                  flash_attention=None, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                  kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                  kernel_constraint=None, bias_constraint=None, use_gate=False, seed=None, **kwargs): ...

    VALID = (
        _I + "q = keras.Input((10, 64))\nv = keras.Input((12, 64))\n"
             "y = layers.GroupQueryAttention(head_dim=16, num_query_heads=8, num_key_value_heads=2)(q, v)\n",
        _I + "q = keras.Input((10, 64))\nv = keras.Input((12, 64))\nk = keras.Input((12, 32))\n"
             "y = layers.GroupQueryAttention(16, 4, 4)(q, v, k)\n",
    )
    INVALID = (
        (_I + "q = keras.Input((10, 64))\n"
              "y = layers.GroupQueryAttention(head_dim=16, num_query_heads=8, num_key_value_heads=3)(q, q)\n", "SL114"),
        (_I + "q = keras.Input((10, 64))\nv = keras.Input((12, 32))\n"
              "y = layers.GroupQueryAttention(16, 8, 2)(q, v)\n", "SL116"),
        (_I + "q = keras.Input((64,))\nv = keras.Input((12, 64))\n"
              "y = layers.GroupQueryAttention(16, 8, 2)(q, v)\n", "SL101"),
    )

    def validate(self, cfg):
        hq, hkv, hd = cfg["num_query_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
        if known(hq) and known(hkv):
            if hkv == 0:
                raise LayerError("SL114", "GroupQueryAttention num_key_value_heads=0: Keras divides num_query_heads by "
                                 "it (ZeroDivisionError). Use a positive divisor of num_query_heads.")
            if hq % hkv != 0:
                divs = [k for k in range(1, abs(hq) + 1) if hq % k == 0] if hq > 0 else []
                raise LayerError("SL114", f"GroupQueryAttention num_query_heads={hq} must be divisible by "
                                 f"num_key_value_heads={hkv} (each key/value head serves a group of query heads)"
                                 + (f"; use one of {', '.join(map(str, divs))}." if divs else "."))
        sw = cfg["sliding_window"]
        if sw is not None and not isinstance(sw, (list, tuple, dict)) and (
                isinstance(sw, (float, str)) or (known(sw) and sw <= 0)):
            raise LayerError("SL114", f"GroupQueryAttention sliding_window must be None or a positive int, got {sw!r}.")
        if isinstance(hd, (int, float)) and not isinstance(hd, bool) and hd <= 0:
            raise LayerError("SL114", f"GroupQueryAttention head_dim must be positive, got {hd!r} (Keras takes "
                             f"1/sqrt(head_dim) and fails).")
        fa, dr = cfg["flash_attention"], cfg["dropout"]
        if fa is True and isinstance(dr, (int, float)) and not isinstance(dr, bool) and dr > 0:
            raise LayerError("SL114", "GroupQueryAttention with flash_attention=True does not support dropout; Keras "
                             "raises. Set dropout=0.0 or drop flash_attention.")

    def _shapes(self, shapes):
        if len(shapes) not in (2, 3):
            raise Unsure("inputs")
        q, v = shapes[0], shapes[1]
        k = shapes[2] if len(shapes) == 3 else v
        for what, s in (("query", q), ("value", v), ("key", k)):
            if len(s) != 3:
                raise LayerError("SL101", f"GroupQueryAttention projects its {what} with 'b?m' einsums, so it takes "
                                 f"3-D inputs (batch, length, features), but the {what} is {len(s)}-D {fmt(s)}; "
                                 f"Keras fails when the model runs (or builds). Reshape it to 3-D.")
        return q, v, k

    def _sizes(self, cfg):
        hq, hkv, hd = cfg["num_query_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
        for v in (hq, hkv, hd):
            if not known(v):
                raise Unsure("heads")
        for what, v in (("num_query_heads", hq), ("num_key_value_heads", hkv)):
            if v < 0:
                raise LayerError("SL114", f"GroupQueryAttention {what}={v} makes projection weights of negative size; "
                                 f"Keras raises. Use a positive number of heads.")
        if hq == 0:
            raise Unsure("no query heads")
        return hq, hkv, hd

    def _build(self, cfg, q, v, k):
        """GroupedQueryAttention.build: the projections are sized by each input's last axis."""
        for what, s in (("query", q), ("key", k), ("value", v)):
            if s[-1] is None:
                raise LayerError("SL117", f"GroupQueryAttention sizes its {what} projection by the {what}'s last axis, "
                                 f"but it is None in {fmt(s)}; Keras raises 'Shapes used to initialize variables "
                                 f"must be fully-defined'. Give the input a fixed feature size.")
        return need_int(q[-1]), need_int(k[-1]), need_int(v[-1])

    def output(self, cfg, shapes, layer):
        q, v, k = self._shapes(shapes)
        self._sizes(cfg)
        self._build(cfg, q, v, k)
        # compute_output_shape: literal comparisons (None equals only None)
        for a, b in ((q[-1], v[-1]),) + tuple(zip(v[1:-1], k[1:-1])):
            if isinstance(a, str) or isinstance(b, str):
                if a != b:
                    raise Unsure("symbolic")
        if q[-1] != v[-1]:
            raise LayerError("SL116", f"GroupQueryAttention needs the query {fmt(q)} and the value {fmt(v)} to have "
                             f"the same last dimension ({q[-1]} vs {v[-1]}): its output projection maps back to the "
                             f"query's width. Project the value with Dense({q[-1]}) first.")
        if tuple(v[1:-1]) != tuple(k[1:-1]):
            raise LayerError("SL116", f"GroupQueryAttention needs the key {fmt(k)} and the value {fmt(v)} to have the "
                             f"same length (every axis but the last); Keras raises. Pass matching key and value.")
        return tuple(q)

    def params(self, cfg, shapes, layer):
        q, v, k = self._shapes(shapes)
        hq, hkv, hd = self._sizes(cfg)
        dq, dk, dv = self._build(cfg, q, v, k)
        bias, gate = cfg["use_bias"], cfg["use_gate"]
        if bias not in (True, False) or gate not in (True, False):
            raise Unsure("flags")
        b = int(bias)
        n = (dq * hq * hd + b * hq * hd) + (dk * hkv * hd + b * hkv * hd) + (dv * hkv * hd + b * hkv * hd)
        if gate:
            n += dq * hq * hd + b * hq * hd
        return n + hq * hd * dq + b * dq

    def why(self, cfg, shapes, out, layer):
        hq, hkv = cfg.get("num_query_heads"), cfg.get("num_key_value_heads")
        if known(hq) and known(hkv) and hkv and hq % hkv == 0:
            return (f"{hq} query heads share {hkv} key/value heads ({hq // hkv} per group); output keeps the query's shape",)
        return ()
