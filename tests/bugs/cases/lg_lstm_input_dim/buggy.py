from sklearn.datasets import make_regression
from keras.models import Sequential
from keras.layers import Dense, LSTM

X, Y = make_regression(100, 9, n_informative=9, n_targets=2, random_state=3)

model = Sequential()
model.add(LSTM(32, input_dim=9))
model.add(Dense(2))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(X, Y, epochs=1, batch_size=32, verbose=0)
