"""Preprocessing layers: text, structured data, audio, and the image layers that are not random (Rescaling, Resizing, CenterCrop).

What Keras 3.15.1 does on a symbolic call (keras/src/layers/preprocessing/): every layer here
except Normalization and Pipeline overrides ``compute_output_shape``/``compute_output_spec``,
so a symbolic call computes only the shape; the data-dependent checks (a TextVectorization
given numbers, statistics adapted on another feature count) happen when data flows.

One module per concern: lookup (StringLookup, IntegerLookup and the vocabularies they share with
TextVectorization), text (TextVectorization), normalization (Normalization), structured
(Discretization, CategoryEncoding, Hashing, HashedCrossing), image (Rescaling, Resizing,
CenterCrop), audio (MelSpectrogram, STFTSpectrogram) and pipeline (Pipeline); common holds what
they share.  Importing this package registers their rules, in that order.
"""

# Registration, in the order the rules were written: RULES keeps it.
from . import lookup, text, normalization, structured, image, audio, pipeline  # noqa: F401, I001
