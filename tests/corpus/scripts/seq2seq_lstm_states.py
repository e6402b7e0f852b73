"""Character-level encoder-decoder trained with teacher forcing."""
import numpy as np
import keras
from keras.layers import Input, LSTM, Dense

num_encoder_tokens = 40
num_decoder_tokens = 55
latent_dim = 128

encoder_inputs = Input(shape=(None, num_encoder_tokens))
encoder = LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]

decoder_inputs = Input(shape=(None, num_decoder_tokens))
decoder_lstm = LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = Dense(num_decoder_tokens, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)

model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
model.compile(optimizer="rmsprop", loss="categorical_crossentropy")

enc = np.zeros((8, 12, num_encoder_tokens))
dec = np.zeros((8, 15, num_decoder_tokens))
target = np.zeros((8, 15, num_decoder_tokens))
model.fit([enc, dec], target, batch_size=4, epochs=1)
