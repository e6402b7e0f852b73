import numpy as np
import pandas as pd
import keras
from keras.layers import Input, Conv1D, GlobalMaxPooling1D, Dense

traffic = pd.DataFrame(np.random.rand(64, 31), columns=[f"t{i}" for i in range(30)] + ["next_flow"])
series_input_train = traffic.drop(columns="next_flow").to_numpy()
target_train = traffic["next_flow"].to_numpy()

series_input = Input(shape=(series_input_train.shape[1],), name="series_input")
x = Conv1D(filters=8, kernel_size=5, padding="causal", activation="relu")(series_input)
x = GlobalMaxPooling1D()(x)
output = Dense(1)(x)
model = keras.Model(series_input, output)
model.compile(optimizer="adam", loss="mse")
model.fit(series_input_train, target_train, epochs=1, verbose=0)
