#!/usr/bin/env bash
# The soak test: the built WAR in Jetty, watching a model directory, under wrk load for 60 s while a new
# model version is published (write, then rename) every 200 ms and the oldest removed. Reports every
# response that is not 2xx and every socket error; the expectation is zero of each. Not run in CI.
#
#   benchmarks/soak.sh            # 60 s
#   benchmarks/soak.sh 10s        # any wrk duration
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60s}
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
war=web-app/target/salary.war
model=web-app/src/test/resources/models/salary-model-1.0.0.json
[ -f "$war" ] && [ -d benchmarks/target/lib ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }

work=$(mktemp -d)
models="$work/models"
mkdir -p "$models"
server_pid=
publisher_pid=
cleanup() {
  [ -n "$publisher_pid" ] && kill "$publisher_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

publish() {  # publish VERSION: a copy of the shipped model under another version, written then renamed
  sed "s/\"version\": \"1.0.0\"/\"version\": \"$1\"/" "$model" >"$models/.salary-model-$1.json.tmp"
  mv "$models/.salary-model-$1.json.tmp" "$models/salary-model-$1.json"
}
publish 1.0.0

port=$((20000 + RANDOM % 20000))
java -Xms512m -Xmx512m -Dsalary.model="$models" -Dsalary.model.poll-ms=100 \
    -cp "benchmarks/target/classes:benchmarks/target/lib/*" com.salaryml.bench.LoadServer "$war" "$port" \
    >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q '^ready_ms=' "$work/server.log" && break
  sleep 0.1
done
grep -q '^ready_ms=' "$work/server.log" || { cat "$work/server.log"; exit 1; }

(
  version=2
  while true; do
    sleep 0.2
    publish "$version.0.0"
    old=$((version - 3))
    [ "$old" -ge 1 ] && rm -f "$models/salary-model-$old.0.0.json"
    version=$((version + 1))
  done
) &
publisher_pid=$!

wrk -t2 -c16 -d"$duration" --latency -s benchmarks/wrk/single.lua "http://127.0.0.1:$port/salary/api/v1/predict" \
    | tee "$work/wrk.txt"
kill "$publisher_pid"
publisher_pid=
swaps=$(grep -c 'Serving model salary' "$work/server.log" || true)
rejected=$(grep -c 'Rejected model' "$work/server.log" || true)
non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/wrk.txt")
errors=$(awk '/Socket errors:/ {print}' "$work/wrk.txt")
echo
echo "swaps: $swaps, rejected models: $rejected, non-2xx responses: ${non2xx:-0}, ${errors:-socket errors: none}"
[ -z "$non2xx" ] && [ -z "$errors" ] && [ "$rejected" = 0 ]
