"""Stable diagnostic codes.  SL0xx: the file itself; SL1xx: Keras certainly raises;
SL2xx: data and targets against the model; SL3xx: legal but almost surely a bug (warnings);
SL4xx: style hints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    title: str
    summary: str


CODES = {c.code: c for c in [
    Code("SL000", "error", "syntax-error", "The statement does not parse; the rest of the file is still analysed."),
    Code("SL101", "error", "wrong-input-rank", "A layer gets a tensor of a rank it does not accept (e.g. 2-D data into an LSTM)."),
    Code("SL102", "error", "missing-return-sequences", "A recurrent layer follows another recurrent layer that returns only its last step; set return_sequences=True on the earlier one."),
    Code("SL103", "error", "input-shape-includes-batch", "input_shape/shape includes the batch or sample count; Keras adds the batch axis itself."),
    Code("SL104", "error", "return-state-unpack-count", "The results of a return_state=True layer are unpacked into the wrong number of names."),
    Code("SL105", "error", "unpack-single-tensor", "A layer that returns one tensor is unpacked as if it returned several (return_state is not set)."),
    Code("SL106", "error", "return-state-in-sequential", "A return_state=True layer inside Sequential feeds a list of tensors to the next layer."),
    Code("SL107", "error", "list-into-single-input-layer", "A list of tensors is given to a layer that takes one tensor."),
    Code("SL108", "error", "output-not-connected", "A functional model's output does not depend on its inputs."),
    Code("SL109", "error", "initial-state-mismatch", "initial_state has the wrong number of tensors or the wrong width for the layer."),
    Code("SL110", "error", "merge-shape-mismatch", "Tensors merged by Concatenate/Add/Multiply/... have shapes that cannot be merged."),
    Code("SL111", "error", "reshape-size-mismatch", "Reshape's target shape does not hold the same number of values as its input."),
    Code("SL112", "error", "dimension-below-one", "A convolution, pooling or cropping makes a dimension smaller than 1."),
    Code("SL113", "error", "stateful-without-batch-size", "stateful=True needs a fixed batch size (batch_size= on the Input)."),
    Code("SL114", "error", "invalid-layer-argument", "A layer argument that Keras rejects (e.g. Dense units that are not a positive int)."),
    Code("SL115", "error", "shape-not-a-tuple", "A shape given as a bare int, e.g. shape=(10) where (10,) was meant."),
    Code("SL116", "error", "incompatible-inputs", "Two tensors given to a layer do not fit together (Dot axes, attention widths, ...)."),
    Code("SL117", "error", "undefined-weight-dim", "A layer sizes its weights by an input axis that is None (e.g. an LSTM on keras.Input(shape=(None, None)))."),
    Code("SL118", "error", "tensorflow-op-on-keras-tensor", "A TensorFlow function (tf.concat, tf.reduce_mean, tf.expand_dims, ...) is given a symbolic Keras tensor between layers; Keras 3 raises. Use the keras.ops function, or a Lambda layer."),
    Code("SL201", "error", "data-shape-mismatch", "Data passed to fit/predict/evaluate does not fit the model's input shape."),
    Code("SL202", "error", "sample-count-mismatch", "x and y passed to fit/evaluate hold different numbers of samples."),
    Code("SL203", "error", "targets-vs-loss", "Targets whose encoding contradicts the loss (one-hot vs integer labels)."),
    Code("SL204", "error", "targets-vs-output", "Targets whose shape cannot match the model's output under this loss."),
    Code("SL205", "warning", "targets-broadcast", "Targets of shape (N, 1) are silently broadcast against a wider output under mse/mae: almost always a bug."),
    Code("SL301", "warning", "state-ignored", "A layer given more initial states than it uses silently ignores the rest (e.g. an LSTM's [h, c] into a GRU)."),
    Code("SL401", "hint", "deprecated-input-shape", "input_shape=/input_dim= on a layer is deprecated in Keras 3; use keras.Input(shape=...) as the first entry."),
]}

DOCS_FILE = Path(__file__).parent / "docs" / "codes.md"


def severity_of(code: str) -> str:
    return CODES[code].severity


def doc_url(code: str) -> str:
    """Where a code is documented: the codes page shipped inside the package."""
    return DOCS_FILE.resolve().as_uri() + "#" + code.lower()
