"""Keras' own data: ``keras.datasets.*.load_data()``, the dataset utilities of ``keras.utils``
(``image_dataset_from_directory``, ``text_dataset_from_directory``,
``timeseries_dataset_from_array``, ``pad_sequences``) and the legacy generators that
``tf.keras`` still has (``ImageDataGenerator`` and its ``flow``/``flow_from_directory``/
``flow_from_dataframe`` iterators, ``TimeseriesGenerator``, ``Tokenizer``).

What each returns is checked in Keras 3.15.1 / TensorFlow 2.21 (tests/engine/test_lib_keras_data.py
runs them on small data); the datasets' shapes and dtypes, which cannot be downloaded here, are the
ones Keras' source asserts and documents (keras/src/datasets/*.py, cited per entry).

Datasets made by the utilities are ``tf.data`` datasets (tfdata.DatasetV); the legacy iterators are
the same kind of value with ``kind="keras"`` (a ``PyDataset``): their element is one batch.

Note on Keras 3: ``ImageDataGenerator``, ``TimeseriesGenerator`` and ``Tokenizer`` exist only under
``tf.keras`` (``keras._tf_keras.keras.preprocessing``); ``keras.preprocessing.image`` and
``keras.preprocessing.sequence`` of Keras 3 itself no longer have them (AttributeError /
ImportError).  The engine maps both spellings to one name; their shapes are the same.

The package: datasets.py (``keras.datasets``), utilities.py (the dataset utilities of
``keras.utils``), generators.py (the legacy generators and ``Tokenizer``); common.py holds the
argument helpers they share.
"""

# Registration, in the order the handlers were written (tfdata's first, as when this was one
# module that imported it).
# isort: off
from .. import tfdata  # noqa: F401
from . import datasets, utilities, generators  # noqa: F401
# isort: on
