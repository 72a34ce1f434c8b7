#!/usr/bin/env python3
"""Turns the JMH JSON files of a directory (benchmarks/run-kernels.sh OUT_DIR) into one Markdown table.

    python3 benchmarks/jmh_table.py OUT_DIR > table.md

One row per benchmark and parameter set: the score with its 99.9% error as JMH reports it, its unit, and the
same score as microseconds per operation, so that throughput rows (NoiseBenchmark) and average-time rows read
on one scale. Standard library only.
"""
import json
import math
import os
import sys

# The order run-kernels.sh runs them in; other files follow alphabetically.
ORDER = ["NoiseBenchmark", "LossTermBenchmark", "GatherBenchmark", "TeacherForwardBenchmark"]

# Seconds per unit of time in JMH's unit strings.
SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "min": 60.0}


def number(value):
    """A JMH number, which is "NaN" (a string) where a run had too few iterations for an error."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return math.nan
    return x


def fmt(x):
    if math.isnan(x):
        return "n/a"
    if x == 0:
        return "0"
    digits = max(0, 3 - int(math.floor(math.log10(abs(x)))) - 1)
    return f"{x:,.{digits}f}"


def micros_per_op(score, unit):
    """The score as microseconds per operation, or NaN for a unit this does not know."""
    if math.isnan(score) or score == 0:
        return math.nan
    if unit.endswith("/op"):
        seconds = SECONDS.get(unit[:-3])
        return math.nan if seconds is None else score * seconds * 1e6
    if unit.startswith("ops/"):
        seconds = SECONDS.get(unit[4:])
        return math.nan if seconds is None else seconds / score * 1e6
    return math.nan


def rows_of(path):
    with open(path, encoding="utf-8") as f:
        results = json.load(f)
    for r in results:
        name = r["benchmark"].split(".")
        bench = ".".join(name[-2:])
        params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        metric = r["primaryMetric"]
        score = number(metric.get("score"))
        error = number(metric.get("scoreError"))
        unit = metric.get("scoreUnit", "")
        yield bench, params or "-", score, error, unit


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(f"usage: {argv[0]} DIR (a directory of JMH JSON result files)", file=sys.stderr)
        return 2
    directory = argv[1]
    files = [f for f in os.listdir(directory) if f.endswith(".json")]
    rank = {name + ".json": i for i, name in enumerate(ORDER)}
    files.sort(key=lambda f: (rank.get(f, len(ORDER)), f))
    if not files:
        print(f"{directory}: no .json files", file=sys.stderr)
        return 1
    print("| benchmark | params | score ± error | unit | µs/op |")
    print("|---|---|---:|---|---:|")
    for f in files:
        for bench, params, score, error, unit in rows_of(os.path.join(directory, f)):
            spread = fmt(score) if math.isnan(error) else f"{fmt(score)} ± {fmt(error)}"
            print(f"| {bench} | {params} | {spread} | {unit} | {fmt(micros_per_op(score, unit))} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
