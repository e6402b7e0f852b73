"""Preprocessing layers: text, structured data, audio, and the image layers that are not random (Rescaling, Resizing, CenterCrop)."""

from __future__ import annotations
