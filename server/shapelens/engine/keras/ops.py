"""``keras.ops`` (and ``keras.backend``) functions applied to symbolic tensors."""

from __future__ import annotations

import logging

from ..libraries import arrays
from ..values import (
    UNKNOWN,
    Tensor,
    is_int,
)

log = logging.getLogger("shapelens.engine")


class TensorOps:
    """KerasOps' part for keras.ops."""

    def ops_fn(self, name, args, kwargs):
        tensors = [a for a in args if isinstance(a, Tensor)]
        if not tensors:
            return UNKNOWN
        srcs = arrays._union_sources(tensors)
        t = tensors[0]
        if name == "expand_dims" and t.shape is not None:
            ax = args[1] if len(args) > 1 else kwargs.get("axis")
            if is_int(ax):
                shape = list(t.shape)
                pos = ax if ax >= 0 else len(shape) + 1 + ax
                if 0 <= pos <= len(shape):
                    shape.insert(pos, 1)
                    return Tensor(tuple(shape), srcs, parents=tuple(tensors))
        if name == "squeeze" and t.shape is not None:
            ax = args[1] if len(args) > 1 else kwargs.get("axis")
            if is_int(ax) and -len(t.shape) <= ax < len(t.shape) and t.shape[ax] == 1:
                ax %= len(t.shape)
                return Tensor(tuple(d for k, d in enumerate(t.shape) if k != ax), srcs, parents=tuple(tensors))
        if name in ("mean", "sum", "max", "min") and t.shape is not None:
            ax = args[1] if len(args) > 1 else kwargs.get("axis")
            if is_int(ax) and -len(t.shape) <= ax < len(t.shape):
                ax %= len(t.shape)
                if kwargs.get("keepdims") is True:
                    return Tensor(tuple(1 if k == ax else d for k, d in enumerate(t.shape)), srcs, parents=tuple(tensors))
                return Tensor(tuple(d for k, d in enumerate(t.shape) if k != ax), srcs, parents=tuple(tensors))
        return Tensor(None, srcs, parents=tuple(tensors))
