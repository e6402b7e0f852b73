"""Images read when the program runs: OpenCV (``cv2.imread``, ``cv2.resize``, ``cv2.cvtColor``),
Pillow (``Image.open(...).convert("RGB").resize(...)`` then ``np.array``) and Keras' ``load_img``
(a Pillow image) with ``img_to_array``.  The height and
width of a file are not known (RunDims), its rank is: a colour image is 3-D (height, width, 3),
a grey one 2-D, and a batch of one image is the caller's ``np.expand_dims``.  ``dsize`` and
``resize`` sizes are (width, height), as both libraries take them."""

from __future__ import annotations

from dataclasses import dataclass

from ..values import UNKNOWN, ArrayV, LibValue, ListV, ModuleV, Sym, is_int
from .arrays import fresh
from .registry import attribute, function, method

# -- OpenCV ------------------------------------------------------------------------------------

_GREY_READ = {0, 16, 32, 64}  # IMREAD_GRAYSCALE, IMREAD_REDUCED_GRAYSCALE_2/4/8
_COLOUR_READ = {1, 17, 33, 65}  # IMREAD_COLOR, IMREAD_REDUCED_COLOR_2/4/8
_READ_NAMES = {"IMREAD_GRAYSCALE": 0, "IMREAD_COLOR": 1, "IMREAD_REDUCED_GRAYSCALE_2": 16,
               "IMREAD_REDUCED_COLOR_2": 17, "IMREAD_REDUCED_GRAYSCALE_4": 32, "IMREAD_REDUCED_COLOR_4": 33,
               "IMREAD_REDUCED_GRAYSCALE_8": 64, "IMREAD_REDUCED_COLOR_8": 65, "IMREAD_UNCHANGED": -1}


def _const(v, table) -> int | None:
    if is_int(v):
        return v
    if isinstance(v, ModuleV):
        return table.get(v.path.rsplit(".", 1)[-1])
    return None


def _image(h, w, channels) -> ArrayV:
    """An image array: (h, w) when ``channels`` is None, (h, w, c) otherwise."""
    h = h if h is not None else fresh("height")
    w = w if w is not None else fresh("width")
    return ArrayV((h, w) if channels is None else (h, w, channels), "int")


@function("cv2.imread", "cv2.imdecode")
def _imread(args, kwargs):
    flags = args[1] if len(args) > 1 else kwargs.get("flags", 1)
    f = _const(flags, _READ_NAMES)
    if f in _GREY_READ:
        return _image(None, None, None)
    if f in _COLOUR_READ:
        return _image(None, None, 3)
    return ArrayV(None, "int")  # IMREAD_UNCHANGED and the rest: the file decides the rank


def _size_pair(v):
    """A literal (width, height) pair, or None."""
    items = v.items if isinstance(v, ListV) else v if isinstance(v, tuple) else None
    if items is None or len(items) != 2 or not all(is_int(x) for x in items):
        return None
    return items


@function("cv2.resize")
def _resize(args, kwargs):
    img = args[0] if args else kwargs.get("src")
    dsize = args[1] if len(args) > 1 else kwargs.get("dsize")
    if not isinstance(img, ArrayV):
        return UNKNOWN
    pair = _size_pair(dsize)
    w, h = pair if pair is not None and pair != (0, 0) else (None, None)
    s = img.shape
    if s is None or len(s) not in (2, 3):
        return ArrayV(None, img.dtype)
    if len(s) == 2:
        return _image(h, w, None)
    c = s[2]
    if not is_int(c):
        return ArrayV(None, img.dtype)  # OpenCV drops a channel axis of size 1
    return _image(h, w, None if c == 1 else c)


_TO_GREY = ("2GRAY",)
_TO_FOUR = ("2BGRA", "2RGBA")


@function("cv2.cvtColor")
def _cvt(args, kwargs):
    img = args[0] if args else kwargs.get("src")
    code = args[1] if len(args) > 1 else kwargs.get("code")
    if not isinstance(img, ArrayV) or img.shape is None or len(img.shape) not in (2, 3):
        return UNKNOWN if not isinstance(img, ArrayV) else ArrayV(None, img.dtype)
    name = code.path.rsplit(".", 1)[-1] if isinstance(code, ModuleV) else None
    if name is None or not name.startswith("COLOR_"):
        return ArrayV(None, img.dtype)
    h, w = img.shape[0], img.shape[1]
    if name.endswith(_TO_GREY):
        return ArrayV((h, w), img.dtype)
    if name.endswith(_TO_FOUR):
        return ArrayV((h, w, 4), img.dtype)
    if "BayerBG" in name or "YUV" in name and "2BGR" not in name and "2RGB" not in name:
        return ArrayV(None, img.dtype)
    return ArrayV((h, w, 3), img.dtype)


@function("cv2.GaussianBlur", "cv2.blur", "cv2.medianBlur", "cv2.bilateralFilter", "cv2.equalizeHist", "cv2.flip",
          "cv2.erode", "cv2.dilate", "cv2.normalize", "cv2.bitwise_not", "cv2.convertScaleAbs", "cv2.filter2D")
def _same(args, kwargs):
    img = args[0] if args else kwargs.get("src")
    if not isinstance(img, ArrayV):
        return UNKNOWN
    return ArrayV(img.shape, img.dtype)


@function("cv2.Canny")
def _canny(args, kwargs):
    img = args[0] if args else kwargs.get("image")
    if not isinstance(img, ArrayV) or img.shape is None or len(img.shape) < 2:
        return UNKNOWN
    return ArrayV((img.shape[0], img.shape[1]), "int")


# -- Pillow ------------------------------------------------------------------------------------

_MODE_CHANNELS = {"1": None, "L": None, "P": None, "I": None, "F": None, "I;16": None, "LA": 2, "RGB": 3,
                  "YCbCr": 3, "LAB": 3, "HSV": 3, "RGBA": 4, "RGBX": 4, "CMYK": 4, "PA": 2}
_UNKNOWN_MODE = "?"


@dataclass(eq=False)
class ImageV(LibValue):
    """A Pillow image: width and height (ints or RunDims) and its channels as ``np.array``
    gives them (None: a 2-D array; "?": the mode is not known, so neither is the rank)."""

    width: object
    height: object
    channels: object = _UNKNOWN_MODE

    def lib_array(self):
        if self.channels == _UNKNOWN_MODE:
            return ArrayV(None, "int")
        return _image(self.height, self.width, self.channels)


def _pil(w=None, h=None, channels=_UNKNOWN_MODE) -> ImageV:
    return ImageV(w if w is not None else fresh("width"), h if h is not None else fresh("height"), channels)


@function("PIL.Image.open")
def _open(args, kwargs):
    return _pil()


@function("PIL.Image.fromarray")
def _fromarray(args, kwargs):
    a = args[0] if args else kwargs.get("obj")
    if not isinstance(a, ArrayV) or a.shape is None or len(a.shape) not in (2, 3):
        return _pil()
    h, w = a.shape[0], a.shape[1]
    return _pil(w if w is not None else None, h if h is not None else None, None if len(a.shape) == 2 else a.shape[2])


@function("PIL.Image.new")
def _new(args, kwargs):
    mode = args[0] if args else kwargs.get("mode")
    pair = _size_pair(args[1] if len(args) > 1 else kwargs.get("size"))
    w, h = pair if pair is not None else (None, None)
    return _pil(w, h, _MODE_CHANNELS.get(mode, _UNKNOWN_MODE) if isinstance(mode, str) else _UNKNOWN_MODE)


@method("convert", on=ImageV)
def _convert(img, args, kwargs):
    mode = args[0] if args else kwargs.get("mode")
    ch = _MODE_CHANNELS.get(mode, _UNKNOWN_MODE) if isinstance(mode, str) else _UNKNOWN_MODE
    return ImageV(img.width, img.height, ch)


@method("resize", on=ImageV)
def _pil_resize(img, args, kwargs):
    pair = _size_pair(args[0] if args else kwargs.get("size"))
    if pair is None:
        return ImageV(fresh("width"), fresh("height"), img.channels)
    return ImageV(pair[0], pair[1], img.channels)


@method("copy", "filter", on=ImageV)
def _pil_same(img, args, kwargs):
    return ImageV(img.width, img.height, img.channels)


@method("rotate", on=ImageV)
def _pil_rotate(img, args, kwargs):
    if kwargs.get("expand") not in (None, False, 0):
        return ImageV(fresh("width"), fresh("height"), img.channels)
    return ImageV(img.width, img.height, img.channels)


@method("crop", on=ImageV)
def _crop(img, args, kwargs):
    box = args[0] if args else kwargs.get("box")
    items = box.items if isinstance(box, ListV) else box if isinstance(box, tuple) else None
    if items is not None and len(items) == 4 and all(is_int(x) for x in items):
        return ImageV(items[2] - items[0], items[3] - items[1], img.channels)
    return ImageV(fresh("width"), fresh("height"), img.channels)


@method("thumbnail", on=ImageV, ctx=True)
def _thumbnail(img, args, kwargs, ctx):
    img.width, img.height = fresh("width"), fresh("height")  # in place, at most the size given


@method("getdata", "split", "save", "show", "close", "load", "verify", "getpixel", "putpixel", "paste", "point",
        "transpose", on=ImageV)
def _pil_unknown(img, args, kwargs):
    return UNKNOWN


def _dim_value(d):
    return d if is_int(d) else Sym(d) if isinstance(d, str) else UNKNOWN


@attribute("size", on=ImageV)
def _size(img):
    return (_dim_value(img.width), _dim_value(img.height))


@attribute("width", on=ImageV)
def _width(img):
    return _dim_value(img.width)


@attribute("height", on=ImageV)
def _height(img):
    return _dim_value(img.height)


@attribute("mode", "info", "format", on=ImageV)
def _unknown_attr(img):
    return UNKNOWN


# -- Keras' image helpers: load_img gives a Pillow image ---------------------------------------------

_COLOR_MODES = {"rgb": 3, "rgba": 4, "grayscale": None}
_KERAS_IMAGE = ("keras.utils.", "keras.preprocessing.image.", "keras.utils.image_utils.")


@function(*(p + "load_img" for p in _KERAS_IMAGE))
def _load_img(args, kwargs):
    """``load_img(path, color_mode="rgb", target_size=(height, width))``: a Pillow image."""
    mode = kwargs.get("color_mode", "rgb")
    size = args[2] if len(args) > 2 else kwargs.get("target_size")
    pair = _size_pair(size)
    h, w = pair if pair is not None else (None, None)
    return _pil(w, h, _COLOR_MODES[mode] if isinstance(mode, str) and mode in _COLOR_MODES else _UNKNOWN_MODE)


@function(*(p + "img_to_array" for p in _KERAS_IMAGE), ctx=True)
def _img_to_array(args, kwargs, ctx):
    """Always 3-D: (height, width, channels), a grey image with a channel axis of 1;
    channels first when data_format (or keras.config's) says so."""
    img = args[0] if args else kwargs.get("img")
    fmt_ = args[1] if len(args) > 1 else kwargs.get("data_format")
    if fmt_ is None and ctx.i is not None:
        fmt_ = ctx.i.g.lookup("\0data_format")
        fmt_ = "channels_last" if not isinstance(fmt_, str) and fmt_ is not UNKNOWN else fmt_
    if isinstance(img, ImageV):
        h, w = img.height, img.width
        c = 1 if img.channels is None else img.channels if img.channels != _UNKNOWN_MODE else fresh("channels")
    elif isinstance(img, ArrayV) and img.shape is not None and len(img.shape) in (2, 3):
        h, w = img.shape[0], img.shape[1]
        c = 1 if len(img.shape) == 2 else img.shape[2]
        h = h if h is not None else fresh("height")
    else:
        return UNKNOWN if not isinstance(img, (ImageV, ArrayV)) else ArrayV((fresh(), fresh(), fresh()), "float")
    if fmt_ == "channels_last":
        return ArrayV((h, w, c), "float")
    if fmt_ == "channels_first":
        return ArrayV((c, h, w), "float")
    return ArrayV((fresh(), fresh(), fresh()), "float")
