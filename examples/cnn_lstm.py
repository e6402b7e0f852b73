"""1-D convolutions pick local patterns, an LSTM reads the shortened sequence."""
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, MaxPooling1D, LSTM, Dense, Dropout, Input

TIMESTEPS, FEATURES = 128, 9

model = Sequential()
model.add(Input(shape=(TIMESTEPS, FEATURES)))
model.add(Conv1D(filters=64, kernel_size=3, activation="relu"))
model.add(Conv1D(filters=64, kernel_size=3, activation="relu"))
model.add(Dropout(0.5))
model.add(MaxPooling1D(pool_size=2))
model.add(LSTM(100))
model.add(Dense(6, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
