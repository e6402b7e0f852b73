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


# -- what tf.data map functions do to an element (checked in TF 2.21 by tests/engine/test_lib_tfdata.py)


@function("tensorflow.cast", "tensorflow.dtypes.cast", "tensorflow.image.convert_image_dtype")
def _cast(args, kwargs):
    a = args[0] if args else kwargs.get("x", kwargs.get("image"))
    if not isinstance(a, ArrayV):
        return UNKNOWN
    dt = args[1] if len(args) > 1 else kwargs.get("dtype")
    return ArrayV(a.shape, arrays.dtype_of(dt) if dt is not None else a.dtype, a.one_hot)


@function("tensorflow.image.resize", "tensorflow.image.resize_with_pad", "tensorflow.image.resize_with_crop_or_pad",
          "tensorflow.image.resize_images")
def _image_resize(args, kwargs):
    """images (h, w, c) or (batch, h, w, c): height and width become ``size``'s (float32 for
    resize, whose method interpolates; the pad/crop ones take target height and width apart)."""
    a = args[0] if args else kwargs.get("images", kwargs.get("image"))
    if not isinstance(a, ArrayV):
        return UNKNOWN
    if "size" in kwargs or (len(args) == 2):
        size = args[1] if len(args) > 1 else kwargs.get("size")
        hw = arrays.shape_arg(size)
    else:
        h = args[1] if len(args) > 1 else kwargs.get("target_height")
        w = args[2] if len(args) > 2 else kwargs.get("target_width")
        hw = arrays.shape_arg((h, w)) if h is not None and w is not None else None
    if a.shape is None or len(a.shape) not in (3, 4) or hw is None or len(hw) != 2:
        return ArrayV(None, "float") if a.shape is None or len(a.shape) in (3, 4) else UNKNOWN
    return ArrayV(tuple(a.shape[:-3]) + tuple(hw) + (a.shape[-1],), "float")


@function("tensorflow.image.flip_left_right", "tensorflow.image.flip_up_down", "tensorflow.image.random_flip_left_right",
          "tensorflow.image.random_flip_up_down", "tensorflow.image.random_brightness", "tensorflow.image.random_contrast",
          "tensorflow.image.random_saturation", "tensorflow.image.random_hue", "tensorflow.image.adjust_brightness",
          "tensorflow.image.adjust_contrast", "tensorflow.image.per_image_standardization", "tensorflow.identity",
          "tensorflow.clip_by_value", "tensorflow.math.abs", "tensorflow.abs", "tensorflow.math.log",
          "tensorflow.math.exp", "tensorflow.sqrt", "tensorflow.math.sqrt", "tensorflow.nn.relu", "tensorflow.nn.sigmoid")
def _same_shape(args, kwargs):
    a = args[0] if args else kwargs.get("image", kwargs.get("x", kwargs.get("t")))
    if not isinstance(a, ArrayV):
        return UNKNOWN
    return ArrayV(a.shape, a.dtype, a.one_hot)


def _channels(n):
    def fn(args, kwargs):
        a = args[0] if args else kwargs.get("images")
        if not isinstance(a, ArrayV) or a.shape is None or not a.shape:
            return UNKNOWN
        return ArrayV(tuple(a.shape[:-1]) + (n,), a.dtype)
    return fn


function("tensorflow.image.rgb_to_grayscale")(_channels(1))
function("tensorflow.image.grayscale_to_rgb")(_channels(3))


@function("tensorflow.io.read_file", "tensorflow.read_file")
def _read_file(args, kwargs):
    return ArrayV((), None)  # one string


@function("tensorflow.io.decode_jpeg", "tensorflow.image.decode_jpeg", "tensorflow.io.decode_png",
          "tensorflow.image.decode_png")
def _decode(args, kwargs):
    """(height, width, channels) uint8: the file's size, channels as asked (0: the file's)."""
    ch = args[1] if len(args) > 1 else kwargs.get("channels", 0)
    return ArrayV((None, None, ch if ch in (1, 3, 4) else None), "int")


@function("tensorflow.io.decode_image", "tensorflow.image.decode_image")
def _decode_image(args, kwargs):
    # an animated GIF decodes to 4-D: the rank is not known unless expand_animations=False
    if kwargs.get("expand_animations") is not False:
        return ArrayV(None, "int")
    ch = args[1] if len(args) > 1 else kwargs.get("channels", 0)
    return ArrayV((None, None, ch if ch in (1, 3, 4) else None), "int")
