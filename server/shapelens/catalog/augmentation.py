"""Image augmentation layers (the Random* family and the other image preprocessing layers): shapes as Keras computes them."""

from __future__ import annotations
