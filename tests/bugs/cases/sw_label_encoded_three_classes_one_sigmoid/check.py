def wrong(ns):
    model, y = ns["model"], ns["y"]
    units = model.output_shape[-1]
    loss = model.loss if isinstance(model.loss, str) else type(model.loss).__name__
    bad = units == 1 and int(y.max()) > 1
    return bad, f"labels up to {int(y.max())} against {units} output unit(s) with {loss}"
