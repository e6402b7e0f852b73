def wrong(ns):
    x, model = ns["trainX"], ns["model"]
    return x.shape[1] != model.input_shape[1], f"data timesteps {x.shape[1]}, declared {model.input_shape[1]}"
