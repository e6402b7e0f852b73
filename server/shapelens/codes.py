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
    Code("SL120", "error", "removed-in-keras-3", "A Keras 1/2 spelling Keras 3 removed or renamed (fit_generator, predict_classes, nb_epoch=, border_mode=, init=, output_dim=, lr=, merge, CuDNNLSTM, imports from keras.layers.core or keras.utils.np_utils, ...): Keras 3 raises. The quick fix writes the Keras 3 spelling; the shapes are followed as if it were written."),
    Code("SL201", "error", "data-shape-mismatch", "Data passed to fit/predict/evaluate does not fit the model's input shape."),
    Code("SL202", "error", "sample-count-mismatch", "x and y passed to fit/evaluate hold different numbers of samples."),
    Code("SL203", "error", "targets-vs-loss", "Targets whose encoding contradicts the loss (one-hot vs integer labels)."),
    Code("SL204", "error", "targets-vs-output", "Targets whose shape cannot match the model's output under this loss."),
    Code("SL205", "warning", "targets-broadcast", "Targets that the loss silently broadcasts against the model's output (e.g. (N, 1) targets against a (None, 4) or (None, T, 1) output under mse): Keras trains, on the wrong pairs."),
    Code("SL206", "error", "transformer-input-rank", "A scikit-learn scaler, encoder or PCA gets data of a rank it rejects: 3-D windows ('Found array with dim 3'), a 1-D array or Series ('Expected 2D array'), a 2-D array into LabelEncoder."),
    Code("SL207", "error", "transformer-feature-count", "A fitted scikit-learn transformer gets another number of columns than it was fitted on (transform, or inverse_transform of one predicted column through a scaler fitted on several), or PCA asks for more components than there are features."),
    Code("SL208", "error", "split-sample-count", "Arrays given together to train_test_split hold different numbers of samples ('Found input variables with inconsistent numbers of samples')."),
    Code("SL209", "error", "dataframe-shape", "A pandas DataFrame made from data it rejects: 3-D data ('Must pass 2-d input') or more or fewer column names than the data has columns."),
    Code("SL220", "error", "loss-name-not-in-keras-3", "A loss string Keras 2 knew and Keras 3 does not ('logcosh', 'kullback_leibler_divergence', 'huber_loss', 'cosine_proximity'): Keras 3 raises 'Could not interpret loss identifier' when fit starts."),
    Code("SL301", "warning", "state-ignored", "A layer given more initial states than it uses silently ignores the rest (e.g. an LSTM's [h, c] into a GRU)."),
    Code("SL302", "warning", "softmax-over-one-unit", "A softmax over an axis of size 1 (Dense(1, activation='softmax'), an Activation('softmax') or Softmax() after one unit, inside TimeDistributed): every output is exactly 1.0, so nothing is learned."),
    Code("SL303", "warning", "activation-vs-loss", "The output activation does not fit the cross-entropy it is trained with: one unit under categorical cross-entropy (the loss is always 0), a linear output read as probabilities (from_logits=False), sigmoid units under categorical cross-entropy."),
    Code("SL304", "warning", "binary-crossentropy-multiclass", "binary_crossentropy on more than two classes: on a softmax over C > 2 units every unit is scored as its own yes/no label, so the loss is not the cross-entropy of the sample's class; on one unit, labels above 1 (keras.datasets labels 0..9) make a meaningless loss."),
    Code("SL305", "warning", "return-state-predict", "A Sequential ending in return_state=True (or a functional model whose outputs= is the list such a layer call returned) returns a list of arrays (output, then states) from predict(), and the code uses that list as one array."),
    Code("SL306", "warning", "sequential-timesteps", "Data whose timesteps differ from a Sequential's fixed Input: a Sequential does not check its data, so Keras runs the model over the other length without an error."),
    Code("SL308", "warning", "positional-strides", "Convolution2D(32, 3, 3), Keras 1's name with Keras 1's arguments: the third positional argument is strides in Keras 2 and 3, not the kernel's second size as in Keras 1 (Conv2D(32, 3, 3), Keras 2's own spelling of a stride, is not flagged)."),
    Code("SL401", "hint", "deprecated-input-shape", "input_shape=/input_dim= on a layer is deprecated in Keras 3; use keras.Input(shape=...) as the first entry."),
]}

DOCS_FILE = Path(__file__).parent / "docs" / "codes.md"


def severity_of(code: str) -> str:
    return CODES[code].severity


def doc_url(code: str) -> str:
    """Where a code is documented: the codes page shipped inside the package."""
    return DOCS_FILE.resolve().as_uri() + "#" + code.lower()
