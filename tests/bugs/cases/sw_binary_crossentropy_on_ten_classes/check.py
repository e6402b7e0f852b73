import numpy as np


def wrong(ns):
    # the loss Keras reports against the categorical cross-entropy of the same predictions
    model, x, y, score = ns["model"], ns["x_train"], ns["y_train"], ns["score"]
    p = np.clip(model.predict(x, verbose=0), 1e-7, 1 - 1e-7)
    cce = float(np.mean(-np.sum(y * np.log(p), axis=1)))
    reported = float(score[0] if isinstance(score, (list, tuple)) else score)
    return abs(reported - cce) > 0.1 * cce, f"reported loss {reported:.3f}, class cross-entropy {cce:.3f}"
