"""Canonical names for what user code imports: every way of spelling a Keras, TensorFlow, NumPy,
pandas, scikit-learn or OpenCV name is mapped to one dotted path, so the interpreter dispatches
on one string."""

from __future__ import annotations

from ..catalog import ALIASES, FUNCTIONAL_MERGES, RULES, rule_for

_PREFIXES = (
    ("tensorflow.python.keras", "keras"),
    ("tensorflow.keras", "keras"),
    # (not tf_keras: that package is Keras 2, which takes arguments Keras 3 rejects; its code is
    # not judged by Keras 3's rules)
    ("keras.src", "keras"),
    ("keras.api", "keras"),
    ("keras._tf_keras.keras", "keras"),
)

_KERAS_TOP = {
    "Sequential": "keras.Sequential",
    "Model": "keras.Model",
    "Input": "keras.Input",
    "InputLayer": "keras.layers.InputLayer",
    "Layer": "keras.layers.Layer",
    "to_categorical": "keras.utils.to_categorical",
    "load_model": "keras.models.load_model",
    # Keras' data utilities wherever they are read from (keras.src.utils.image_dataset_utils,
    # keras.preprocessing, tf.keras.preprocessing.sequence, keras.src.legacy.preprocessing.image)
    "image_dataset_from_directory": "keras.utils.image_dataset_from_directory",
    "text_dataset_from_directory": "keras.utils.text_dataset_from_directory",
    "timeseries_dataset_from_array": "keras.utils.timeseries_dataset_from_array",
    "pad_sequences": "keras.utils.pad_sequences",
    "ImageDataGenerator": "keras.preprocessing.image.ImageDataGenerator",
    "TimeseriesGenerator": "keras.preprocessing.sequence.TimeseriesGenerator",
}


_PANDAS_TOP = {"DataFrame", "Series", "read_csv", "read_table", "read_excel", "read_parquet", "read_json", "concat",
               "get_dummies"}


def canonical(path: str, legacy_tf_keras: bool = False) -> str:
    """``legacy_tf_keras``: the file sets TF_USE_LEGACY_KERAS=1, so its ``tf.keras`` is Keras 2
    (the tf_keras package), not judged by Keras 3's rules (see _PREFIXES)."""
    if legacy_tf_keras and (path == "tensorflow.keras" or path.startswith("tensorflow.keras.")):
        return "tf_keras" + path[len("tensorflow.keras"):]
    for old, new in _PREFIXES:
        if path == old or path.startswith(old + "."):
            path = new + path[len(old):]
            break
    if path.startswith("keras."):
        last = path.rsplit(".", 1)[-1]
        if last in _KERAS_TOP and not path.startswith("keras.ops."):
            return _KERAS_TOP[last]
        parts = path.split(".")
        if len(parts) >= 3 and parts[1] == "layers" and (last in RULES or last in FUNCTIONAL_MERGES or last in ALIASES):
            return "keras.layers." + last
        if len(parts) >= 3 and parts[1] == "layers" and len(parts) > 3:
            # keras.layers.recurrent.LSTM and friends
            return "keras.layers." + last
    if path == "np" or path.startswith("np."):
        path = "numpy" + path[2:]
    if path.startswith("sklearn."):
        # sklearn.preprocessing._data.StandardScaler, sklearn.model_selection._split.train_test_split
        parts = path.split(".")
        path = ".".join([p for p in parts[:-1] if not p.startswith("_")] + parts[-1:])
    elif path.startswith(("pandas.core.", "pandas.io.")) and path.count(".") >= 2:
        # pandas.core.frame.DataFrame, pandas.io.parsers.readers.read_csv: the public names
        last = path.rsplit(".", 1)[-1]
        if last in _PANDAS_TOP:
            path = "pandas." + last
    elif path.startswith("cv2.cv2."):
        path = "cv2." + path[len("cv2.cv2."):]
    return path


def layer_class(path: str):
    """The catalog rule a canonical path names, or None."""
    if path.startswith("keras.layers."):
        return rule_for(path[len("keras.layers."):])
    return None
