"""Generate large, realistic, valid Keras files for the benchmarks.

Each block is a small independent piece of a training script: constants, a stacked-LSTM
Sequential model with numpy data and ``fit``, and a functional Conv1D + LSTM(return_state)
model.  Blocks get unique names, so every statement is distinct (no accidental caching).

    python benchmarks/genkeras.py 10000 > /tmp/big.py
"""

from __future__ import annotations

import sys

HEADER = '''"""Generated benchmark file: many small Keras models."""
import numpy as np
import keras
from keras import layers

'''

BLOCK = '''# ---- block {i}: a forecaster and a classifier
TIMESTEPS_{i} = {t}
FEATURES_{i} = {f}
UNITS_{i} = {u}

model_{i} = keras.Sequential([
    keras.Input(shape=(TIMESTEPS_{i}, FEATURES_{i})),
    layers.LSTM(UNITS_{i}, return_sequences=True),
    layers.Dropout(0.2),
    layers.LSTM(UNITS_{i} // 2),
    layers.Dense({d}),
])
model_{i}.compile(optimizer="adam", loss="mse")
X_{i} = np.random.rand(64, TIMESTEPS_{i}, FEATURES_{i})
y_{i} = np.random.rand(64, {d})
model_{i}.fit(X_{i}, y_{i}, epochs=1, verbose=0)

inp_{i} = keras.Input(shape=(20, 8))
h_{i} = layers.Conv1D(16, 3, padding="same", activation="relu")(inp_{i})
h_{i} = layers.MaxPooling1D()(h_{i})
seq_{i}, state_h_{i}, state_c_{i} = layers.LSTM(24, return_state=True)(h_{i})
merged_{i} = layers.Concatenate()([seq_{i}, state_h_{i}])
out_{i} = layers.Dense(4, activation="softmax")(merged_{i})
clf_{i} = keras.Model(inputs=inp_{i}, outputs=out_{i})

'''

BLOCK_LINES = BLOCK.count("\n")


def generate(lines: int) -> str:
    """A file of exactly ``lines`` lines (padded with comments after the last whole block)."""
    parts = [HEADER]
    n = HEADER.count("\n")
    i = 0
    while n + BLOCK_LINES <= lines:
        parts.append(BLOCK.format(i=i, t=5 + i % 20, f=1 + i % 6, u=16 + 8 * (i % 8), d=1 + i % 3))
        n += BLOCK_LINES
        i += 1
    parts.extend(f"# padding line {k}\n" for k in range(lines - n))
    return "".join(parts)


def block_start(i: int) -> int:
    """0-based line of block ``i``'s first line."""
    return HEADER.count("\n") + i * BLOCK_LINES


def blocks_in(lines: int) -> int:
    return (lines - HEADER.count("\n")) // BLOCK_LINES


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
