def wrong(ns):
    gen, model = ns["train_image_gen"], ns["model"]
    units = model.output_shape[-1]
    classes = len(gen.class_indices)
    bad = gen.class_mode == "binary" and classes > 2
    return bad, f"class_mode={gen.class_mode!r} over {classes} folders, output units {units}"
