def wrong(ns):
    out, y = ns["model"].output_shape, ns["y"]
    return out[1:] != y.shape[1:], f"model output {out} against targets {y.shape}"
