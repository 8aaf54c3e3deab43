#!/usr/bin/env bash
# Training on Spark against the Smile trainer, at sizes one machine may or may not hold: generates seeded
# synthetic hiring CSVs (1M, 10M and 30M rows by default) and trains ols on each with both trainers, each in a
# JVM of its own limited to -Xmx2g (Spark in local mode on all cores, its driver being that JVM, run as
# spark-submit runs the application JAR). Reports wall time, rows per second of wall time, the heap the trainer
# itself reports (the sum of the heap pools' peaks, which may exceed -Xmx, since the pools peak at different
# times) and the most heap still in use after a garbage collection (from -Xlog:gc): the live data the driver had
# to hold. A run that fails says how. Not a test: run it by hand on an idle machine, then copy the
# table into docs/benchmarks.md.
#
#   benchmarks/training-spark-scale.sh                     # 1M, 10M, 30M rows
#   benchmarks/training-spark-scale.sh 100000 1000000      # any sizes
#   WORK=/big/disk benchmarks/training-spark-scale.sh      # where the CSVs go (30M rows: 1 GB)
#   TRAIN_ARGS="--algorithm gbm --trees 300 --max-depth 6" HEAP=4g \
#     benchmarks/training-spark-scale.sh 200000 2000000     # another model, the same options for both trainers
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000 30000000)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
heap=${HEAP:-2g}
read -r -a train_args <<< "${TRAIN_ARGS:-}"

mvn -q -o package -DskipTests -pl model-training-spark -am >/dev/null 2>&1 \
  || mvn -q package -DskipTests -pl model-training-spark -am >/dev/null
mvn -q -o -pl model-training dependency:build-classpath -Dmdep.outputFile="$work/smile-cp.txt" >/dev/null
smile_classpath="model-training/target/classes:$(cat "$work/smile-cp.txt")"
spark_classpath="model-training-spark/target/model-training-spark-1.0.0-app.jar:$(cat model-training-spark/target/spark-classpath.txt)"
# What spark-submit passes to open Java 17's internals to Spark (the module's pom holds the same list).
read -r -a spark_opens < .mvn/jvm.config

echo "| rows | CSV size | trainer | wall time | rows/s | heap pools' peaks | most heap after a GC | result |"
echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |"
for rows in "${sizes[@]}"; do
  csv="$work/hiring-$rows.csv"
  [ -f "$csv" ] || java -cp "$smile_classpath" com.salaryml.training.GenerateCommand --rows "$rows" --seed 1 \
      --out "$csv" >/dev/null
  size=$(du -h "$csv" | cut -f1)
  for trainer in smile spark; do
    log="$work/$trainer-$rows.log"
    if [ "$trainer" = smile ]; then
      command=(java "-Xmx$heap" "-Xlog:gc:file=$log.gc" -Djava.awt.headless=true -cp "$smile_classpath"
               com.salaryml.training.TrainCommand)
    else
      command=(java "-Xmx$heap" "-Xlog:gc:file=$log.gc" "${spark_opens[@]}" -cp "$spark_classpath"
               com.salaryml.training.spark.SparkTrainCommand --master "local[*]")
    fi
    start=$(date +%s.%N)
    status=0
    "${command[@]}" --data "$csv" --out "$work/models-$trainer-$rows" --version "bench-$rows" --overwrite \
        --min-cv-r2 0 --max-cv-rmse 1e9 "${train_args[@]}" >"$log" 2>&1 || status=$?
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc)
    # G1's lines end "... 1200M->800M(2048M) 12.3ms": the largest figure after the arrow.
    live=$(grep -o -- '->[0-9]*M' "$log.gc" | tr -d '>M-' | sort -n | tail -1)
    if [ "$status" -eq 0 ]; then
      line=$(grep '^Took' "$log")
      peak=$(echo "$line" | sed 's/.*peak heap \([0-9]*\) MiB/\1 MiB/')
      rate=$(printf "%'.0f" "$(echo "$rows / $wall" | bc)")
      result="trained"
    else
      peak="–"
      rate="–"
      # The Smile trainer says so in words ("... do not fit in this JVM's heap ..."); a JVM error says it its way.
      if grep -q "OutOfMemoryError\|do not fit in this JVM's heap" "$log"; then
        result="out of memory"
      else
        result="failed (exit $status)"
      fi
    fi
    printf '| %s | %s | %s | %.1f s | %s | %s | %s MiB | %s |\n' "$rows" "$size" "$trainer" "$wall" "$rate" "$peak" \
        "${live:-–}" "$result"
  done
done
