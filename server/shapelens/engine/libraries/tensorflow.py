"""TensorFlow's array functions used on data (``tf.zeros``, ``tf.random.normal``, ``tf.constant``,
``tf.one_hot``, ``tf.concat``, ...).  On symbolic Keras tensors they are ``keras.ops``' business
(engine/keras/ops.py)."""

from __future__ import annotations

from ..values import UNKNOWN, ArrayV
from . import arrays
from .arrays import dtype_kw, filled
from .registry import function


@function("tensorflow.zeros", "tensorflow.ones", "tensorflow.random.normal", "tensorflow.random.uniform")
def _filled(args, kwargs):
    return filled(args[0] if args else kwargs.get("shape"), dtype_kw(kwargs) or "float")


@function("tensorflow.zeros_like", "tensorflow.ones_like")
def _like(args, kwargs):
    return arrays.like(args[0] if args else None, dtype_kw(kwargs))


@function("tensorflow.random.set_seed")
def _none(args, kwargs):
    return None


@function("tensorflow.constant", "tensorflow.convert_to_tensor", "tensorflow.float32")
def _constant(args, kwargs):
    return arrays.from_data(args, kwargs)


@function("tensorflow.linspace")
def _linspace(args, kwargs):
    return arrays.linspace(args, kwargs)


@function("tensorflow.eye")
def _eye(args, kwargs):
    return arrays.eye(args, kwargs)


@function("tensorflow.expand_dims")
def _expand_dims(args, kwargs):
    return arrays.expand_dims(args, kwargs)


@function("tensorflow.reshape")
def _reshape(args, kwargs):
    return arrays.reshaped(args, kwargs)


@function("tensorflow.squeeze")
def _squeeze(args, kwargs):
    a = args[0] if args else None
    if not isinstance(a, ArrayV):
        return UNKNOWN
    if a.shape is None:
        return ArrayV(None)
    return arrays.squeezed(a, args[1] if len(args) > 1 else kwargs.get("axis"))


@function("tensorflow.transpose")
def _transpose(args, kwargs):
    a = args[0] if args else None
    if not isinstance(a, ArrayV):
        return UNKNOWN
    return arrays.transposed(a, args[1] if len(args) > 1 else kwargs.get("perm"))


@function("tensorflow.concat")
def _concat(args, kwargs):
    return arrays.joined("concat", args, kwargs)


@function("tensorflow.stack")
def _stack(args, kwargs):
    return arrays.joined("stack", args, kwargs)


@function("tensorflow.one_hot")
def _one_hot(args, kwargs):
    return arrays.one_hot(args[0] if args else None, args[1] if len(args) > 1 else kwargs.get("depth"))
