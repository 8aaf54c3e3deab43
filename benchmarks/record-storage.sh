#!/usr/bin/env bash
# What the record in PostgreSQL stores per million predictions (docs/benchmarks.md, "The record in
# PostgreSQL"). Starts a PostgreSQL made for the run (Debian's postgresql, a temporary cluster with default
# settings on a free loopback port) and the built WAR in Jetty with salary.database pointing at it; the WAR's
# own migrations make the tables. Then:
#   1. single predictions with random inputs inside the training ranges (wrk/random.lua) until the table holds
#      at least ROWS rows (200,000 by default), each row written by the app itself;
#   2. an outcome for one prediction in ten (every tenth by predicted_at), reported through the app's
#      POST /api/v1/outcomes in batches of 1,000, the actual drawn within ±10% of the estimate;
#   3. VACUUM ANALYZE, then pg_total_relation_size of both tables (table, indexes and TOAST), scaled to one
#      million predictions.
#
#   benchmarks/record-storage.sh [ROWS]       # needs a build (mvn -q -B package -DskipTests), wrk and curl
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-200000}
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 1; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is not installed (no" \
    "/usr/lib/postgresql/<version>/bin/initdb): apt-get install postgresql" >&2; exit 1; }
war=web-app/target/salary.war
[ -f "$war" ] && [ -d benchmarks/target/lib ] || { echo "build first (mvn -q -B package -DskipTests)" >&2; exit 1; }
java_bin=$(dirname "$(readlink -f "$(command -v java)")")

work=$(mktemp -d)
pg_dir=$(mktemp -d)
server_pid=
# shellcheck source=benchmarks/postgres.sh
. benchmarks/postgres.sh
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

port=$((20000 + RANDOM % 20000))
pg_port=$((port + 1))
start_postgres || exit 1
sql() { psql_as postgres -d salary -At -c "$1"; }

env SALARY_DATABASE_USER=salary "SALARY_DATABASE_PASSWORD=$pg_password" "$java_bin/java" -Xms512m -Xmx512m \
    -cp "benchmarks/target/classes:benchmarks/target/lib/*" com.salaryml.bench.LoadServer "$war" "$port" \
    "/salary:salary.database=jdbc:postgresql://127.0.0.1:$pg_port/salary" "/salary:salary.server-id=replica-1" \
    >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q '^ready_ms=' "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done
grep -q '^ready_ms=' "$work/server.log" || { echo "the server did not become ready" >&2; cat "$work/server.log"; exit 1; }
base="http://127.0.0.1:$port/salary"

count() { sql "SELECT count(*) FROM salary_predictions"; }
# Rows are written a moment after their answers: wait until the count stops growing.
settled_count() {
  local last=-1 now
  now=$(count)
  while [ "$now" != "$last" ]; do last=$now; sleep 1; now=$(count); done
  echo "$now"
}
# Fewer connections than the CPU harness: what matters here is that rows are written, not dropped.
while [ "$(count)" -lt "$rows" ]; do
  wrk -t1 -c4 -d5s -s benchmarks/wrk/random.lua "$base/api/v1/predict" >/dev/null
done
predictions=$(settled_count)
dropped=$(curl -s "$base/metrics" | awk '/^salary_prediction_log_dropped_total/ { n += $NF } END { printf "%.0f", n }')

# One outcome in ten, through the app, in batches of 1,000.
sql "SELECT json_build_object('outcomes', json_agg(json_build_object('outcome_key', outcome_key,
       'index', instance_index, 'actual', round((estimate * (0.9 + 0.2 * random()))::numeric, 2))))
     FROM (SELECT outcome_key, instance_index, estimate,
                  row_number() OVER (ORDER BY predicted_at, outcome_key, instance_index) AS n
             FROM salary_predictions) AS p
     WHERE n % 10 = 0 GROUP BY n / 10000" >"$work/outcomes.jsonl"
while read -r batch; do
  status=$(curl -s -o "$work/reply" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$batch" \
      "$base/api/v1/outcomes")
  [ "$status" = 200 ] || { echo "outcomes answered $status:" >&2; cat "$work/reply" >&2; exit 1; }
done <"$work/outcomes.jsonl"
outcomes=$(sql "SELECT count(*) FROM salary_outcomes")
sql "VACUUM ANALYZE salary_predictions" >/dev/null
sql "VACUUM ANALYZE salary_outcomes" >/dev/null

echo "machine: $(date -u '+%Y-%m-%d %H:%M UTC'), $("$pg_bin/postgres" --version), default settings (8 kB pages, TOAST above 2 kB, pglz)"
echo "rows: $predictions predictions (written by the app; $dropped dropped at its queue), $outcomes outcomes (one in ten, through POST /api/v1/outcomes)"
echo
echo "| table | rows | table bytes | indexes bytes | TOAST bytes | total bytes | total per million predictions |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for table in salary_predictions salary_outcomes; do
  sql "SELECT '$table', (SELECT count(*) FROM $table), pg_relation_size('$table'), pg_indexes_size('$table'),
         coalesce(pg_total_relation_size(nullif(reltoastrelid, 0)), 0), pg_total_relation_size('$table'),
         round(pg_total_relation_size('$table') * 1e6 / $predictions / 1048576, 1) || ' MiB'
       FROM pg_class WHERE oid = '$table'::regclass" | awk -F'|' '{ printf "| %s | %d | %d | %d | %d | %d | %s |\n", $1, $2, $3, $4, $5, $6, $7 }'
done
sql "SELECT round((pg_total_relation_size('salary_predictions') + pg_total_relation_size('salary_outcomes')) * 1e6
       / $predictions / 1048576, 1)" | awk '{ print "\nboth tables, per million predictions with one outcome in ten: " $1 " MiB" }'
echo
echo "indexes:"
sql "SELECT indexrelid::regclass || ': ' || pg_relation_size(indexrelid) || ' bytes'
       FROM pg_index WHERE indrelid IN ('salary_predictions'::regclass, 'salary_outcomes'::regclass) ORDER BY 1"
echo
echo "a prediction row's record (jsonb): $(sql "SELECT round(avg(pg_column_size(record))) FROM salary_predictions") bytes stored on average;" \
  "the whole row $(sql "SELECT round(avg(pg_column_size(p.*))) FROM salary_predictions p") bytes before page and tuple overhead"
echo "an example record: $(sql "SELECT record FROM salary_predictions LIMIT 1")"
