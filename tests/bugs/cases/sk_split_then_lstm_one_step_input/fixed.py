from sklearn.datasets import make_regression
from sklearn.model_selection import train_test_split
from keras.models import Sequential
from keras.layers import Input, LSTM, Dense

X, Y = make_regression(100, 9, n_informative=9, n_targets=2, random_state=0)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.25, random_state=0)
X_train = X_train.reshape(X_train.shape[0], 1, 9)

model = Sequential()
model.add(Input(shape=(1, 9)))
model.add(LSTM(32))
model.add(Dense(2))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(X_train, Y_train, epochs=1, batch_size=32, verbose=0)
