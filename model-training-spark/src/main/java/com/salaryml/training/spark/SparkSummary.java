package com.salaryml.training.spark;

import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The features' and the target's minimum, maximum, mean and standard deviation, in one pass; the target last.
 * Shared by every Spark trainer.
 */
record SparkSummary(double[] min, double[] max, double[] means, double[] std) {

    double targetMean() {
        return means[means.length - 1];
    }

    /**
     * Each feature's statistics as the Smile trainer records them, of the rows with their gaps filled in: a number's
     * minimum, maximum, mean (kept inside the two, which rounding could leave), standard deviation and quantile
     * bins; a category's share of each level. Shared by every Spark trainer.
     *
     * @param levels  each category's count of rows per level, from {@link #levelCounts}; null for a number
     * @param missing each feature's count of missing cells that were filled in, from
     *                {@link SparkImputation#missingCounts}: its share of the rows is recorded for a feature that
     *                fills gaps, as the Smile trainer records it
     */
    static Map<String, FeatureStats> featureStats(Dataset<Row> rows, FeatureSchema features, SparkSummary summary,
                                                  long n, int bins, long[][] levels, long[] missing) {
        var stats = new LinkedHashMap<String, FeatureStats>();
        List<String> names = features.names();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            FeatureStats one = levels[j] != null ? FeatureStats.ofLevels(levels[j])
                    : new FeatureStats(summary.min()[j], summary.max()[j],
                            Math.min(summary.max()[j], Math.max(summary.min()[j], summary.means()[j])),
                            summary.std()[j], OrderStatistics.distribution(rows.select(name), n, bins));
            stats.put(name, missing[j] < 0 ? one : one.withMissingShare((double) missing[j] / n));
        }
        return stats;
    }

    /** Each category's count of rows per level (missing cells not counted), in one pass; null for a number. */
    static long[][] levelCounts(Dataset<Row> rows, FeatureSchema features) {
        var columns = new java.util.ArrayList<Column>();
        for (Feature feature : features.features()) {
            if (feature.isCategorical()) {
                for (int level = 0; level < feature.levels().size(); level++) {
                    columns.add(functions.count(functions.when(functions.col(feature.name()).equalTo(level), 1)));
                }
            }
        }
        long[][] counts = new long[features.size()][];
        if (columns.isEmpty()) {
            return counts;
        }
        Row row = rows.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new)).first();
        int at = 0;
        for (int j = 0; j < features.size(); j++) {
            Feature feature = features.features().get(j);
            if (feature.isCategorical()) {
                counts[j] = new long[feature.levels().size()];
                for (int level = 0; level < counts[j].length; level++) {
                    counts[j][level] = row.getLong(at++);
                }
            }
        }
        return counts;
    }

    static SparkSummary of(Dataset<Row> rows, List<String> features, String target) {
        var names = new ArrayList<>(features);
        names.add(target);
        var columns = new ArrayList<Column>();
        for (String name : names) {
            columns.add(functions.min(name));
            columns.add(functions.max(name));
            columns.add(functions.avg(name));
            columns.add(functions.stddev_samp(name));
        }
        Row row = rows.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new)).first();
        int m = names.size();
        double[] min = new double[m];
        double[] max = new double[m];
        double[] mean = new double[m];
        double[] std = new double[m];
        for (int j = 0; j < m; j++) {
            min[j] = row.getDouble(4 * j);
            max[j] = row.getDouble(4 * j + 1);
            mean[j] = row.getDouble(4 * j + 2);
            std[j] = row.getDouble(4 * j + 3);
        }
        return new SparkSummary(min, max, mean, std);
    }
}
