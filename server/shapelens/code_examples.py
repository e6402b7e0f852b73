"""VALID and INVALID examples for every diagnostic code (Fixit-style: the tests are generated
from them).  An INVALID example gets its code; a VALID one gets no error and no warning.
Every SL1xx INVALID example is also run in real Keras by the oracle tests, which check that
Keras raises on it (or, for the bugs Keras only reports when the model runs, that it fails
when called on data), and that every VALID example builds."""

K = "import keras\nfrom keras import layers\n"
NP = "import numpy as np\n"
TF = "import tensorflow as tf\n"

EXAMPLES = {
    "SL000": {
        "valid": [K + "x = keras.Input((10, 3))\n"],
        "invalid": [K + "x = keras.Input((10, 3)\ny = layers.LSTM(4)(x)\n"],
    },
    "SL101": {
        "valid": [
            K + "x = keras.Input((10, 3))\ny = layers.LSTM(8)(x)\n",
            K + "x = keras.Input((10, 3))\ny = layers.Dense(4)(x)\n",  # Dense on 3-D is legal
            K + "x = keras.Input((7,))\ny = layers.RepeatVector(3)(x)\n",
        ],
        "invalid": [
            K + "x = keras.Input((10,))\ny = layers.LSTM(8)(x)\n",
            K + "x = keras.Input((10, 3))\ny = layers.RepeatVector(3)(x)\n",
            K + "x = keras.Input((8,))\ny = layers.TimeDistributed(layers.Dense(2))(x)\n",
            K + "x = keras.Input((100,))\ny = layers.Conv1D(4, 3)(x)\n",
            K + "x = keras.Input((5, 40, 1))\ny = layers.ConvLSTM2D(4, 3)(x)\n",
            K + "model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.LSTM(8)])\n",
            K + "model = keras.Sequential([keras.Input((50, 1)), layers.Embedding(100, 8), layers.GRU(4)])\n",
        ],
    },
    "SL102": {
        "valid": [K + "model = keras.Sequential([keras.Input((20, 4)), layers.LSTM(8, return_sequences=True), layers.LSTM(4)])\n"],
        "invalid": [
            K + "model = keras.Sequential([keras.Input((20, 4)), layers.LSTM(8), layers.LSTM(4)])\n",
            K + "x = keras.Input((20, 4))\nh = layers.GRU(8, return_sequences=False)(x)\ny = layers.GRU(4)(h)\n",
            K + "x = keras.Input((20, 4))\nh = layers.Bidirectional(layers.LSTM(8))(x)\ny = layers.LSTM(4)(h)\n",
        ],
    },
    "SL103": {
        "valid": [K + "model = keras.Sequential([layers.LSTM(8, input_shape=(10, 3)), layers.Dense(1)])\n"],
        "invalid": [
            K + "model = keras.Sequential([layers.LSTM(8, input_shape=(32, 10, 3)), layers.Dense(1)])\n",
            K + NP + "X = np.zeros((500, 10, 3))\nmodel = keras.Sequential([layers.LSTM(8, input_shape=X.shape), layers.Dense(1)])\n",
        ],
    },
    "SL104": {
        "valid": [
            K + "x = keras.Input((10, 3))\no, h, c = layers.LSTM(8, return_state=True)(x)\n",
            K + "x = keras.Input((10, 3))\no, h = layers.GRU(8, return_state=True)(x)\n",
        ],
        "invalid": [
            K + "x = keras.Input((10, 3))\no, h = layers.LSTM(8, return_state=True)(x)\n",
            K + "x = keras.Input((10, 3))\no, h, c = layers.GRU(8, return_state=True)(x)\n",
            K + "x = keras.Input((10, 3))\no, h, c = layers.Bidirectional(layers.LSTM(8, return_state=True))(x)\n",
        ],
    },
    "SL105": {
        "valid": [K + "x = keras.Input((10, 3))\no = layers.LSTM(8)(x)\n"],
        "invalid": [K + "x = keras.Input((10, 3))\no, h, c = layers.LSTM(8)(x)\n"],
    },
    "SL106": {
        "valid": [K + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8), layers.Dense(1)])\n"],
        "invalid": [K + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8, return_state=True), layers.Dense(1)])\n"],
    },
    "SL107": {
        "valid": [K + "a = keras.Input((4,))\nb = keras.Input((4,))\nc = layers.Dense(2)(layers.Concatenate()([a, b]))\n"],
        "invalid": [K + "a = keras.Input((4,))\nb = keras.Input((4,))\nc = layers.Dense(2)([a, b])\n"],
    },
    "SL108": {
        "valid": [K + "inputs = keras.Input(shape=(10, 3))\nmodel = keras.Model(inputs=inputs, outputs=layers.LSTM(8)(inputs))\n"],
        "invalid": [
            K + "model = keras.Model(inputs=keras.Input(shape=(10, 3)), outputs=layers.LSTM(8)(keras.Input(shape=(10, 3))))\n",
            K + "a = keras.Input((4,))\nb = keras.Input((4,))\nmodel = keras.Model(a, layers.Dense(1)(b))\n",
        ],
    },
    "SL109": {
        "valid": [K + "x = keras.Input((10, 3))\no, h, c = layers.LSTM(8, return_state=True)(x)\n"
                  "y = layers.LSTM(8)(x, initial_state=[h, c])\n"],
        "invalid": [
            K + "x = keras.Input((10, 3))\no, h, c = layers.LSTM(8, return_state=True)(x)\n"
                "y = layers.LSTM(16)(x, initial_state=[h, c])\n",
            K + "x = keras.Input((10, 3))\no, h, c = layers.LSTM(8, return_state=True)(x)\n"
                "y = layers.LSTM(8)(x, initial_state=[h])\n",
        ],
    },
    "SL110": {
        "valid": [K + "a = keras.Input((10, 8))\nb = keras.Input((10, 4))\nc = layers.Concatenate()([a, b])\n",
                  K + "a = keras.Input((10, 8))\nb = keras.Input((1, 8))\nc = a * b + a\n"],
        "invalid": [
            K + "a = keras.Input((10, 8))\nb = keras.Input((4,))\nc = layers.Concatenate()([a, b])\n",
            K + "a = keras.Input((8,))\nb = keras.Input((5,))\nc = layers.Add()([a, b])\n",
            K + "a = keras.Input((10, 8))\nb = keras.Input((10, 4))\nc = a + b\n",
        ],
    },
    "SL111": {
        "valid": [K + "x = keras.Input((10, 4))\ny = layers.Reshape((20, 2))(x)\n"],
        "invalid": [K + "x = keras.Input((10, 4))\ny = layers.Reshape((3, 7))(x)\n"],
    },
    "SL112": {
        "valid": [K + "x = keras.Input((20, 4))\ny = layers.Conv1D(8, 5)(x)\n"],
        "invalid": [
            K + "x = keras.Input((3, 4))\ny = layers.Conv1D(8, 5)(x)\n",
            K + "x = keras.Input((1, 4))\ny = layers.MaxPooling1D(2)(x)\n",
        ],
    },
    "SL113": {
        "valid": [K + "x = keras.Input((10, 3), batch_size=4)\ny = layers.LSTM(8, stateful=True)(x)\n"],
        "invalid": [K + "x = keras.Input((10, 3))\ny = layers.LSTM(8, stateful=True)(x)\n"],
    },
    "SL114": {
        "valid": [K + "x = keras.Input((8,))\ny = layers.Dense(4)(x)\n"],
        "invalid": [
            K + "x = keras.Input((8,))\ny = layers.Dense(0)(x)\n",
            K + "model = keras.Sequential([layers.LSTM(8, batch_input_shape=(32, 10, 3)), layers.Dense(1)])\n",
            K + "x = keras.Input((10, 3))\ny = layers.LSTM(8, return_sequence=True)(x)\n",
        ],
    },
    "SL115": {
        "valid": [K + "x = keras.Input(shape=(10,))\n"],
        "invalid": [K + "MAX_LEN = 10\nx = keras.Input(shape=(MAX_LEN))\n"],
    },
    "SL116": {
        "valid": [K + "x0 = keras.Input((5, 8))\nx1 = keras.Input((7, 8))\ny = layers.Attention()([x0, x1])\n"],
        "invalid": [K + "x0 = keras.Input((5, 8))\nx1 = keras.Input((7, 6))\ny = layers.Attention()([x0, x1])\n"],
    },
    "SL117": {
        "valid": [K + "x = keras.Input((None, 3))\ny = layers.LSTM(8)(x)\n"],
        "invalid": [
            K + "x = keras.Input((None, None))\ny = layers.LSTM(8)(x)\n",
            K + "x = keras.Input((None,))\ny = layers.Dense(4)(x)\n",
        ],
    },
    "SL118": {
        "valid": [
            K + TF + "x = keras.Input((10, 8))\ny = layers.Lambda(lambda t: tf.reduce_mean(t, axis=1))(x)\nz = layers.Dense(4)(y)\n",
            K + TF + "class Pool(layers.Layer):\n    def call(self, inputs):\n        return tf.reduce_mean(inputs, axis=1)\n\n\n"
                     "x = keras.Input((10, 8))\ny = layers.Dense(4)(Pool()(x))\n",
            K + "x = keras.Input((10, 8))\ny = keras.ops.mean(x, axis=1)\nz = layers.Dense(4)(y)\n",
            K + TF + "data = tf.reduce_mean(tf.zeros((4, 10, 8)), axis=1)\n",
        ],
        "invalid": [
            K + TF + "x = keras.Input((10, 8))\ny = tf.reduce_mean(x, axis=1)\nz = layers.Dense(4)(y)\n",
            K + TF + "a = keras.Input((4,))\nb = keras.Input((6,))\nc = tf.concat([a, b], axis=-1)\nd = layers.Dense(2)(c)\n",
            TF + "x = tf.keras.Input((10,))\ny = tf.expand_dims(x, -1)\nz = tf.keras.layers.LSTM(4)(y)\n",
            K + TF + "x = keras.Input((8, 8, 3))\ny = tf.image.flip_left_right(x)\n",
        ],
    },
    "SL201": {
        "valid": [
            K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(1)])\n"
                     "model.compile(loss='mse')\nmodel.fit(np.zeros((64, 10, 3)), np.zeros((64, 1)))\n",
            K + NP + "model = keras.Sequential([keras.Input((10, 1)), layers.LSTM(4), layers.Dense(1)])\n"
                     "model.compile(loss='mse')\nmodel.fit(np.zeros((64, 10)), np.zeros((64, 1)))\n",
        ],
        "invalid": [
            K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(1)])\n"
                     "model.compile(loss='mse')\nmodel.fit(np.zeros((64, 30)), np.zeros((64, 1)))\n",
            K + NP + "inp = keras.Input((20, 3))\nout = layers.Dense(1)(layers.LSTM(4)(inp))\nmodel = keras.Model(inp, out)\n"
                     "preds = model.predict(np.zeros((8, 30, 3)))\n",
        ],
    },
    "SL202": {
        "valid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\nmodel.compile(loss='mse')\n"
                  "model.fit(np.zeros((100, 4)), np.zeros((100, 1)))\n"],
        "invalid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\nmodel.compile(loss='mse')\n"
                    "model.fit(np.zeros((100, 4)), np.zeros((90, 1)))\n"],
    },
    "SL203": {
        "valid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
                  "model.compile(loss='sparse_categorical_crossentropy')\nmodel.fit(np.zeros((10, 4)), np.zeros((10,), dtype='int32'))\n"],
        "invalid": [
            K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
                     "model.compile(loss='sparse_categorical_crossentropy')\ny = keras.utils.to_categorical(np.zeros((10,)), 3)\n"
                     "model.fit(np.zeros((10, 4)), y)\n",
            K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
                     "model.compile(loss='categorical_crossentropy')\nmodel.fit(np.zeros((10, 4)), np.zeros((10,), dtype='int32'))\n",
        ],
    },
    "SL204": {
        "valid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\nmodel.compile(loss='binary_crossentropy')\n"
                  "model.fit(np.zeros((10, 4)), np.zeros((10, 3)))\n"],
        "invalid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\nmodel.compile(loss='binary_crossentropy')\n"
                    "model.fit(np.zeros((10, 4)), np.zeros((10, 5)))\n"],
    },
    "SL205": {
        "valid": [K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(1)])\n"
                  "model.compile(loss='mse')\nmodel.fit(np.zeros((64, 10, 3)), np.zeros((64, 1)))\n"],
        "invalid": [
            K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4, return_sequences=True), layers.Dense(1)])\n"
                     "model.compile(loss='mse')\nmodel.fit(np.zeros((64, 10, 3)), np.zeros((64, 1)))\n",
            K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(4)])\n"
                     "model.compile(loss='mse')\nmodel.fit(np.zeros((64, 10, 3)), np.zeros((64, 1)))\n",
        ],
    },
    "SL301": {
        "valid": [K + "x = keras.Input((10, 3))\no, h = layers.GRU(8, return_state=True)(x)\ny = layers.GRU(8)(x, initial_state=[h])\n"],
        "invalid": [K + "x = keras.Input((10, 3))\no, h, c = layers.LSTM(8, return_state=True)(x)\n"
                    "y = layers.GRU(8)(x, initial_state=[h, c])\n"],
    },
    "SL401": {
        "valid": [K + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(8)])\n"],
        "invalid": [K + "model = keras.Sequential([layers.LSTM(8, input_shape=(10, 3))])\n"],
    },
}

# Data errors pandas and scikit-learn raise (engine/libraries/pandas.py, sklearn.py).
SK = "from sklearn.preprocessing import StandardScaler, MinMaxScaler, LabelEncoder\n"
PD = "import pandas as pd\n"
EXAMPLES.update({
    "SL206": {
        "valid": [
            NP + SK + "X = np.random.rand(50, 10, 3)\nscaler = StandardScaler()\n"
                      "X_s = scaler.fit_transform(X.reshape(-1, X.shape[-1])).reshape(X.shape)\n",
            NP + SK + "y = np.random.rand(50)\ny_s = MinMaxScaler().fit_transform(y.reshape(-1, 1))\n",
            NP + SK + "labels = LabelEncoder().fit_transform(np.array(['a', 'b', 'a']))\n",
        ],
        "invalid": [
            NP + SK + "X = np.random.rand(50, 10, 3)\nX_s = StandardScaler().fit_transform(X)\n",
            NP + SK + "y = np.random.rand(50)\ny_s = MinMaxScaler().fit_transform(y)\n",
            NP + PD + SK + "df = pd.DataFrame({'a': [1.0, 2.0, 3.0], 'b': [4.0, 5.0, 6.0]})\n"
                           "a_s = StandardScaler().fit_transform(df['a'])\n",
            NP + SK + "y = np.zeros((6, 2))\ncodes = LabelEncoder().fit_transform(y)\n",
        ],
    },
    "SL207": {
        "valid": [
            NP + SK + "data = np.random.rand(40, 5)\ntarget_scaler = MinMaxScaler()\n"
                      "y = target_scaler.fit_transform(data[:, :1])\npred = np.random.rand(8, 1)\n"
                      "pred = target_scaler.inverse_transform(pred)\n",
        ],
        "invalid": [
            NP + SK + "data = np.random.rand(40, 5)\nscaler = MinMaxScaler()\nscaled = scaler.fit_transform(data)\n"
                      "pred = np.random.rand(8, 1)\npred = scaler.inverse_transform(pred)\n",
            NP + SK + "scaler = StandardScaler().fit(np.random.rand(40, 5))\nX_new = scaler.transform(np.random.rand(8, 3))\n",
            NP + "from sklearn.decomposition import PCA\nZ = PCA(n_components=8).fit_transform(np.random.rand(40, 5))\n",
        ],
    },
    "SL208": {
        "valid": [NP + "from sklearn.model_selection import train_test_split\n"
                  "X_tr, X_te, y_tr, y_te = train_test_split(np.zeros((100, 4)), np.zeros(100), test_size=0.2)\n"],
        "invalid": [NP + "from sklearn.model_selection import train_test_split\n"
                    "X_tr, X_te, y_tr, y_te = train_test_split(np.zeros((100, 4)), np.zeros(90), test_size=0.2)\n"],
    },
    "SL209": {
        "valid": [NP + PD + "df = pd.DataFrame(np.zeros((10, 3)), columns=['a', 'b', 'c'])\n"],
        "invalid": [
            NP + PD + "windows = np.zeros((10, 5, 3))\ndf = pd.DataFrame(windows)\n",
            NP + PD + "df = pd.DataFrame(np.zeros((10, 3)), columns=['a', 'b'])\n",
        ],
    },
})

# Bugs Keras only reports when the model runs on data (the build succeeds).
RUNTIME_ONLY = {"SL109", "SL116"}

# Data errors pandas or scikit-learn raise while the data is prepared, before any model runs.
RAISED_BY_DATA_LIBRARIES = {"SL206", "SL207", "SL208", "SL209"}

# Targets against the loss, Keras 2 spellings, and legal code that is certainly wrong (issue 17:
# engine/keras/losses.py, targets.py, legacy.py, silent.py).
_SEQ4 = "model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='softmax')])\n"
EXAMPLES["SL204"]["invalid"].append(
    K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\nmodel.compile(loss='mse')\n"
             "model.fit(np.zeros((10, 4)), np.zeros((10,)))\n")
EXAMPLES["SL205"]["invalid"].append(
    K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\nmodel.compile(loss='mae')\n"
             "model.fit(np.zeros((10, 4)), np.zeros((10, 5)))\n")
EXAMPLES.update({
    "SL120": {
        "valid": [
            K + "model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(4, (3, 3), padding='same'), "
                "layers.Flatten(), layers.Dense(1, kernel_initializer='uniform')])\n",
            K + "opt = keras.optimizers.Adam(learning_rate=0.001)\n",
        ],
        "invalid": [
            K + "model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(4, 3, border_mode='same'), "
                "layers.Flatten(), layers.Dense(1)])\n",
            K + "layer = layers.Dense(4, init='uniform')\n",
            K + "opt = keras.optimizers.Adam(lr=0.001)\n",
            K + "x = keras.Input((10, 3))\ny = layers.CuDNNLSTM(8)(x)\n",
            K + "a = keras.Input((4,))\nb = keras.Input((4,))\nc = layers.merge([a, b], mode='concat')\n",
            K + NP + _SEQ4 + "labels = model.predict_classes(np.zeros((2, 4)))\n",
            K + NP + _SEQ4 + "probs = model.predict_proba(np.zeros((2, 4)))\n",
            K + "from keras.layers.core import Dense, Flatten\n"
                "model = keras.Sequential([keras.Input((4, 2)), Flatten(), Dense(1)])\n",
            K + NP + "from keras.utils import np_utils\ny = np_utils.to_categorical(np.zeros(8), 3)\n",
        ],
    },
    "SL220": {
        "valid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\nmodel.compile(loss='log_cosh')\n"
                  "model.fit(np.zeros((10, 4)), np.zeros((10, 1)))\n"],
        "invalid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\nmodel.compile(loss='logcosh')\n"
                    "model.fit(np.zeros((10, 4)), np.zeros((10, 1)))\n"],
    },
    "SL302": {
        "valid": [K + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation='sigmoid')])\n",
                  K + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Softmax()])\n"],
        "invalid": [
            K + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation='softmax')])\n",
            K + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1), layers.Activation('softmax')])\n",
            K + "x = keras.Input((4,))\ny = layers.Softmax()(layers.Dense(1)(x))\n",
            K + "x = keras.Input((5, 4))\ny = layers.TimeDistributed(layers.Dense(1, activation='softmax'))(x)\n",
            K + "x = keras.Input((4,))\ny = layers.Dense(1, activation=keras.activations.softmax)(x)\n",
        ],
    },
    "SL303": {
        "valid": [
            K + NP + _SEQ4 + "model.compile(loss='categorical_crossentropy')\n"
                     "model.fit(np.zeros((10, 4)), keras.utils.to_categorical(np.zeros(10), 3))\n",
            K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n"
                     "model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
                     "model.fit(np.zeros((10, 4)), np.zeros((10,), dtype='int32'))\n",
        ],
        "invalid": [
            K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation='sigmoid')])\n"
                     "model.compile(loss='categorical_crossentropy')\nmodel.fit(np.zeros((10, 4)), np.zeros((10, 1)))\n",
            K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])\n"
                     "model.compile(loss='sparse_categorical_crossentropy')\n"
                     "model.fit(np.zeros((10, 4)), np.zeros((10,), dtype='int32'))\n",
            K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='sigmoid')])\n"
                     "model.compile(loss='categorical_crossentropy')\n"
                     "model.fit(np.zeros((10, 4)), keras.utils.to_categorical(np.zeros(10), 3))\n",
        ],
    },
    "SL304": {
        "valid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(4, activation='sigmoid')])\n"
                  "model.compile(loss='binary_crossentropy')\nmodel.fit(np.zeros((10, 4)), np.zeros((10, 4)))\n"],
        "invalid": [K + NP + "model = keras.Sequential([keras.Input((4,)), layers.Dense(4, activation='softmax')])\n"
                    "model.compile(loss='binary_crossentropy', metrics=['accuracy'])\n"
                    "model.fit(np.zeros((10, 4)), keras.utils.to_categorical(np.zeros(10), 4))\n"],
    },
    "SL305": {
        "valid": [K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4, return_state=True)])\n"
                  "out, h, c = model.predict(np.zeros((8, 10, 3)))\n"],
        "invalid": [K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4, return_state=True)])\n"
                    "labels = np.argmax(model.predict(np.zeros((8, 10, 3))), axis=-1)\n",
                    K + NP + "x = keras.Input((10, 3))\nencoder = keras.Model(x, layers.GRU(4, return_state=True)(x))\n"
                    "features = np.array(encoder.predict(np.zeros((8, 10, 3))))\n"],
    },
    "SL306": {
        "valid": [K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(1)])\n"
                  "model.compile(loss='mse')\nmodel.fit(np.zeros((8, 10, 3)), np.zeros((8, 1)))\n"],
        "invalid": [K + NP + "model = keras.Sequential([keras.Input((10, 3)), layers.LSTM(4), layers.Dense(1)])\n"
                    "model.compile(loss='mse')\nmodel.fit(np.zeros((8, 20, 3)), np.zeros((8, 1)))\n"],
    },
    "SL308": {
        "valid": [K + "x = keras.Input((28, 28, 1))\ny = layers.Conv2D(8, (3, 3))(x)\n",
                  K + "x = keras.Input((28, 28, 1))\ny = layers.Conv2D(8, 3, strides=3)(x)\n",
                  K + "x = keras.Input((28, 28, 1))\ny = layers.Conv2D(8, 5, 3)(x)\n"],
        "invalid": [K + "x = keras.Input((28, 28, 1))\ny = layers.Convolution2D(8, 3, 3)(x)\n",
                    K + "x = keras.Input((28, 28, 1))\ny = layers.Convolution2D(8, 3, 3, activation='relu')(x)\n"],
    },
})

# Data made by tf.data and Keras' data utilities (issue 17: engine/libraries/tfdata.py,
# keras_data.py, engine/keras/data_checks.py): a dataset that was never batched, one image given
# to predict without its batch axis, and images of another size that a Sequential runs through
# its convolutions until the Dense after Flatten.
EXAMPLES["SL201"]["valid"] += [
    K + NP + TF + "model = keras.Sequential([keras.Input((6,)), layers.Dense(2, activation='softmax')])\n"
                  "model.compile(loss='sparse_categorical_crossentropy')\n"
                  "ds = tf.data.Dataset.from_tensor_slices((np.zeros((20, 6)), np.zeros((20,)))).batch(4)\n"
                  "model.fit(ds)\n",
    K + NP + "model = keras.Sequential([keras.Input((16, 16, 3)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(2)])\n"
             "image = np.zeros((16, 16, 3))\nscores = model.predict(image[None])\n",
    K + NP + "model = keras.Sequential([keras.Input((16, 16, 3)), layers.Conv2D(4, 3), layers.GlobalAveragePooling2D(), "
             "layers.Dense(2)])\nmodel.compile(loss='mse')\nmodel.fit(np.zeros((8, 20, 20, 3)), np.zeros((8, 2)))\n",
]
EXAMPLES["SL201"]["invalid"] += [
    K + NP + TF + "model = keras.Sequential([keras.Input((6,)), layers.Dense(2, activation='softmax')])\n"
                  "model.compile(loss='sparse_categorical_crossentropy')\n"
                  "ds = tf.data.Dataset.from_tensor_slices((np.zeros((20, 6)), np.zeros((20,))))\n"
                  "model.fit(ds)\n",
    K + NP + "model = keras.Sequential([keras.Input((16, 16, 3)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(2)])\n"
             "image = np.zeros((16, 16, 3))\nscores = model.predict(image)\n",
    K + NP + "model = keras.Sequential([keras.Input((16, 16, 3)), layers.Conv2D(4, 3), layers.Flatten(), "
             "layers.Dense(2)])\nmodel.compile(loss='mse')\nmodel.fit(np.zeros((8, 20, 20, 3)), np.zeros((8, 2)))\n",
]
