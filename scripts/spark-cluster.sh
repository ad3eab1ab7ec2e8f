#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from flowlab-spark.jar (Spark is inside it: no Spark download):
# one Master and N Workers, each its own JVM on 127.0.0.1, as `sbin/start-master.sh` and `sbin/start-worker.sh`
# would start them. For trying the spark launcher and for the launcher benchmark (BENCHMARKS.md); a real cluster
# runs Spark's own scripts on its machines.
#
#   bash scripts/spark-cluster.sh start [--workers 2] [--cores 1] [--memory 4g] [--port 7077]
#   ./flowlab run experiments/permutations.yaml --launcher spark --master spark://127.0.0.1:7077
#   bash scripts/spark-cluster.sh stop
#
# State (pids, logs, the workers' folders) lives in $FLOWLAB_SPARK_CLUSTER_DIR (default: /tmp/flowlab-spark-cluster).
# Trials on these workers read their datasets from $FLOWLAB_DATA_DIR (default: ../shared/data beside the project
# when present, else ~/.flowlab/data), as ./flowlab does.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${FLOWLAB_SPARK_CLUSTER_DIR:-/tmp/flowlab-spark-cluster}"
jar="$root/plugins/launcher-spark/target/flowlab-spark.jar"

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# Spark on Java 17 needs these JDK internals opened (Spark's own launcher adds the same list).
java_flags=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true)
for package in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
  java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  java_flags+=("--add-opens=java.base/$package=ALL-UNNAMED")
done

launch() { # name main-class args...
  local name="$1"
  shift
  # SPARK_HOME/jars is where a Worker puts the executors' class path: the one jar with Spark and FlowLab.
  SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
    nohup java -Xmx512m "${java_flags[@]}" -cp "$jar" "$@" >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

alive_workers() {
  curl -s --max-time 2 "http://127.0.0.1:$1/json/" 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin).get("aliveworkers", 0))' 2>/dev/null || echo 0
}

start() {
  local workers=2 cores=1 memory=4g port=7077 web=8080
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --webui-port) web="$2"; shift 2 ;;
      *) echo "spark-cluster: unknown option $1" >&2; usage ;;
    esac
  done
  if ls "$dir"/*.pid >/dev/null 2>&1; then
    echo "spark-cluster: a cluster started from $dir may still run; \`$0 stop\` first" >&2
    exit 1
  fi
  if [[ ! -f "$jar" ]]; then
    echo "spark-cluster: building $jar (a few minutes, once) ..." >&2
    (cd "$root" && mvn -q -B -DskipTests -Dflowlab.skipSparkJar=false package -pl plugins/launcher-spark -am) >&2
  fi
  # The workers (and the executors they start) read datasets from FLOWLAB_DATA_DIR, as ./flowlab does here: a
  # checkout beside the project's shared datasets uses those.
  if [[ -z "${FLOWLAB_DATA_DIR:-}" && -d "$root/../shared/data/mnist" ]]; then
    export FLOWLAB_DATA_DIR="$(cd "$root/../shared/data" && pwd)"
  fi
  mkdir -p "$dir/spark-home/jars"
  ln -sf "$jar" "$dir/spark-home/jars/flowlab-spark.jar"
  launch master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$web"
  for ((i = 0; i < workers; i++)); do
    mkdir -p "$dir/worker-$i"
    launch "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" \
      --work-dir "$dir/worker-$i" --webui-port $((web + 1 + i)) "spark://127.0.0.1:$port"
  done
  for _ in $(seq 1 120); do
    if [[ "$(alive_workers "$web")" -ge "$workers" ]]; then
      echo "spark://127.0.0.1:$port"
      echo "spark-cluster: master and $workers worker(s) of $cores core(s) and $memory up (web page http://127.0.0.1:$web," \
        "logs in $dir)" >&2
      return 0
    fi
    sleep 0.5
  done
  echo "spark-cluster: the workers did not register within 60 s; see $dir/*.log" >&2
  stop
  exit 1
}

stop() {
  local any=""
  for pidfile in "$dir"/worker-*.pid "$dir"/master.pid; do
    [[ -f "$pidfile" ]] || continue
    any=1
    local pid
    pid="$(cat "$pidfile")"
    # A Worker's executors are its children: they go with it.
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  [[ -n "$any" ]] && echo "spark-cluster: stopped" >&2 || echo "spark-cluster: nothing running from $dir" >&2
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) usage ;;
esac
