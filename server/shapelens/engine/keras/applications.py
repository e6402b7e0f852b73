"""``keras.applications``: the backbones (ResNet50, MobileNetV2, EfficientNetB0, ...) built from
their arguments, as Keras builds them with ``weights=None``: output shape and parameter count,
without weights or downloads."""

from __future__ import annotations

from ..values import UNKNOWN


class Applications:
    """KerasOps' part for keras.applications."""

    def application(self, path, args, kwargs, node, arg_nodes):
        return UNKNOWN  # not modelled yet: silent
