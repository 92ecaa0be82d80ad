"""What the Python parts of the benchmarks share: timing as median, min and
max of runs, peak memory, and printing (and saving) the JSON document."""
from __future__ import annotations

import json
import resource
import statistics
import time


def timed(runs, f, scale=1.0, unit="s"):
    """Runs f `runs` times; returns its last result and the timing statistics."""
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = f()
        seconds.append(time.perf_counter() - start)
    return result, {"median": statistics.median(seconds) * scale, "min": min(seconds) * scale,
                    "max": max(seconds) * scale, "unit": unit}


def peak_memory_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def emit(document, path=None):
    """Prints the document as JSON, and writes it to `path` when given."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    print(text)
    if path:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
