import numpy as np


def wrong(ns):
    p = np.asarray(ns["model"].predict(ns["x"], verbose=0))
    bad = np.any(p < 0) or np.any(np.abs(p.sum(axis=1) - 1.0) > 0.05)
    return bool(bad), f"min output {p.min():.3f}, row sums {np.round(p.sum(axis=1)[:4], 3).tolist()}"
