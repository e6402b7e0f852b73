"""Training model plus the separate encoder and decoder models used for greedy decoding."""
from tensorflow import keras
from tensorflow.keras.layers import Input, LSTM, Dense

num_tokens = 71
latent_dim = 96

encoder_inputs = Input(shape=(None, num_tokens))
_, h, c = LSTM(latent_dim, return_state=True)(encoder_inputs)
encoder_states = [h, c]

decoder_inputs = Input(shape=(None, num_tokens))
decoder_lstm = LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = Dense(num_tokens, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)
model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)

encoder_model = keras.Model(encoder_inputs, encoder_states)

state_input_h = Input(shape=(latent_dim,))
state_input_c = Input(shape=(latent_dim,))
states_inputs = [state_input_h, state_input_c]
dec_out, state_h, state_c = decoder_lstm(decoder_inputs, initial_state=states_inputs)
dec_out = decoder_dense(dec_out)
decoder_model = keras.Model([decoder_inputs] + states_inputs, [dec_out, state_h, state_c])
