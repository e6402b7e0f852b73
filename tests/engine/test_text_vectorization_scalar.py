"""A TextVectorization called on one string (inside a tf.data ``map``, the TensorFlow text
tutorial's recipe) is Unknown, not an engine error (it was an IndexError on the empty shape)."""

from shapelens.analysis import analyze

SOURCE = '''
import tensorflow as tf
from tensorflow.keras import layers

texts = tf.data.Dataset.from_tensor_slices(["a b c", "d e"])
vectorize = layers.TextVectorization(max_tokens=50, output_mode="int", output_sequence_length=4)
vectorize.adapt(texts.batch(2))

def vectorize_text(text):
    return vectorize(text)

one = vectorize_text(tf.constant("a b"))
ids = texts.map(vectorize_text)
'''


def test_text_vectorization_on_a_scalar_string_is_silent():
    a = analyze(SOURCE)  # SHAPELENS_STRICT=1 (tests/conftest.py): an engine exception fails here
    assert [d.code for d in a.diagnostics if d.severity in ("error", "warning")] == []
