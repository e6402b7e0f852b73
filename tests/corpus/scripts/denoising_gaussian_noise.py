from keras.models import Model
from keras.layers import Input, Dense, GaussianNoise

inp = Input(shape=(100,))
noisy = GaussianNoise(0.1)(inp)
code = Dense(32, activation="relu")(noisy)
code = Dense(16, activation="relu")(code)
rec = Dense(32, activation="relu")(code)
rec = Dense(100, activation="sigmoid")(rec)
denoiser = Model(inp, rec)
denoiser.compile(optimizer="adam", loss="mse")
