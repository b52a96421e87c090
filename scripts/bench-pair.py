#!/usr/bin/env python3
"""Times two whole processes at the same moments: ROUNDS rounds, each
running the fast command FAST_RUNS times and the slow one once, so that a
machine whose speed drifts (a shared one does) slows both alike. Prints
the medians and the fastest runs in milliseconds, and the ratio of the
medians, as one line of JSON.

    bench-pair.py ROUNDS FAST_RUNS -- FAST... -- SLOW...

Used by scripts/bench.sh (`assoc json` against Sequelize in Node); the
commands' output goes to /dev/null, and a command that fails stops it.
"""

import json
import statistics
import subprocess
import sys
import time


def run(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main(argv):
    if len(argv) < 6 or argv[2] != "--" or "--" not in argv[3:]:
        sys.exit(__doc__)
    rounds, fast_runs = int(argv[0]), int(argv[1])
    rest = argv[3:]
    split = rest.index("--")
    fast, slow = rest[:split], rest[split + 1 :]
    # One warm-up each: the file cache, Node's compile cache.
    run(fast)
    run(slow)
    times = {"fast": [], "slow": []}
    for _ in range(rounds):
        for _ in range(fast_runs):
            times["fast"].append(run(fast))
        times["slow"].append(run(slow))
    result = {}
    for name, values in times.items():
        result[name + "_median_ms"] = round(statistics.median(values), 1)
        result[name + "_min_ms"] = round(min(values), 1)
        result[name + "_runs"] = len(values)
    result["ratio_of_medians"] = round(result["slow_median_ms"] / result["fast_median_ms"], 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
