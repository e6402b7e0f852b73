import numpy as np


def wrong(ns):
    model, x = ns["model"], ns["train_X"]
    pred = np.asarray(model.predict(x[:8], verbose=0))
    return bool(np.all(pred == 1.0)), f"predictions {pred.ravel()[:6].tolist()} (softmax over one unit is always 1.0)"
