def wrong(ns):
    conv = ns["model"].layers[0]
    return tuple(conv.strides) != (1, 1), f"strides {conv.strides}, kernel {conv.kernel_size}, output {conv.output.shape}"
