"""Encoder-decoder for sequence translation: the encoder's states start the decoder."""
import keras
from keras import layers

NUM_ENCODER_TOKENS = 71
NUM_DECODER_TOKENS = 93
LATENT = 256

encoder_inputs = keras.Input(shape=(None, NUM_ENCODER_TOKENS))
encoder_outputs, state_h, state_c = layers.LSTM(LATENT, return_state=True)(encoder_inputs)
encoder_states = [state_h, state_c]

decoder_inputs = keras.Input(shape=(None, NUM_DECODER_TOKENS))
decoder_lstm = layers.LSTM(LATENT, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_outputs = layers.Dense(NUM_DECODER_TOKENS, activation="softmax")(decoder_outputs)

model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
