#!/usr/bin/env bash
# The spark launcher against the local pool (BENCHMARKS.md, "Spark launcher"): the shipped
# experiments/permutations.yaml with one seed (6 trials), run (a) with --parallel 2 on this machine and (b) on a
# Spark standalone cluster of two one-core workers on 127.0.0.1 (scripts/spark-cluster.sh: a Master and two Workers,
# each its own JVM), one after the other, on an otherwise idle machine. Prints both wall times and each path's
# per-trial start latency, read from the two run stores (launcher_latency.py).
#
#   bash benchmarks/spark/launcher-bench.sh [OUT_DIR]             # default /tmp/flowlab-launcher-bench
#   SKIP_LOCAL=1 bash benchmarks/spark/launcher-bench.sh        # the cluster run only (keeps OUT_DIR/local)
#   EXPERIMENT=experiments/cifar10.yaml SKIP_LOCAL=1 bash benchmarks/spark/launcher-bench.sh /tmp/cifar-bench
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-/tmp/flowlab-launcher-bench}"
experiment="${EXPERIMENT:-experiments/permutations.yaml}"
seeds="${SEEDS:-[1]}"
mkdir -p "$out"
cd "$root"

now_ms() { date +%s%3N; }

run_timed() { # name args...
  local name="$1"
  shift
  local start end
  rm -rf "${out:?}/$name"
  start="$(now_ms)"
  ./flowlab run "$experiment" --set "sweep.seeds=$seeds" --store "$out/$name" "$@" >"$out/$name.log" 2>&1
  end="$(now_ms)"
  echo "$start $end" >"$out/$name.wall"
  echo "$name: $(( (end - start) / 1000 )) s wall" >&2
}

# Both jars are built first (if a source changed), outside the timed runs.
./flowlab --help >/dev/null
./flowlab --help --launcher spark >/dev/null 2>&1 || true
if [[ -z "${SKIP_LOCAL:-}" ]]; then
  run_timed local --parallel 2
fi

export FLOWLAB_SPARK_CLUSTER_DIR="$out/cluster"
master="$(bash scripts/spark-cluster.sh start --workers 2 --cores 1 --memory 4g | tail -n 1)"
trap 'bash scripts/spark-cluster.sh stop' EXIT
# 3 GiB per executor: as much heap (and so ND4J off-heap room) per trial as each of the local run's two trials has.
run_timed spark --launcher spark --master "$master" --set 'launcher.conf={spark.executor.memory: 3g}'

python3 benchmarks/spark/launcher_latency.py "$out" "$(basename "$experiment" .yaml)"
