#!/usr/bin/env bash
# Runs every kernel benchmark (noise, loss terms, gather, tapped teacher forward) and writes one JMH JSON file per
# benchmark class into OUT_DIR; benchmarks/jmh_table.py OUT_DIR turns them into the table of docs/benchmarks.md.
#
#   ./mvnw -B -o -q -DskipTests install -pl benchmarks -am
#   benchmarks/run-kernels.sh OUT_DIR [JMH_ARGS...]
#
# JMH_ARGS go to every run after the defaults below; one that names an option the defaults set (-wi 0, -i 1, -r 1s)
# replaces its default, since JMH refuses an option given twice. Run it on a quiet machine: the numbers are
# wall-clock times. Threads follow the environment (OMP_NUM_THREADS), as in a training run.
set -euo pipefail

if [[ $# -lt 1 || "$1" == -* ]]; then
    echo "usage: $0 OUT_DIR [JMH_ARGS...]" >&2
    exit 2
fi
out=$1
shift

root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/benchmarks/target/kdlab-benchmarks-0.1.0-SNAPSHOT.jar
cp="$jar:$root/benchmarks/target/lib/*"
if [[ ! -f "$jar" ]]; then
    echo "$jar is missing; build it first: ./mvnw -B -o -q -DskipTests install -pl benchmarks -am" >&2
    exit 1
fi
mkdir -p "$out"

# Option -> value, in JMH's spelling; the result file is per benchmark and set below.
declare -A opts=([-wi]=2 [-w]=2s [-i]=3 [-r]=2s [-f]=1)
order=(-wi -w -i -r -f)
extra=()
while [[ $# -gt 0 ]]; do
    if [[ -n "${opts[$1]+set}" && $# -ge 2 ]]; then
        opts[$1]=$2
        shift 2
    elif [[ "$1" == -rf || "$1" == -rff ]]; then
        echo "$0: the result format and file are set per benchmark (json, OUT_DIR/NAME.json); drop $1" >&2
        exit 2
    else
        extra+=("$1")
        shift
    fi
done
timing=()
for o in "${order[@]}"; do
    timing+=("$o" "${opts[$o]}")
done

available=$(java -cp "$cp" org.openjdk.jmh.Main -l)
status=0
for bench in NoiseBenchmark LossTermBenchmark GatherBenchmark TeacherForwardBenchmark; do
    if ! grep -q "^kdlab\.benchmarks\.$bench\." <<<"$available"; then
        echo "== $bench: not in the jar, skipped"
        continue
    fi
    echo "== $bench -> $out/$bench.json"
    if ! java -Dai.djl.offline=true -cp "$cp" org.openjdk.jmh.Main "^kdlab\.benchmarks\.$bench\." \
            "${timing[@]}" -rf json -rff "$out/$bench.json" ${extra[@]+"${extra[@]}"}; then
        echo "== $bench failed" >&2
        status=1
    fi
done
exit $status
