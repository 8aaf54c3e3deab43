#!/usr/bin/env bash
# The HTTP load harness. Deploys the built WAR in Jetty 12 next to a constant-reply servlet (one server, one
# JVM), loads both with wrk in the same run, and prints requests per second, p50 and p99 latency, and the
# ratios the performance targets are stated in. Also prints the start-up time to /health/ready.
#
#   benchmarks/load.sh              # full run: 10 s per measurement, after building
#   benchmarks/load.sh --smoke      # 1 s per measurement, no build: proves the harness works (CI runs this)
#
# Needs wrk (Debian package wrk). Run it on an otherwise idle machine, and compare only figures from one run.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10s
build=yes
if [ "${1:-}" = "--smoke" ]; then
  duration=1s
  build=no
fi
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }

if [ "$build" = yes ]; then
  mvn -q install -DskipTests >/dev/null
fi
war=web-app/target/salary.war
[ -f "$war" ] || { echo "$war is missing: build first (mvn -q install -DskipTests)" >&2; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -d benchmarks/target/lib ] || { echo "benchmarks/target/lib is missing: build first (mvn -q install -DskipTests)" >&2; exit 1; }
classpath="benchmarks/target/classes:benchmarks/target/lib/*"
port=$((20000 + RANDOM % 20000))
java -Xms512m -Xmx512m -cp "$classpath" com.salaryml.bench.LoadServer "$war" "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q '^ready_ms=' "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done
ready_ms=$(sed -n 's/^ready_ms=\([0-9]*\).*/\1/p' "$work/server.log")
[ -n "$ready_ms" ] || { echo "the server did not become ready" >&2; cat "$work/server.log"; exit 1; }
base="http://127.0.0.1:$port"

# Milliseconds from wrk's latency figures (us, ms or s).
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { print "nan" } }'
}

# run NAME URL SCRIPT: warms up, measures, and sets rps, p50 and p99.
run() {
  wrk -t2 -c16 -d1s -s "$3" "$2" >/dev/null
  wrk -t2 -c16 -d"$duration" --latency -s "$3" "$2" >"$work/$1.txt"
  if grep -q 'Non-2xx' "$work/$1.txt"; then
    echo "$1: some responses were not 2xx:" >&2
    cat "$work/$1.txt" >&2
    exit 1
  fi
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/$1.txt")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/$1.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/$1.txt")")
  [ -n "$rps" ] || { echo "$1: wrk printed no figures" >&2; cat "$work/$1.txt" >&2; exit 1; }
}

echo "start-up: WAR deployed to /health/ready answering 200 in ${ready_ms} ms"
echo
echo "| measurement | requests/s | p50 ms | p99 ms |"
echo "| --- | ---: | ---: | ---: |"
run constant "$base/constant/" benchmarks/wrk/single.lua
c_rps=$rps c_p50=$p50 c_p99=$p99
echo "| constant-reply servlet | $c_rps | $c_p50 | $c_p99 |"
run single "$base/salary/api/v1/predict" benchmarks/wrk/single.lua
s_rps=$rps s_p50=$p50 s_p99=$p99
echo "| POST /api/v1/predict, one instance | $s_rps | $s_p50 | $s_p99 |"
run batch "$base/salary/api/v1/predict" benchmarks/wrk/batch.lua
b_rps=$rps b_p50=$p50 b_p99=$p99
echo "| POST /api/v1/predict, 1,000 instances | $b_rps | $b_p50 | $b_p99 |"
echo
awk -v s="$s_rps" -v c="$c_rps" -v sp="$s_p99" -v cp="$c_p99" -v b="$b_rps" 'BEGIN {
  printf "single throughput / constant throughput: %.2f (target >= 0.80)\n", s / c
  printf "single p99 / constant p99: %.2f (target <= 2.00)\n", sp / cp
  printf "batch predictions per second: %.0f (target >= 500000)\n", b * 1000 }'
