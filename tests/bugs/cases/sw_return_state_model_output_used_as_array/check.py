def wrong(ns):
    f, data = ns["features"], ns["data"]
    return f.shape[0] != data.shape[0], f"features {f.shape} for {data.shape[0]} samples"
