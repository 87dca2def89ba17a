print("dedup-eval: not built yet")
