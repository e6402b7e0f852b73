"""What Keras' data modules share: an argument by position or name, its key among the call's
argument nodes, and ``data_format`` as Keras resolves it."""

from __future__ import annotations

from ...records import MISSING
from ...values import UNKNOWN


def _data_format(ctx, given=None):
    """``data_format`` as Keras resolves it: the one given, else keras.config's image_data_format
    (set in the file with keras.config.set_image_data_format; "channels_last" by default).
    UNKNOWN when not known."""
    if given is not None:
        return given if given in ("channels_last", "channels_first") else UNKNOWN
    i = getattr(ctx, "i", None)
    if i is None:
        return "channels_last"
    fmt = i.g.lookup("\0data_format")
    if fmt is MISSING:
        return "channels_last"
    return fmt if fmt in ("channels_last", "channels_first") else UNKNOWN


def _arg(args, kwargs, pos, name, default=None):
    if len(args) > pos:
        return args[pos]
    return kwargs.get(name, default)


def _key(ctx, pos, name):
    """How the call gave argument ``pos``/``name`` (its key in the call's argument nodes)."""
    nodes = getattr(ctx, "arg_nodes", None) or {}
    return name if name in nodes else pos
