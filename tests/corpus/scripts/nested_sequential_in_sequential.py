from keras import Sequential, Input
from keras.layers import LSTM, Dense, TimeDistributed

feature_extractor = Sequential([Input((16,)), Dense(32, activation="relu"), Dense(16)])
model = Sequential([
    Input((8, 16)),
    TimeDistributed(feature_extractor),
    LSTM(24),
    Dense(1),
])
