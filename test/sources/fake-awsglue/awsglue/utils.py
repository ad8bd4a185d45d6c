from . import record


def getResolvedOptions(argv, names):
    """Glue's argument parser: --name value pairs (the job's default arguments and the run's)."""
    out = {}
    for i, a in enumerate(argv):
        if a.startswith("--") and a[2:] in names:
            out[a[2:]] = argv[i + 1]
    missing = [n for n in names if n not in out]
    if missing:
        raise SystemExit("missing arguments: %s" % missing)
    record("getResolvedOptions", names=names)
    return out
