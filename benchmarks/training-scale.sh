#!/usr/bin/env bash
# Training at scale: generates seeded synthetic hiring CSVs of 10k, 100k and 1M rows and trains on each in a
# JVM limited to -Xmx2g, reporting start-up, fitting time, rows per second of fitting and peak heap. Not a test:
# run it by hand, then copy the table into docs/benchmarks.md.
#
#   benchmarks/training-scale.sh            # 10k, 100k, 1M rows
#   benchmarks/training-scale.sh 5000       # any sizes
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -q -o install -Dmaven.test.skip=true -pl model-artifact,model-training >/dev/null 2>&1 \
  || mvn -q install -Dmaven.test.skip=true -pl model-artifact,model-training >/dev/null
mvn -q -pl model-training dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
classpath="model-training/target/classes:$(cat "$work/cp.txt")"

echo "| rows | CSV size | wall time | start-up | fitting | rows/s | peak heap | cross-validation |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for rows in "${sizes[@]}"; do
  csv="$work/hiring-$rows.csv"
  java -cp "$classpath" com.salaryml.training.GenerateCommand --rows "$rows" --seed 1 --out "$csv" >/dev/null
  log="$work/train-$rows.log"
  start=$(date +%s.%N)
  java -Xmx2g -Djava.awt.headless=true -cp "$classpath" com.salaryml.training.TrainCommand \
      --data "$csv" --out "$work/models-$rows" --version "bench-$rows" --min-cv-r2 -1e9 --max-relative-cv-rmse 1e9 >"$log" 2>&1 \
      || { cat "$log"; exit 1; }
  end=$(date +%s.%N)
  # Took 6.50 s: start-up 2.00 s (JVM, classes, reading the data), fitting 4.00 s (250,000 rows/s), ...
  line=$(grep '^Took' "$log")
  cv=$(grep '^Cross-validated' "$log" | sed 's/.*(\(.*\))/\1/')
  startup=$(echo "$line" | sed 's/.*start-up \([0-9.]*\) s.*/\1 s/')
  fitting=$(echo "$line" | sed 's/.*fitting \([0-9.]*\) s.*/\1 s/')
  heap=$(echo "$line" | sed 's/.*peak heap \([0-9]*\) MiB/\1 MiB/')
  # The command gives a rate only from 10,000 rows, where it measures the fit rather than its fixed costs.
  rate=$(echo "$line" | sed -n 's/.*(\([0-9,]*\) rows\/s).*/\1/p')
  size=$(du -h "$csv" | cut -f1)
  printf '| %s | %s | %.1f s | %s | %s | %s | %s | %s |\n' "$rows" "$size" "$(echo "$end - $start" | bc)" \
      "$startup" "$fitting" "${rate:-–}" "$heap" "$cv"
done
